#!/usr/bin/env sh
# Same formulation, several seeds: sectoria's compact model (`[solver] method = "compact"`)
# against highspy on the instances both finish (issue #5). A single run of a MIP is one draw of
# HiGHS's branch and bound; the median over seeds 0..N-1 compares the engines' layers fairly.
# Needs the scenarios and instances written by `benches/peers/run.sh` (run it first).
# Usage: benches/peers/seeds.sh [N] [INSTANCES…]      (defaults: 5, demo 012 048)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
N=${1:-5}
[ $# -gt 0 ] && shift
LIST=${*:-demo 012 048}
PY=target/peers-venv/bin/python
W=target/peers/seeds
mkdir -p "$W"
printf 'instance\tseed\tsectoria-compact (s)\thighspy (s)\n'
for I in $LIST; do
  if [ "$I" = demo ]; then DIR=data/demo; else DIR=target/peers/instances/$I; fi
  [ -f "target/peers/scenarios/$I-compact.toml" ] || { echo "lancez d'abord benches/peers/run.sh ($I manquant)" >&2; exit 1; }
  s=0
  while [ "$s" -lt "$N" ]; do
    sed "s/^seed = .*/seed = $s/" "target/peers/scenarios/$I-compact.toml" > "$W/$I-compact-$s.toml"
    sed "s/^seed = .*/seed = $s/" "target/peers/scenarios/$I.toml" > "$W/$I-$s.toml"
    T0=$(date +%s.%N)
    target/release/sectoria plan --instance "$DIR" --scenario "$W/$I-compact-$s.toml" --out "$W/out-$I" --force >/dev/null 2>&1
    T1=$(date +%s.%N)
    "$PY" benches/peers/model.py --instance "$DIR" --scenario "$W/$I-$s.toml" --backend highspy --out "$W/$I-h.json" >/dev/null 2>&1
    T2=$(date +%s.%N)
    python3 -c "import sys; a,b,c=map(float,sys.argv[1:]); print(f'$I\t$s\t{b-a:.2f}\t{c-b:.2f}')" "$T0" "$T1" "$T2"
    s=$((s + 1))
  done
done | tee "$W/seeds.tsv"
python3 - "$W/seeds.tsv" <<'PY'
import sys, statistics, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
by = collections.defaultdict(lambda: ([], []))
for inst, _, a, b in rows:
    by[inst][0].append(float(a)); by[inst][1].append(float(b))
for inst, (a, b) in by.items():
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{inst}: median sectoria-compact {ma:.2f} s (min {min(a):.2f}, max {max(a):.2f}), "
          f"highspy {mb:.2f} s (min {min(b):.2f}, max {max(b):.2f}), highspy/sectoria-compact {mb / ma:.2f}")
PY
