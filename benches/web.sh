#!/usr/bin/env sh
# `sectoria serve` where a person waits (issue #15), on the demo, release build:
#   - idle resident memory of the server (VmRSS from /proc, after start and after the runs);
#   - click on « Planifier » → updated map (median of RUNS replans, 1.5 s between a map drawn
#     and the next click; PAUSE_MS=0 for clicks in a row), in headless chromium, with where
#     the wait goes (POST answered, server planning, run announced, plan.json read, drawn);
#   - page loads (median of 11) and click on an establishment → explanation shown.
# Usage: benches/web.sh [RUNS]   (default 11; needs `sh scripts/deps-web.sh`)
#        BIN=target/debug/sectoria benches/web.sh   (another binary, e.g. to profile a change)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${1:-11}
BIN=${BIN:-target/release/sectoria}
[ "$BIN" != target/release/sectoria ] || [ -x "$BIN" ] || cargo build --release --bin sectoria
sh scripts/deps-web.sh >/dev/null
WORK=$(mktemp -d)
OUT="$WORK/serve.out"
"$BIN" serve --workspace "$WORK/espace" --port 0 >"$OUT" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
until grep -q "http://" "$OUT" 2>/dev/null; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "le serveur ne démarre pas" >&2; exit 1; }; sleep 0.1
done
URL=$(grep -o 'http://[0-9.:]*' "$OUT" | head -1)
sleep 1
echo "RSS au repos après démarrage : $(awk '/VmRSS/ {print $2, $3}' /proc/$PID/status)"
echo "charge avant : $(cut -d' ' -f1-3 /proc/loadavg)"
(cd tests/browser && BASE_URL="$URL" RUNS="$RUNS" node bench.mjs)
echo "charge après : $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 2
echo "RSS au repos après $RUNS planifications : $(awk '/VmRSS/ {print $2, $3}' /proc/$PID/status)"
