#!/usr/bin/env sh
# Peers benchmark: sectoria against PuLP + CBC and highspy on the same model (issue #5).
# Usage: benches/peers/run.sh [--quick] [--build] [run.py options: --time-limit S --gap G
#        --departements 048 012 … --donnees DIR --solvers sectoria,pulp,highspy]
# Creates target/peers-venv (pip install pulp highspy), builds target/release/sectoria when it is
# missing (or with --build), then runs benches/peers/run.py. Results: target/peers/results.{md,csv}.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VENV="$ROOT/target/peers-venv"
BUILD=0
for a in "$@"; do [ "$a" = "--build" ] && BUILD=1; done
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import pulp, highspy" 2>/dev/null || "$VENV/bin/pip" install -q pulp highspy
if [ "$BUILD" = 1 ] || [ ! -x target/release/sectoria ]; then
  cargo build --release
fi
ARGS=""
for a in "$@"; do [ "$a" != "--build" ] && ARGS="$ARGS $a"; done
# shellcheck disable=SC2086
exec "$VENV/bin/python" benches/peers/run.py $ARGS
