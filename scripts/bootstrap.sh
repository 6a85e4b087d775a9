#!/usr/bin/env bash
# Installs the Debian packages Conservator builds against, when they are missing. Idempotent: a second run
# installs nothing. Run as root (or with sudo available). Swift itself must already be on PATH.
set -euo pipefail

packages=(
  libtiff-dev libpng-dev libjpeg62-turbo-dev libexif-dev libopenblas-dev libsqlite3-dev zlib1g-dev pkg-config
  # the export tests: xmllint validates premis.xml against the PREMIS 3 schema, headless Chromium renders index.html
  libxml2-utils chromium-headless-shell
  # the web interface's browser test: Chromium driven by Selenium through chromedriver
  chromium chromium-driver
  # the pipeline and metadata tests read derivatives' XMP back with ExifTool
  libimage-exiftool-perl
  # GNU time measures a child's peak memory in the 24 MP colorization test
  time
  # the PostgreSQL catalog's tests start a throwaway server (initdb, pg_ctl) as the postgres system user
  postgresql
)
# Extra tools the benchmarks need.
if [[ "${1:-}" == "--with-tools" ]]; then
  packages+=(imagemagick bc wrk)
fi

# Selenium (PyPI) drives the browser test's Chromium.
if ! python3 -c "import selenium" 2>/dev/null; then
  echo "bootstrap: installing selenium (PyPI)" >&2
  python3 -m pip install -q selenium >&2
fi

# The export tests check bags with bagit-python and PRONOM identifiers with fido (both PyPI).
if ! command -v bagit.py >/dev/null || ! command -v fido >/dev/null; then
  echo "bootstrap: installing bagit and opf-fido (PyPI)" >&2
  python3 -m pip install -q bagit opf-fido >&2
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
