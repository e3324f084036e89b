#!/usr/bin/env bash
# Makes the README's screenshots again: builds the tests that make them, runs each on an Xvfb
# display with Qt's xcb platform (real X11 rendering, not offscreen) and copies the PNGs they
# save into packaging/screenshots. Not part of the test suite. Installs Xvfb when missing.
#   packaging/screenshots.sh [test...]     e.g. packaging/screenshots.sh tst_estatescreenshot
# RD_BUILD_DIR picks the build tree (default build/ci, configured with the `ci` preset).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${RD_BUILD_DIR:-$here/build/ci}
out=$here/packaging/screenshots

# One line per test that makes screenshots: its name, and the variable that names the folder it
# saves them in.
shots=(
  "tst_estatescreenshot RD_ESTATE_SCREENSHOTS"
  "tst_restorewizard RD_RESTORE_SCREENSHOTS"
)

if ! command -v Xvfb >/dev/null 2>&1; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "screenshots: no Xvfb, not root and no sudo" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  echo "screenshots: installing xvfb"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends xvfb xauth fonts-dejavu-core >/dev/null
fi

wanted=("$@")
selected=()
for line in "${shots[@]}"; do
  name=${line%% *}
  if [ ${#wanted[@]} -eq 0 ] || printf '%s\n' "${wanted[@]}" | grep -qx "$name"; then
    selected+=("$line")
  fi
done
[ ${#selected[@]} -gt 0 ] || { echo "screenshots: none of: ${wanted[*]}" >&2; exit 1; }

[ -f "$build/CMakeCache.txt" ] || { echo "screenshots: configure first (cmake --preset ci)" >&2; exit 1; }
cmake --build "$build" --target $(for l in "${selected[@]}"; do echo "${l%% *}"; done)

# A display of our own: the first free number from 98 on.
display=98
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$display" ] || { echo "screenshots: Xvfb did not start on :$display" >&2; exit 1; }

mkdir -p "$out"
for line in "${selected[@]}"; do
  name=${line%% *}
  var=${line#* }
  binary=$(find "$build/tests" -type f -name "$name" -perm -u+x | head -n1)
  [ -n "$binary" ] || { echo "screenshots: $name was not built" >&2; exit 1; }
  dir="$work/$name"
  mkdir -p "$dir"
  echo "screenshots: $name"
  (cd "$(dirname "$binary")" && env DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$var=$dir" "$binary" >"$dir.log" 2>&1) \
    || { cat "$dir.log" >&2; echo "screenshots: $name failed" >&2; exit 1; }
  found=0
  for png in "$dir"/*.png; do
    [ -e "$png" ] || continue
    cp "$png" "$out/"
    echo "  packaging/screenshots/$(basename "$png")"
    found=1
  done
  [ "$found" -eq 1 ] || { echo "screenshots: $name saved no PNG in \$$var" >&2; exit 1; }
done
