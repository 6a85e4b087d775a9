#!/usr/bin/env bash
# The web interface under load: `conservator serve` (release build) on the synthetic catalog of N originals
# that Benchmarks/query uses (default 100,000), and wrk on loopback against the pages a curator opens most,
# signed in. Prints requests/s and p50/p95/p99 latency per page (Benchmarks/web/percentiles.lua).
# The catalog has no image files, so previews and thumbnails are not measured here.
#
# Usage: Benchmarks/web/run.sh [N]      DURATION=30s CONNECTIONS=8 Benchmarks/web/run.sh
#        CONFIG=debug Benchmarks/web/run.sh   (the debug build: slower, for a machine without time for release)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-18080}
CONFIG=${CONFIG:-release}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (scripts/bootstrap.sh --with-tools)" >&2; exit 1; }
swift build -c "$CONFIG" >/dev/null
BIN="$(swift build -c "$CONFIG" --show-bin-path)/conservator"
DB=$(Benchmarks/query/catalog.sh "$BIN" "$N")
WORK=$(dirname "$DB")
PASSWORD=benchmark-password
if ! printf '%s\n' "$PASSWORD" | "$BIN" users add bench --role viewer --catalog "$DB" >/dev/null 2>&1; then
  printf '%s\n' "$PASSWORD" | "$BIN" users passwd bench --catalog "$DB" >/dev/null
fi
"$BIN" serve --catalog "$DB" --root "$WORK" --listen "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill -TERM $SERVER; wait $SERVER' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/sign-in" && break; sleep 0.2; done

JAR=$WORK/cookies
rm -f "$JAR"
curl -s -c "$JAR" -o /dev/null "http://127.0.0.1:$PORT/sign-in"
TOKEN=$(awk '$6 == "conservator_csrf" {print $7}' "$JAR")
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data "csrf=$TOKEN&name=bench&password=$PASSWORD" "http://127.0.0.1:$PORT/sign-in"
COOKIE=$(awk '$6 ~ /^conservator_/ {printf "%s=%s; ", $6, $7}' "$JAR")
RUN=$(sqlite3 "$DB" "SELECT id FROM runs ORDER BY id LIMIT 1" 2>/dev/null || echo 1)

echo "conservator serve ($CONFIG build), $N originals, wrk -t2 -c$CONNECTIONS -d$DURATION on loopback"
for page in "/" "/search" "/search?ai-altered=yes" "/search?model=inpaint-unet%402&page=3" "/originals/1" "/runs/$RUN"; do
  status=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$page")
  printf "%-42s %s  " "$page" "$status"
  # warm the server's reader connections and the page cache first, as every benchmark here does
  wrk -t2 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$page" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s Benchmarks/web/percentiles.lua -H "Cookie: $COOKIE" \
    "http://127.0.0.1:$PORT$page" | tail -1
done
