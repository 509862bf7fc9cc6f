#!/bin/sh
# Runs the graph-episodes benchmark: @ssl4rl/graph-tasks vs networkx, one core each, same run.
# Usage (from anywhere): bench/graph-episodes/run.sh   [NODES=100000 EDGES=1000000 EPISODES=10000]
set -e
cd "$(dirname "$0")/../.."
. bench/python-peer.sh
need_python_modules networkx python3-networkx
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; fi
$PIN node --max-old-space-size=4096 --conditions=@ssl4rl/source --import tsx bench/graph-episodes/bench.ts
