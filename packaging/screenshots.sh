#!/usr/bin/env bash
# The README's restore screenshots, made by the widget test that drives the restore wizard against
# the built-in sandbox: packaging/screenshots/restore-review.png (the review page) and
# restore-job.png (the job page of the completed restore), 1100×700. Runs the test on a real X
# display — a private Xvfb (the session's $DISPLAY is never used) — so fonts and the style are
# what an operator sees, not the offscreen platform's. Not part of the test command.
#   packaging/screenshots.sh [--preset NAME]     the build to use (default ci; built if needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

preset=ci
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --preset=*) preset="${1#--preset=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "screenshots: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v Xvfb >/dev/null 2>&1 || { echo "screenshots: Xvfb is missing (packaging/install-deps.sh)" >&2; exit 1; }

[ -d "build/$preset" ] || cmake --preset "$preset"
cmake --build --preset "$preset" --target tst_restorewizard
test_bin="build/$preset/tests/ui/tst_restorewizard"
[ -x "$test_bin" ] || { echo "screenshots: $test_bin is missing" >&2; exit 1; }

out=$(mktemp -d)
xvfb_pid=
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT
display=
for n in $(seq 90 120); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  [ -e "/tmp/.X11-unix/X$n" ] && display=":$n"
  break
done
[ -n "$display" ] || { echo "screenshots: no Xvfb display could be started" >&2; exit 1; }

DISPLAY="$display" QT_QPA_PLATFORM=xcb RD_RESTORE_SCREENSHOTS="$out" \
  "$test_bin" operatorRestoresToACompletedJob
for name in restore-review.png restore-job.png; do
  [ -s "$out/$name" ] || { echo "screenshots: the test made no $name" >&2; exit 1; }
  cp "$out/$name" "packaging/screenshots/$name"
  echo "screenshots: packaging/screenshots/$name"
done
