#!/usr/bin/env sh
# National run, two builds compared (issue 16): `sectoria national` with the binaries OLD and
# NEW, PAIRS times (interleaved, so that both see the same machine, and in turn first: use an
# even number of pairs), at gap GAP (default 0.0001), time limit LIMIT seconds (default 20),
# THREADS départements at a time (default 2), on the départements DEPS (default: all). Runs of
# one binary spread by 10 % or more on a shared machine, so the comparison is per département:
# the median of its solve times over each build's runs, summed over the départements that
# finished before the limit in every run.
# Prints, per run, the wall time, the sum of solve times and how many départements were proven
# within GAP, proven optimal (gap ≤ 1e-6) and stopped by the limit; then the sums of medians,
# how many départements got faster or slower by more than 0.05 s, the largest changes, and the
# plans and gaps NEW's last run has worse than OLD's last run.
# Usage: benches/national.sh OLD NEW [PAIRS] [DONNEES]   (GAP, LIMIT, THREADS, DEPS from the
# environment; results under target/bench-national/)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ $# -lt 2 ]; then
  echo "Usage : benches/national.sh ANCIEN NOUVEAU [PAIRES] [DONNEES]" >&2
  exit 1
fi
OLD=$1
NEW=$2
PAIRS=${3:-2}
DATA=${4:-../shared/data}
GAP=${GAP:-0.0001}
LIMIT=${LIMIT:-20}
THREADS=${THREADS:-2}
if [ ! -d "$DATA/colleges" ]; then
  echo "Données absentes ($DATA) : rien à mesurer." >&2
  exit 0
fi
WORK=target/bench-national
rm -rf "$WORK"
mkdir -p "$WORK"
run() { # BIN OUT
  set -- "$1" "$2" --donnees "$DATA" --threads "$THREADS" --gap "$GAP" --time-limit "$LIMIT"
  BIN=$1
  OUT=$2
  shift 2
  [ -n "${DEPS:-}" ] && set -- "$@" --departements "$DEPS"
  START=$(date +%s.%N)
  "$BIN" national "$@" --out "$OUT" --force > "$OUT.log" 2>&1
  END=$(date +%s.%N)
  echo "$START:$END" > "$OUT.wall"
}
P=1
while [ "$P" -le "$PAIRS" ]; do
  # Odd pairs run OLD first, even pairs NEW first: the run second in a pair was about 10 %
  # faster throughout session 25, whichever build it was.
  if [ $((P % 2)) -eq 1 ]; then
    run "$OLD" "$WORK/old-$P"
    run "$NEW" "$WORK/new-$P"
  else
    run "$NEW" "$WORK/new-$P"
    run "$OLD" "$WORK/old-$P"
  fi
  P=$((P + 1))
done
python3 - "$WORK" "$PAIRS" <<'PY'
import csv, os, statistics, sys
work, pairs = sys.argv[1], int(sys.argv[2])

def load(d):
    rows = {}
    with open(f"{d}/national.csv", encoding="utf-8-sig") as f:
        lines = list(csv.reader(f, delimiter=";"))
    head = lines[0]
    col = {name: k for k, name in enumerate(head)}
    num = lambda x: float(x.replace(",", ".")) if x else float("nan")
    for r in lines[1:]:
        if not r or not r[0]:
            continue
        rows[r[0]] = dict(
            name=r[col["Nom"]],
            status=r[col["Statut"]],
            gap=num(r[col["Écart prouvé (%)"]]),
            obj=num(r[col["Objectif"]]),
            t=num(r[col["Résolution (s)"]]),
            check=r[col["Vérification"]],
        )
    return rows

def wall(d):
    a, b = open(f"{d}.wall").read().strip().split(":")
    return float(b) - float(a)

gap = float(os.environ.get("GAP", "0.0001")) * 100
runs = {b: [f"{work}/{b}-{p}" for p in range(1, pairs + 1)] for b in ("old", "new")}
data = {b: [load(d) for d in ds] for b, ds in runs.items()}
print("run\twall (s)\tsolve (s)\tproven\toptimal\tlimit\tchecked")
for b, ds in runs.items():
    for d, rows in zip(ds, data[b]):
        v = rows.values()
        print(
            f"{d.rsplit('/', 1)[1]}\t{wall(d):.1f}\t{sum(r['t'] for r in v):.1f}"
            f"\t{sum(r['gap'] <= gap + 1e-9 for r in v)}/{len(rows)}\t{sum(r['gap'] <= 1e-4 for r in v)}"
            f"\t{sum('limite' in r['status'] for r in v)}\t{sum(r['check'] == 'conforme' for r in v)}"
        )
every = [r for b in data for r in data[b]]
done = [k for k in every[0] if all(k in r and "limite" not in r[k]["status"] for r in every)]
med = {b: {k: statistics.median(r[k]["t"] for r in data[b]) for k in done} for b in data}
faster = [k for k in done if med["new"][k] < med["old"][k] - 0.05]
slower = [k for k in done if med["new"][k] > med["old"][k] + 0.05]
print(
    f"{len(done)} départements finished in every run: sum of medians {sum(med['old'].values()):.1f} s (old),"
    f" {sum(med['new'].values()):.1f} s (new); {len(faster)} faster, {len(slower)} slower"
)
order = sorted(done, key=lambda k: med["new"][k] - med["old"][k])
for k in order if len(order) <= 10 else order[:5] + order[-5:]:
    print(f"  {k} {every[0][k]['name']}: {med['old'][k]:.2f} → {med['new'][k]:.2f} s")
old, new = data["old"][-1], data["new"][-1]
worse = [k for k in old if k in new and new[k]["obj"] < old[k]["obj"] - 1e-6]
looser = [k for k in old if k in new and new[k]["gap"] > old[k]["gap"] + 1e-9]
print(f"last runs: {len(worse)} worse plans, {len(looser)} larger gaps (new against old)")
for k in sorted(set(worse) | set(looser)):
    print(f"  {k} {old[k]['name']}: {old[k]['obj']:.1f} ({old[k]['gap']:.3f} %) → {new[k]['obj']:.1f} ({new[k]['gap']:.3f} %)")
PY
