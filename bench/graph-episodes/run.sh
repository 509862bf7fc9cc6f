#!/bin/sh
# Runs the graph-episodes benchmark: @ssl4rl/graph-tasks vs networkx, one core each, same run.
# Usage (from anywhere): bench/graph-episodes/run.sh   [NODES=100000 EDGES=1000000 EPISODES=10000]
set -e
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c "import networkx" 2>/dev/null; then
  echo "installing python3-networkx (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-networkx >/dev/null
fi
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; fi
$PIN node --max-old-space-size=4096 --conditions=@ssl4rl/source --import tsx bench/graph-episodes/bench.ts
