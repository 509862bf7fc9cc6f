#!/bin/sh
# Runs the vision-episodes benchmark: @ssl4rl/vision-tasks vs PIL, one core each, same run.
# Usage (from the repository root): bench/vision-episodes/run.sh   [EPISODES=200]
set -e
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c "import PIL, numpy" 2>/dev/null; then
  echo "installing python3-pil and python3-numpy (Debian packages, the PIL of the released builders)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pil python3-numpy >/dev/null
fi
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; export BENCH_PIN=0; fi
UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 $PIN node --conditions=@ssl4rl/source --import tsx bench/vision-episodes/bench.ts
