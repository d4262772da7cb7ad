#!/usr/bin/env sh
# Time to a proven gap (issue 16): the demo and the five real départements of
# benches/departements.sh (annuaire import, budget-only at 1 ETP per 1,600 pupils), at the gaps
# GAPS (default "0.005 0.001 0.0001"), RUNS runs each (default 3), time limit LIMIT seconds
# (default 60). Prints one line per instance and gap: median, min and max wall time of
# `sectoria plan` (read, solve, check, write), status, proven gap (%), branch-and-price nodes,
# columns (sectors generated), objective, bound.
# Usage: benches/exact.sh [RUNS] [DONNEES]   (GAPS, LIMIT and SECTORIA_BIN from the environment;
# default binary target/release/sectoria, built when missing)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${1:-3}
DATA=${2:-../shared/data}
GAPS=${GAPS:-0.005 0.001 0.0001}
LIMIT=${LIMIT:-60}
BIN=${SECTORIA_BIN:-target/release/sectoria}
[ -x "$BIN" ] || cargo build --release --bin sectoria
WORK=target/bench-exact
mkdir -p "$WORK"
printf 'instance\tgap asked\tmedian (s)\tmin (s)\tmax (s)\tstatus\tproven gap (%%)\tnodes\tcolumns\tobjective\tbound\n'
. "$ROOT/benches/lib.sh"
one() { # NAME INSTANCE_DIR BASE_SCENARIO
  for G in $GAPS; do
    SCN="$WORK/$1-$G.toml"
    with_solver "$3" "$LIMIT" "$G" > "$SCN"
    OUT="$WORK/out-$1-$G"
    TIMES=$(timed_plans "$BIN" "$RUNS" "$2" "$SCN" "$OUT")
    python3 - "$OUT/plan.json" "$1" "$G" $TIMES <<'PY'
import json, statistics, sys
plan, name, g, *times = sys.argv[1:]
t = sorted(float(b) - float(a) for a, b in (x.split(":") for x in times))
try:
    s = json.load(open(plan, encoding="utf-8"))["solver"]
except OSError:
    print(f"{name}\t{g}\t{statistics.median(t):.2f}\t{t[0]:.2f}\t{t[-1]:.2f}\tno plan")
    sys.exit(0)
print(f"{name}\t{float(g):g}\t{statistics.median(t):.2f}\t{t[0]:.2f}\t{t[-1]:.2f}\t{s['status']}"
      f"\t{100 * s['relative_gap']:.4f}\t{s.get('nodes', '')}\t{s['variables']}\t{s['objective']:.1f}\t{s['best_bound']:.1f}")
PY
  done
}
one demo data/demo data/demo/scenario.toml
if [ ! -d "$DATA/annuaire" ]; then
  echo "Données absentes ($DATA) : départements non mesurés." >&2
  exit 0
fi
for D in ${DEPS:-012 031 034 048 066}; do
  INST="$WORK/$D"
  import_departement "$BIN" "$DATA" "$D" "$INST"
  one "$D" "$INST" "$INST/scenario.toml"
done
