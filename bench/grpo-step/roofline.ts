/**
 * The best multiply-add rate tfjs reaches on this machine: single-precision matrix products
 * from 256² to 1024², timed in process CPU time. One GRPO step of the benchmark's CNN cannot
 * run faster than its floating-point operations at this rate, so `run.sh` prints the floor
 * this puts under the tfjs / PyTorch ratio. Prints one JSON line.
 *
 * Usage: node --conditions=@ssl4rl/source --import tsx bench/grpo-step/roofline.ts [backend]
 */
import { selectBackend, tf } from "../../packages/trainers/src/index.js";

const selection = await selectBackend((process.argv[2] ?? "wasm") as "wasm");
const rates: Record<string, number> = {};
for (const n of [256, 512, 1024]) {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const once = () => tf.tidy(() => tf.matMul(a, b)).dataSync();
  once();
  once(); // warm-up
  const reps = Math.max(3, Math.round(2e9 / (2 * n ** 3)));
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) once();
  const used = process.cpuUsage(start);
  rates[`matmul${n}`] = (2 * n ** 3 * reps) / ((used.user + used.system) / 1e6) / 1e9;
  a.dispose();
  b.dispose();
}
console.log(JSON.stringify({ side: "tfjs", backend: selection.name, gflops: rates, best: Math.max(...Object.values(rates)) }));
