/**
 * GCN message passing on TensorFlow.js wasm, timed: two rounds of y = Â·h over a Cora-sized
 * graph (gather the source row of every edge, scale by the edge's weight, sum into the
 * target: `unsortedSegmentSum(gather(h, src) · w, dst)`), then the gradient of Σ y² with
 * respect to h, which runs the same gathers and segment sums backwards. Timed twice in one
 * process: with the trainer's wasm kernels (`GatherV2` as row copies, a broadcasting
 * `LogicalAnd`) and with wasm's own two kernels put back. Prints one JSON line.
 *
 * Usage: node --conditions=@ssl4rl/source --import tsx bench/message-passing/bench.ts [iterations]
 */
// bench/ is not a workspace package: import the sources directly (the files the packages export).
import { Random } from "../../packages/core/src/index.js";
import { selectBackend, tf } from "../../packages/trainers/src/index.js";

const iterations = Number(process.argv[2] ?? 10);
const NODES = 2708; // Cora
const EDGES = 10556; // Cora's directed edges; a self-loop per node is added
const WIDTH = 512; // DGI's width, the example's encoder
const REPLACED = ["GatherV2", "LogicalAnd"] as const;

// wasm's own kernels (registered when the trainer imports the wasm backend), before
// selectBackend swaps in the trainer's.
const stock = new Map(REPLACED.map((name) => [name, tf.getKernel(name, "wasm")!]));
const selection = await selectBackend("wasm");
const ours = new Map(REPLACED.map((name) => [name, tf.getKernel(name, "wasm")!]));
const use = (kernels: Map<string, tf.KernelConfig>) => {
  for (const [name, config] of kernels) {
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(config);
  }
};

const rng = Random.fromSeed("message-passing");
const src = new Int32Array(EDGES + NODES);
const dst = new Int32Array(EDGES + NODES);
for (let i = 0; i < EDGES; i++) {
  src[i] = rng.int(NODES);
  dst[i] = rng.int(NODES);
}
for (let v = 0; v < NODES; v++) src[EDGES + v] = dst[EDGES + v] = v;
const degree = new Float32Array(NODES);
for (const t of dst) degree[t]! += 1;
const weights = Float32Array.from(src, (s, i) => 1 / Math.sqrt(degree[s]! * degree[dst[i]!]!));
const sources = tf.tensor1d(src, "int32");
const targets = tf.tensor1d(dst, "int32");
const w = tf.tensor2d(weights, [weights.length, 1]);
const h = tf.tensor2d(Float32Array.from({ length: NODES * WIDTH }, () => rng.normal()), [NODES, WIDTH]);
const propagate = (x: tf.Tensor2D) => tf.unsortedSegmentSum(tf.mul(tf.gather(x, sources), w), targets, NODES) as tf.Tensor2D;
const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.square(propagate(propagate(x as tf.Tensor2D)))));

function once(): { wall: number; cpu: number; checksum: number } {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const g = gradient(h);
  const checksum = tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]!);
  g.dispose();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000, checksum };
}

function timed(): { medianMs: number; medianCpuMs: number; times: number[]; checksum: number } {
  once();
  once();
  const runs = Array.from({ length: iterations }, once);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { medianMs: median(runs.map((r) => r.wall)), medianCpuMs: median(runs.map((r) => r.cpu)), times: runs.map((r) => r.wall), checksum: runs[0]!.checksum };
}

const withOurs = timed();
use(stock);
const withStock = timed();
use(ours);
console.log(JSON.stringify({ backend: selection.name, nodes: NODES, edges: EDGES + NODES, width: WIDTH, ours: withOurs, stock: withStock }));
