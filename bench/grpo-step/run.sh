#!/bin/sh
# One GRPO update (forward, sampling, rewards, backward, Adam) of the same CNN and batch
# (64 episodes × 2 images of 32×32, G = 5) in TensorFlow.js and in PyTorch, with the same
# thread count, for each tfjs backend named. The sides run in alternation, ROUNDS times, each
# process timing ITERATIONS steps after ten warm-ups: a machine whose speed drifts between
# processes (a shared or virtual one) then shifts both sides of a round alike. Prints each
# round's medians (wall and process CPU time: CPU time is what stays fair when other jobs share
# the machine), each round's ratio, the median ratio and the roofline.
# Usage: bench/grpo-step/run.sh [ITERATIONS] [BACKENDS] [ROUNDS]   (from the repository root)
#   BACKENDS: comma-separated, default wasm,tensorflow (tensorflow is built from a TensorFlow
#   wheel with `ssl4rl backends build-native` when it does not load yet, and skipped with the
#   reason when that fails). ROUNDS: default 3.
set -eu
ITER="${1:-10}"
BACKENDS="${2:-wasm,tensorflow}"
ROUNDS="${3:-3}"
# tfjs's wasm backend runs on one thread in Node (its threaded build needs Web Workers), so
# every side gets one thread: PyTorch through torch.set_num_threads and OMP_NUM_THREADS,
# TensorFlow through its intra-op and inter-op pool sizes.
THREADS="${THREADS:-1}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
cd "$ROOT"
. bench/python-peer.sh
need_python_modules torch python3-torch
use_fast_blas
NODE="node --conditions=@ssl4rl/source --import tsx"
USED=""
for BACKEND in $(echo "$BACKENDS" | tr ',' ' '); do
  if [ "$BACKEND" = tensorflow ] && ! $NODE packages/cli/src/main.ts backends --json 2>/dev/null |
    node -e 'const s = JSON.parse(require("fs").readFileSync(0, "utf8")); process.exit(s.find((b) => b.name === "tensorflow").loads ? 0 : 1)'; then
    echo "tensorflow does not load yet: building it (ssl4rl backends build-native) ..." >&2
    if ! $NODE packages/cli/src/main.ts backends build-native >&2; then
      echo "tfjs tensorflow: skipped (the native addon could not be built; see above)"
      continue
    fi
  fi
  USED="$USED $BACKEND"
done
RESULTS="$(mktemp)"
trap 'rm -f "$RESULTS"' EXIT
export TF_NUM_INTRAOP_THREADS=$THREADS TF_NUM_INTEROP_THREADS=1
ROUND=1
while [ "$ROUND" -le "$ROUNDS" ]; do
  OMP_NUM_THREADS=$THREADS "$PY" "$HERE/grpo_step.py" "$THREADS" "$ITER" | sed "s/^{/{\"round\": $ROUND, /" >>"$RESULTS"
  for BACKEND in $USED; do
    $NODE "$HERE/grpo-step.ts" "$BACKEND" "$ITER" | sed "s/^{/{\"round\": $ROUND, /" >>"$RESULTS"
  done
  ROUND=$((ROUND + 1))
done
# Each side's best matrix-product rate: the roofline under the ratio.
OMP_NUM_THREADS=$THREADS "$PY" "$HERE/roofline.py" "$THREADS" >>"$RESULTS"
for BACKEND in $USED; do $NODE "$HERE/roofline.ts" "$BACKEND" >>"$RESULTS"; done
$NODE "$HERE/report.ts" "$RESULTS"
