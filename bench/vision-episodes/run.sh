#!/bin/sh
# Runs the vision-episodes benchmark: @ssl4rl/vision-tasks vs PIL, one core each, same run.
# Usage (from the repository root): bench/vision-episodes/run.sh   [EPISODES=200]
set -e
cd "$(dirname "$0")/../.."
# Debian's PIL: the library of the released builders.
. bench/python-peer.sh
need_python_modules "PIL, numpy" python3-pil python3-numpy
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; export BENCH_PIN=0; fi
UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 $PIN node --conditions=@ssl4rl/source --import tsx bench/vision-episodes/bench.ts
