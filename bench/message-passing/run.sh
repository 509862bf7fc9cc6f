#!/bin/sh
# GCN message passing (two rounds of Â·h over a Cora-sized graph, 512 wide, and the gradient)
# on tfjs wasm with the trainer's kernels, with wasm's own kernels, and on PyTorch, in one run,
# one thread each; prints the medians (wall and process CPU time) and the ratios.
# Usage: bench/message-passing/run.sh [ITERATIONS]   (from the repository root)
set -eu
ITER="${1:-10}"
THREADS=1
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
cd "$ROOT"
. bench/python-peer.sh
need_python_modules torch python3-torch
TFJS="$(node --conditions=@ssl4rl/source --import tsx "$HERE/bench.ts" "$ITER")"
TORCH="$(OMP_NUM_THREADS=$THREADS "$PY" "$HERE/message_passing.py" "$THREADS" "$ITER")"
node -e '
const a = JSON.parse(process.argv[1]), t = JSON.parse(process.argv[2]);
const line = (name, r) => `${name.padEnd(28)} median ${r.medianMs.toFixed(1).padStart(7)} ms wall, ${r.medianCpuMs.toFixed(1).padStart(7)} ms CPU`;
console.log(`graph: ${a.nodes} nodes, ${a.edges} edges with self-loops, width ${a.width}; two rounds of propagation + gradient, one thread`);
console.log(line("tfjs wasm, ssl4rl kernels", a.ours));
console.log(line("tfjs wasm, stock kernels", a.stock));
console.log(line(`PyTorch ${t.torch}`, t));
console.log(`ssl4rl kernels vs stock wasm: ${(a.stock.medianCpuMs / a.ours.medianCpuMs).toFixed(1)}x faster (CPU time)`);
console.log(`tfjs (ssl4rl kernels) / PyTorch: ${(a.ours.medianCpuMs / t.medianCpuMs).toFixed(2)}x (CPU time; above 1: PyTorch faster)`);
const same = Math.abs(a.ours.checksum - a.stock.checksum) <= 1e-4 * Math.abs(a.stock.checksum);
console.log(`gradient checksum, ours vs stock: ${a.ours.checksum.toExponential(6)} vs ${a.stock.checksum.toExponential(6)} (${same ? "equal" : "DIFFERENT"})`);
' "$TFJS" "$TORCH"
