#!/usr/bin/env sh
# Real départements of ../shared/data, budget-only at 1 ETP per 1,600 pupils (issue #5):
# `sectoria import` then `sectoria plan` at gap 0.5 % (time limit 120 s), RUNS times each.
# Prints one line per département: median, min and max wall time of `sectoria plan` (read,
# solve, check, write), status, proven gap, objective, the rule of thumb's objective, weighted
# coverage of the plan and of the rule of thumb. Usage:
#   benches/departements.sh [RUNS] [DONNEES]      (defaults: 3, ../shared/data)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${1:-3}
DATA=${2:-../shared/data}
if [ ! -d "$DATA/annuaire" ]; then
  echo "Données absentes ($DATA) : rien à mesurer." >&2
  exit 0
fi
[ -x target/release/sectoria ] || cargo build --release
WORK=target/bench-departements
mkdir -p "$WORK"
printf 'dép.\tétabl.\tETP\tmédiane (s)\tmin (s)\tmax (s)\tstatut\técart (%%)\tobjectif\tobjectif règle usuelle\tcouverture pondérée (%%)\tcouverture règle usuelle (%%)\n'
. "$ROOT/benches/lib.sh"
for D in 012 031 034 048 066; do
  INST="$WORK/$D"
  rm -rf "$INST"
  import_departement target/release/sectoria "$DATA" "$D" "$INST"
  SCN="$WORK/$D.toml"
  with_solver "$INST/scenario.toml" 120 0.005 > "$SCN"
  OUT="$WORK/out-$D"
  TIMES=$(timed_plans target/release/sectoria "$RUNS" "$INST" "$SCN" "$OUT")
  python3 - "$OUT/plan.json" "$INST/establishments.csv" "$INST/scenario.toml" "$D" $TIMES <<'PY'
import json, statistics, sys, re
plan, est, scn, dep, *times = sys.argv[1:]
t = sorted(float(b) - float(a) for a, b in (x.split(":") for x in times))
p = json.load(open(plan, encoding="utf-8"))
s = p["solver"]
rule = p["baseline"]
n = sum(1 for _ in open(est, encoding="utf-8-sig")) - 1
fte = re.search(r"total_fte\s*=\s*([0-9.]+)", open(scn, encoding="utf-8").read()).group(1)
print(f"{dep}\t{n}\t{fte}\t{statistics.median(t):.2f}\t{t[0]:.2f}\t{t[-1]:.2f}\t{s['status']}\t{100 * s['relative_gap']:.3f}"
      f"\t{s['objective']:.1f}\t{rule['objective']['total']:.1f}\t{100 * p['kpis']['weighted_coverage']:.1f}"
      f"\t{100 * rule['kpis']['weighted_coverage']:.1f}")
PY
done
