#!/usr/bin/env sh
# Installs OSRM's command-line tools (osrm-extract, osrm-contract, osrm-routed) from PyPI's
# `osrm-bindings` package, which needs Python >= 3.12 (pyenv's 3.12 or 3.13 when present).
# Used by the OSRM integration test (tests/osrm_routed.rs) and to rebuild data/demo/distances.csv.
# Safe to run again: does nothing when the package is present. Prints, on its last line, the
# package's directory (bin/ holds the tools, share/profiles/car.lua the car profile).
set -eu
python=""
candidates="${SECTORIA_OSRM_PYTHON:-}"
if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root)"
  for v in "$root"/versions/3.1[2-9]*/bin/python; do
    [ -x "$v" ] && candidates="$candidates $v"
  done
fi
candidates="$candidates python3.13 python3.12 python3"
for p in $candidates; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    python="$p"
    break
  fi
done
if [ -z "$python" ]; then
  echo "deps-osrm: aucun Python >= 3.12 trouvé (osrm-bindings en a besoin) ; installez-en un (pyenv install 3.12)" >&2
  exit 1
fi
locate() {
  "$python" -c 'import importlib.util, os, sys; s = importlib.util.find_spec("osrm"); sys.exit(1) if s is None or not s.submodule_search_locations else print(list(s.submodule_search_locations)[0])' 2>/dev/null
}
dir="$(locate || true)"
if [ -z "$dir" ] || [ ! -x "$dir/bin/osrm-routed" ]; then
  echo "deps-osrm: installation d'osrm-bindings (PyPI) pour $python" >&2
  "$python" -m pip install --quiet osrm-bindings >&2
  dir="$(locate)"
fi
[ -x "$dir/bin/osrm-routed" ] && [ -f "$dir/share/profiles/car.lua" ] || {
  echo "deps-osrm: osrm-bindings installé mais osrm-routed ou car.lua introuvable dans $dir" >&2
  exit 1
}
echo "$dir"
