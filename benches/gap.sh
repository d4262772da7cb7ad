#!/usr/bin/env sh
# Time to a proven gap of 0.5 %, 0.1 % and 0.01 % (issue 13): the demo (data/demo) and the five
# real départements of benches/departements.sh (budget-only, 1 ETP per 1,600 pupils), one run
# each, time limit 120 s. Prints one line per instance and gap: wall time of `sectoria plan`,
# status, proven gap (%), tolerance in objective points (bound − objective).
# Usage: benches/gap.sh [DONNEES]   (default ../shared/data; SECTORIA_BIN overrides the binary,
# default target/release/sectoria, built when missing)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DATA=${1:-../shared/data}
BIN=${SECTORIA_BIN:-target/release/sectoria}
[ -x "$BIN" ] || cargo build --release
WORK=target/bench-gap
mkdir -p "$WORK"
printf 'instance\tgap asked\ttime (s)\tstatus\tproven gap (%%)\ttolerance (points)\tobjective\n'
one() { # NAME INSTANCE_DIR BASE_SCENARIO
  for G in 0.005 0.001 0.0001; do
    SCN="$WORK/$1-$G.toml"
    # The base scenario's [solver] table, if any, is dropped and replaced.
    { awk '/^\[/{skip = ($0 == "[solver]")} !skip' "$3"; printf '\n[solver]\ntime_limit_s = 120\nrelative_gap = %s\n' "$G"; } > "$SCN"
    OUT="$WORK/out-$1-$G"
    rm -rf "$OUT"
    T0=$(date +%s.%N)
    "$BIN" plan --instance "$2" --scenario "$SCN" --out "$OUT" >/dev/null 2>&1 || true
    T1=$(date +%s.%N)
    python3 - "$OUT/plan.json" "$1" "$G" "$T0" "$T1" <<'PY'
import json, sys
plan, name, g, t0, t1 = sys.argv[1:]
try:
    s = json.load(open(plan, encoding="utf-8"))["solver"]
except OSError:
    print(f"{name}\t{g}\t{float(t1) - float(t0):.2f}\tno plan\t\t\t")
    sys.exit(0)
print(f"{name}\t{100 * float(g):g} %\t{float(t1) - float(t0):.2f}\t{s['status']}\t{100 * s['relative_gap']:.4f}"
      f"\t{s['best_bound'] - s['objective']:.1f}\t{s['objective']:.1f}")
PY
  done
}
one demo data/demo data/demo/scenario.toml
if [ ! -d "$DATA/annuaire" ]; then
  echo "Données absentes ($DATA) : départements non mesurés." >&2
  exit 0
fi
for D in 012 031 034 048 066; do
  INST="$WORK/$D"
  rm -rf "$INST"
  "$BIN" import --departement "$D" --donnees "$DATA" --pupils-per-fte 1600 --out "$INST" >/dev/null
  one "$D" "$INST" "$INST/scenario.toml"
done
