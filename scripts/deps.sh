#!/usr/bin/env sh
# Installs what building sectoria needs when it is missing, and says what it installed.
#
#   sh scripts/deps.sh        build dependencies of HiGHS (highs-sys): cmake, make, a C++
#                             compiler, and libclang (loaded by bindgen at build time)
#   sh scripts/deps.sh test   the same, plus what the tests need: Chromium (browser tests)
#                             and the test-only installs of scripts/deps-*.sh when present
#
# Each dependency is detected by what the build really uses, not by a look-alike file:
# libclang is a `libclang.so`, `libclang.so.N` or `libclang-N.so*` that bindgen (clang-sys)
# can load — `libclang-cpp.so` (preinstalled on Debian images) is another library and does not
# count. Safe to run again: it does nothing when everything is present.
# tests/fresh_machine.rs runs this script on a simulated fresh machine.
set -eu

say() { printf '%s\n' "$*"; }

# Directories where clang-sys looks for libclang (plus LIBCLANG_PATH and llvm-config).
libclang_dirs() {
  [ -n "${LIBCLANG_PATH:-}" ] && printf '%s\n' "$LIBCLANG_PATH"
  if command -v llvm-config >/dev/null 2>&1; then llvm-config --libdir 2>/dev/null || true; fi
  for d in /usr/lib/llvm-*/lib /usr/lib/*-linux-gnu /usr/lib /usr/lib64 /usr/local/lib /usr/local/llvm/lib; do
    [ -d "$d" ] && printf '%s\n' "$d"
  done
  return 0
}

has_libclang() {
  for d in $(libclang_dirs); do
    for f in "$d"/libclang.so "$d"/libclang.so.[0-9]* "$d"/libclang-[0-9]*.so*; do
      [ -e "$f" ] && return 0
    done
  done
  return 1
}

has_cxx() {
  for c in "${CXX:-}" c++ g++ clang++; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && return 0
  done
  return 1
}

has_chromium() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}

# Which Debian package provides each missing piece.
missing_packages() {
  command -v cmake >/dev/null 2>&1 || printf ' cmake'
  command -v make >/dev/null 2>&1 || printf ' make'
  has_cxx || printf ' g++'
  has_libclang || printf ' libclang-dev'
  if [ "$MODE" = "test" ]; then
    has_chromium || printf ' chromium'
  fi
  return 0
}

MODE="${1:-build}"
case "$MODE" in
  build | test) ;;
  *)
    say "Usage : sh scripts/deps.sh [test]" >&2
    exit 1
    ;;
esac

missing="$(missing_packages)"
if [ -n "$missing" ]; then
  say "Installation des dépendances manquantes :$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  still="$(missing_packages)"
  if [ -n "$still" ]; then
    say "Erreur : toujours absent après installation :$still." >&2
    say "Installez ces paquets (apt-get install$still) ou indiquez LIBCLANG_PATH, puis relancez." >&2
    exit 1
  fi
  say "Installé :$missing."
else
  say "Dépendances de compilation présentes (cmake, make, compilateur C++, libclang)."
fi

# SECTORIA_DEPS_EXTRAS=0 skips them (tests/fresh_machine.rs checks this script's own part).
if [ "$MODE" = "test" ] && [ "${SECTORIA_DEPS_EXTRAS:-1}" != 0 ]; then
  here="$(dirname "$0")"
  for extra in "$here"/deps-*.sh; do
    [ -e "$extra" ] || continue
    # A test-only install that fails does not stop the tests: the test that needs it says it
    # is skipped, and why.
    sh "$extra" || say "Avertissement : $extra a échoué ; les tests qui en dépendent seront ignorés, avec un message."
  done
fi
