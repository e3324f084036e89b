#!/usr/bin/env bash
# The benchmarks: installs what is missing, builds the release preset with the benchmark programs
# (RD_BUILD_BENCH=ON: the product itself is built exactly as `run.sh` builds it), runs every figure
# several times beside its baseline, prints the table and writes build/bench/results.json.
# Benchmarks are not tests: a figure that misses its goal is reported, never a failure.
#   packaging/bench.sh [NAME...]            only the named figures (rd_bench --list lists them)
#   packaging/bench.sh --runs N             runs per figure (default 5; startup takes at least 7)
#   packaging/bench.sh --tiny               the smoke scale: small inputs, one run each (CI)
#   packaging/bench.sh --preset ci          measure an existing build of another preset instead
# The GUI figures need a display: the session's own ($DISPLAY), else a private Xvfb, else Qt's
# offscreen platform. Absolute times on shared machines are noise; read the ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

preset=release
runner_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --preset=*) preset="${1#--preset=}"; shift ;;
    --runs) runner_args+=(--runs "$2"); shift 2 ;;
    --tiny) runner_args+=(--tiny); shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) runner_args+=("$1"); shift ;;
  esac
done

bash packaging/install-deps.sh
if [ "$preset" = release ]; then
  cmake --preset release -DRD_BUILD_BENCH=ON >/dev/null
fi
cmake --build --preset "$preset"
build="build/$preset"
[ -x "$build/tests/bench/rd_bench" ] || { echo "bench: $build/tests/bench/rd_bench is missing" >&2; exit 1; }

platform=offscreen
xvfb_pid=
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -n "${DISPLAY:-}" ]; then
  platform=xcb
elif command -v Xvfb >/dev/null 2>&1; then
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    if [ -e "/tmp/.X11-unix/X$n" ]; then
      export DISPLAY=":$n"
      platform=xcb
    else
      kill "$xvfb_pid" 2>/dev/null || true
      xvfb_pid=
    fi
    break
  done
fi

mkdir -p build/bench
RD_BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown) \
  "$build/tests/bench/rd_bench" --bin-dir "$build" --work-dir build/bench/work \
  --out build/bench/results.json --platform "$platform" "${runner_args[@]}"
