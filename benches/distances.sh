#!/usr/bin/env sh
# Benchmark of `sectoria distances` against a real OSRM (issue 14): requests, pairs and seconds
#  1. on the demo network (data/demo/roads.osm);
#  2. on a budget-only Haute-Garonne instance (import of ../shared/data, 163 establishments, every
#     in-scope collège and lycée a candidate base) with a generated road network of that size:
#     every establishment a node, joined to its four nearest neighbours (primary, secondary or
#     tertiary by length), written by the small generator below.
# Usage: [SECTORIA_DATA=../shared/data] sh benches/distances.sh [sectoria binary, default target/release/sectoria]
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/sectoria}"
osrm="$(sh "$root/scripts/deps-osrm.sh")"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
server=""

serve() { # dir
  (cd "$1" && "$osrm/bin/osrm-extract" --small-component-size 5 -p "$osrm/share/profiles/car.lua" roads.osm >/dev/null 2>&1 \
    && "$osrm/bin/osrm-contract" roads.osrm >/dev/null 2>&1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$1" && exec "$osrm/bin/osrm-routed" --ip 127.0.0.1 --port "$port" roads.osrm >/dev/null 2>&1) &
  server=$!
  while ! python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null; do sleep 0.1; done
}

echo "== demo (121 establishments, 26 workers)"
mkdir "$work/demo"
cp "$root"/data/demo/establishments.csv "$root"/data/demo/workers.csv "$root"/data/demo/current.csv \
   "$root"/data/demo/scenario.toml "$root"/data/demo/roads.osm "$work/demo/"
serve "$work/demo"
for size in 100 50; do
  rm -f "$work/demo/distances.csv"
  "$bin" distances --instance "$work/demo" --osrm "http://127.0.0.1:$port" --max-table-size $size | head -1
done
kill "$server"; wait "$server" 2>/dev/null || true

data="${SECTORIA_DATA:-$root/../shared/data}"
if [ ! -d "$data/annuaire" ]; then
  echo "SKIPPED Haute-Garonne: $data is absent"
  exit 0
fi
echo "== Haute-Garonne, budget only (import of $data)"
"$bin" import --departement 031 --donnees "$data" --pupils-per-fte 1600 --out "$work/031" >/dev/null
rm -f "$work/031/workers.csv" "$work/031/current.csv"
python3 - "$work/031" <<'EOF'
import csv, math, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/establishments.csv", encoding="utf-8-sig"), delimiter=";"))
pts = [(float(r["lat"].replace(",", ".")), float(r["lon"].replace(",", "."))) for r in rows]
def km(a, b):
    x = (b[1] - a[1]) * 111.195 * math.cos(math.radians((a[0] + b[0]) / 2)); y = (b[0] - a[0]) * 111.195
    return math.hypot(x, y)
edges = set()
for i, p in enumerate(pts):
    near = sorted((km(p, q), j) for j, q in enumerate(pts) if j != i and km(p, q) > 0.05)[:4]
    for _, j in near:
        edges.add((min(i, j), max(i, j)))
with open(f"{d}/roads.osm", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="sectoria-bench">\n')
    for i, (la, lo) in enumerate(pts):
        f.write(f'  <node id="{i + 1}" version="1" lat="{la:.6f}" lon="{lo:.6f}"/>\n')
    for w, (i, j) in enumerate(sorted(edges)):
        l = km(pts[i], pts[j]); cls = "primary" if l > 15 else "secondary" if l > 6 else "tertiary"
        f.write(f'  <way id="{w + 1}" version="1"><nd ref="{i + 1}"/><nd ref="{j + 1}"/><tag k="highway" v="{cls}"/></way>\n')
    f.write("</osm>\n")
print(f"generated network: {len(pts)} nodes, {len(edges)} roads")
EOF
serve "$work/031"
for size in 100 50; do
  rm -f "$work/031/distances.csv"
  "$bin" distances --instance "$work/031" --osrm "http://127.0.0.1:$port" --max-table-size $size | head -1
done
