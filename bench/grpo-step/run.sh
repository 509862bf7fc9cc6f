#!/bin/sh
# One GRPO update (forward, sampling, rewards, backward, Adam) of the same CNN and batch
# (64 episodes × 2 images of 32×32, G = 5) in TensorFlow.js and in PyTorch, in one run, with
# the same thread count; prints both medians (wall and process CPU time: CPU time is what stays
# fair when other jobs share the machine), the ratio and images per second.
# Usage: bench/grpo-step/run.sh [ITERATIONS] [BACKEND]   (from the repository root)
set -eu
ITER="${1:-10}"
BACKEND="${2:-wasm}"
# tfjs's wasm backend runs on one thread in Node (its threaded build needs Web Workers), so
# PyTorch gets one thread too.
THREADS=1
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
cd "$ROOT"
. bench/python-peer.sh
need_python_modules torch python3-torch
TFJS="$(node --conditions=@ssl4rl/source --import tsx "$HERE/grpo-step.ts" "$BACKEND" "$ITER")"
TORCH="$(OMP_NUM_THREADS=$THREADS "$PY" "$HERE/grpo_step.py" "$THREADS" "$ITER")"
# Each side's best matrix-product rate: the roofline under the ratio.
TFJS_PEAK="$(node --conditions=@ssl4rl/source --import tsx "$HERE/roofline.ts" "$BACKEND")"
TORCH_PEAK="$(OMP_NUM_THREADS=$THREADS "$PY" "$HERE/roofline.py" "$THREADS")"
node -e '
const a = JSON.parse(process.argv[1]), b = JSON.parse(process.argv[2]);
const pa = JSON.parse(process.argv[3]), pb = JSON.parse(process.argv[4]);
const min = (r) => Math.min(...r.times);
const line = (name, r) => `${name}: median ${r.medianMs.toFixed(1)} ms wall (fastest ${min(r).toFixed(1)}), ${r.medianCpuMs.toFixed(1)} ms CPU per GRPO step; ${(128 / (r.medianCpuMs / 1000)).toFixed(0)} images/s of CPU time`;
console.log(line(`tfjs ${a.backend} (${a.provider})`, a));
console.log(line(`PyTorch ${b.version} (${b.threads} thread)`, b));
console.log(`ratio tfjs / PyTorch: ${(a.medianCpuMs / b.medianCpuMs).toFixed(2)}x by CPU time, ${(a.medianMs / b.medianMs).toFixed(2)}x by wall time (target <= 1.5x)`);
// Multiply-adds of one step, per image: forward 3*3*3*16*32*32 + 3*3*16*32*16*16 + 3*3*32*32*8*8
// + 2048*64 = 2,342,912; three forwards (sampling, reference, training), the weight gradients
// (one more forward-sized pass) and the input gradients of every layer but the first
// (1,900,544). The heads (128x64 + 64x4 per episode) are left out: under 0.1%.
const flops = 2 * 128 * (4 * 2342912 + 1900544);
const floor = (flops / 1e9 / pa.best) * 1000;
console.log(`roofline: ${(flops / 1e9).toFixed(2)} GFLOP per step; best matrix-product rate tfjs ${pa.best.toFixed(1)} GFLOP/s, PyTorch ${pb.best.toFixed(1)} GFLOP/s (${(pb.best / pa.best).toFixed(2)}x); a tfjs step at its best rate throughout would take ${floor.toFixed(1)} ms, ${(floor / b.medianCpuMs).toFixed(2)}x the measured PyTorch step`);
' "$TFJS" "$TORCH" "$TFJS_PEAK" "$TORCH_PEAK"
