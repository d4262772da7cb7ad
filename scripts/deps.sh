#!/usr/bin/env sh
# Installs what building HiGHS (highs-sys) needs when it is missing: cmake and libclang.
# With the argument `test`, also Chromium for the report's browser test.
# Safe to run again: it does nothing when everything is present.
set -eu
missing=""
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
if ! ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/*/libclang*.so* >/dev/null 2>&1; then
  missing="$missing libclang-dev"
fi
command -v c++ >/dev/null 2>&1 || missing="$missing g++"
if [ "${1:-}" = "test" ] && ! command -v chromium >/dev/null 2>&1; then
  missing="$missing chromium"
fi
if [ -n "$missing" ]; then
  echo "Installation des dépendances de compilation :$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
