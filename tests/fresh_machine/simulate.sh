#!/bin/sh
# Runs a set-up script on a simulated fresh machine of the project's kind. Must run as root
# inside a private mount namespace (`unshare -m --propagation private`): nothing here is seen
# outside it, and it all disappears with the namespace.
#
# What a fresh machine lacks is hidden, not removed: libclang's shared objects (but not
# libclang-cpp, which fresh images do have), cmake, Chromium — each by an overlay mount whose
# upper layer holds whiteouts — and their packages in dpkg's status file (a filtered copy bound
# over it). apt-get and sudo are stubs first on PATH: apt-get records what it is asked and
# "installs" a package by bringing back what was hidden for it (copied from a view of the
# original directory into the overlay), so that a script asking for the right packages
# succeeds and one asking for the wrong ones fails its own re-check.
#
# Usage: simulate.sh SCRIPT [ARGS…]; prints SCRIPT's output, `APT-GET: <args>` per recorded
# call, `EXIT: <status>` of SCRIPT, then what the machine has afterwards: `AFTER: cmake yes|no`,
# `AFTER: libclang yes|no` (a shared object bindgen loads), `AFTER: chromium yes|no`.
set -eu
script="$1"
shift

work="$(mktemp -d)"
mount -t tmpfs tmpfs "$work"
mkdir -p "$work/bin" "$work/layers"
calls="$work/apt-get.calls"
: >"$calls"
hidden="$work/hidden" # lines: package original-view directory file
: >"$hidden"
cat >"$work/bin/apt-get" <<STUB
#!/bin/sh
printf '%s\n' "\$*" >>"$calls"
[ "\$1" = install ] || exit 0
for package in "\$@"; do
  while read -r p view dir file; do
    [ "\$p" = "\$package" ] && cp -a "\$view/\$file" "\$dir/\$file"
  done <"$hidden"
done
exit 0
STUB
cat >"$work/bin/sudo" <<'STUB'
#!/bin/sh
exec "$@"
STUB
chmod +x "$work/bin/apt-get" "$work/bin/sudo"

# hide PACKAGE DIR FILE…: an overlay over DIR whose upper layer whites out each FILE (a
# basename); DIR's original content stays readable in a view for the apt-get stub.
layer=0
hide() {
  package="$1"
  dir="$2"
  shift 2
  [ "$#" -gt 0 ] || return 0
  layer=$((layer + 1))
  upper="$work/layers/$layer/upper"
  view="$work/layers/$layer/view"
  mkdir -p "$upper" "$work/layers/$layer/work" "$view"
  mount --bind "$dir" "$view"
  for f in "$@"; do
    mknod "$upper/$f" c 0 0
    printf '%s %s %s %s\n' "$package" "$view" "$dir" "$f" >>"$hidden"
  done
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$upper,workdir=$work/layers/$layer/work" "$dir"
}

# libclang in every directory clang-sys searches; libclang-cpp stays.
for dir in /usr/lib/llvm-*/lib /usr/lib/*-linux-gnu /usr/lib /usr/lib64 /usr/local/lib; do
  [ -d "$dir" ] || continue
  names=""
  for f in "$dir"/libclang.so* "$dir"/libclang-[0-9]*.so*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    names="$names $(basename "$f")"
  done
  # shellcheck disable=SC2086 # one word per file name
  hide libclang-dev "$dir" $names
done

# Programs: cmake and Chromium, wherever PATH finds them.
for entry in cmake:cmake chromium:chromium chromium-browser:chromium; do
  program="${entry%%:*}"
  package="${entry#*:}"
  while path="$(command -v "$program" 2>/dev/null)" && [ -n "$path" ]; do
    hide "$package" "$(dirname "$path")" "$(basename "$path")"
  done
done

# dpkg's status without those packages.
awk 'BEGIN { RS = ""; ORS = "\n\n" }
     !/^Package: (cmake|cmake-data|libclang-dev|libclang-[0-9.]+-dev|libclang1-[0-9.]+|chromium|chromium-common)\n/' \
  /var/lib/dpkg/status >"$work/status"
mount --bind "$work/status" /var/lib/dpkg/status

unset LIBCLANG_PATH
status=0
PATH="$work/bin:$PATH" sh "$script" "$@" 2>&1 || status=$?
while IFS= read -r line; do printf 'APT-GET: %s\n' "$line"; done <"$calls"
printf 'EXIT: %s\n' "$status"
yes_no() { if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }
has_libclang() {
  for f in /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* \
    /usr/lib/*-linux-gnu/libclang.so* /usr/lib/*-linux-gnu/libclang-[0-9]*.so*; do
    [ -e "$f" ] && return 0
  done
  return 1
}
printf 'AFTER: cmake %s\n' "$(yes_no command -v cmake)"
printf 'AFTER: libclang %s\n' "$(yes_no has_libclang)"
printf 'AFTER: chromium %s\n' "$(yes_no command -v chromium)"
