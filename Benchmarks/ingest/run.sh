#!/usr/bin/env bash
# Ingest benchmark: conservator ingest against exiftool (metadata) and sha256sum (hashing), same files, one run.
#
# Corpus (generated once under Benchmarks/work/, reused afterwards; delete the folder to regenerate):
#   jpeg/  1,000 JPEGs, 640x480, about 50 EXIF/GPS/Interop tags each (written by exiftool)
#   tiff/  10 TIFFs, 6000x4000, 16-bit RGB, LZW (written by ImageMagick)
# Every tool reads from a warm page cache (each corpus is read once before timing). Each timing is the
# median of RUNS runs (default 3). conservator ingests into a fresh catalog each run ("first ingest":
# hash + full decode + metadata + catalog), then again into the same catalog ("re-ingest": the bytes
# are known, so only hashing and the duplicate lookup remain — this is conservator's hashing speed).
#
# Usage: Benchmarks/ingest/run.sh   (or: make bench-ingest)      env: RUNS (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
WORK=Benchmarks/work
scripts/bootstrap.sh --with-tools
swift build -c release >/dev/null
BIN="$(swift build -c release --show-bin-path)/conservator"

make_corpus() {
  mkdir -p "$WORK/jpeg" "$WORK/tiff"
  if [[ ! -f "$WORK/jpeg/.done" ]]; then
    echo "generating 1,000 JPEGs with ~50 tags each..." >&2
    local template="$WORK/template.jpg"
    convert -size 640x480 -seed 7 plasma:steelblue-wheat -quality 88 "$template"
    exiftool -q -overwrite_original \
      -Make=Hasselblad -Model="X2D 100C" -Software="Phocus 3.8" -Artist="Digitization Lab" \
      -Copyright="(c) Example Museum" -ImageDescription="Glass plate negative, harbour view" \
      -XResolution=600 -YResolution=600 -ResolutionUnit=inches -Orientation#=1 -YCbCrPositioning#=1 \
      -ModifyDate="2026:03:14 10:11:12" -HostComputer="scan-station-2" -DocumentName="Accession 1923.4" \
      -PageName="plate 12" -ExposureTime=0.008 -FNumber=8 -ExposureProgram#=1 -ISO=100 \
      -SensitivityType#=2 -ExifVersion=0232 -DateTimeOriginal="2026:03:14 10:11:12" \
      -CreateDate="2026:03:14 10:11:12" -OffsetTime="+01:00" -OffsetTimeOriginal="+01:00" \
      -ShutterSpeedValue=0.008 -ApertureValue=8 -BrightnessValue=5.5 -ExposureCompensation=0 \
      -MaxApertureValue=2.8 -SubjectDistance=1.2 -MeteringMode#=5 -LightSource#=21 -Flash#=16 \
      -FocalLength=80 -SubSecTimeOriginal=123 -SubSecTimeDigitized=123 -ColorSpace#=1 \
      -ExifImageWidth=640 -ExifImageHeight=480 -FocalPlaneXResolution=3000 -FocalPlaneYResolution=3000 \
      -FocalPlaneResolutionUnit#=3 -SensingMethod#=2 -CustomRendered#=0 -ExposureMode#=1 \
      -WhiteBalance#=1 -DigitalZoomRatio=1 -FocalLengthIn35mmFormat=63 -SceneCaptureType#=0 \
      -Contrast#=0 -Saturation#=0 -Sharpness#=0 -BodySerialNumber=SN123456 -LensMake=Hasselblad \
      -LensModel="XCD 80mm F1.9" -LensSerialNumber=LN98765 -UserComment="reference scan" \
      -GPSVersionID=2.3.0.0 -GPSLatitude=59.3293 -GPSLatitudeRef=N -GPSLongitude=18.0686 \
      -GPSLongitudeRef=E -GPSAltitude=12 -GPSAltitudeRef#=0 -GPSTimeStamp=09:11:12 -GPSDateStamp=2026:03:14 \
      -GPSMapDatum=WGS-84 -InteropIndex=R98 -InteropVersion=0100 "$template"
    for i in $(seq -w 1 1000); do cp "$template" "$WORK/jpeg/scan-$i.jpg"; done
    # Distinct bytes per file, so no run is a dedupe shortcut: a unique ID from the file name.
    exiftool -q -overwrite_original '-ImageUniqueID<${filename;s/\D//g}' "$WORK/jpeg" >/dev/null
    touch "$WORK/jpeg/.done"
  fi
  if [[ ! -f "$WORK/tiff/.done" ]]; then
    echo "generating 10 TIFFs 6000x4000 16-bit LZW..." >&2
    for i in $(seq 1 10); do
      convert -size 6000x4000 -seed "$i" gradient:"rgb(20%,30%,40%)-rgb(90%,80%,60%)" \
        -attenuate 0.25 +noise Gaussian -depth 16 -compress lzw "$WORK/tiff/master-$i.tif"
    done
    touch "$WORK/tiff/.done"
  fi
}

now() { date +%s.%N; }
# median_seconds CMD... : runs CMD RUNS times, prints the median wall time.
median_seconds() {
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    local t0; t0=$(now); "$@" >/dev/null 2>&1 || true; local t1; t1=$(now)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ingest_fresh() { rm -f "$WORK/bench.db"*; "$BIN" ingest --catalog "$WORK/bench.db" "$1"; }
ingest_again() { "$BIN" ingest --catalog "$WORK/bench.db" "$1"; }

report() {  # report NAME DIR
  local name=$1 dir=$2
  local files bytes
  files=$(find "$dir" -type f ! -name '.*' | wc -l)
  bytes=$(find "$dir" -type f ! -name '.*' -printf '%s\n' | awk '{s+=$1} END {print s}')
  cat "$dir"/* >/dev/null  # warm the page cache for every tool alike
  local t_first t_again t_exif t_sha
  t_first=$(median_seconds ingest_fresh "$dir")
  ingest_fresh "$dir" >/dev/null 2>&1 || true
  t_again=$(median_seconds ingest_again "$dir")
  t_exif=$(median_seconds exiftool -json -G1 -a "$dir")
  t_sha=$(median_seconds sh -c "sha256sum '$dir'/* ")
  python3 - "$name" "$files" "$bytes" "$t_first" "$t_again" "$t_exif" "$t_sha" <<'PY'
import sys
name, files, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
first, again, exif, sha = map(float, sys.argv[4:8])
def row(label, t): print(f"  {label:<34} {t:8.3f} s  {files / t:9.1f} files/s  {size / t / 1e6:9.1f} MB/s")
print(f"{name}: {files} files, {size / 1e6:.1f} MB")
row("conservator ingest (first)", first)
row("conservator ingest (re-ingest)", again)
row("exiftool -json -G1 -a", exif)
row("sha256sum", sha)
print(f"  ratio files/s, first ingest / exiftool:   {exif / first:6.2f}x")
print(f"  ratio MB/s, re-ingest (hashing) / sha256sum: {sha / again:6.2f}x")
PY
}

make_corpus
echo "conservator $("$BIN" --version), exiftool $(exiftool -ver), $(sha256sum --version | head -1); median of $RUNS runs"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
report "JPEG corpus" "$WORK/jpeg"
report "TIFF corpus" "$WORK/tiff"
