/**
 * One GRPO update of the trainer's CNN policy on TensorFlow.js, timed: forward, sampling of
 * G = 5 answers per episode, rewards (the exact-match reward on answer strings), the frozen
 * reference's forward for the k3 KL, backward, gradient clipping and Adam. 64 rotation-like
 * episodes of two 32×32 RGB images each, four answers. Prints one JSON line.
 *
 * Usage: node --conditions=@ssl4rl/source --import tsx bench/grpo-step/grpo-step.ts [backend] [iterations]
 */
// bench/ is not a workspace package: import the sources directly (the files the packages export).
import { exactMatchReward, Random } from "../../packages/core/src/index.js";
import {
  AdamOptimizer,
  clipByGlobalNorm,
  DEFAULT_NETWORK,
  groupAdvantages,
  grpoLoss,
  klK3,
  logProbTable,
  PolicyNetwork,
  selectBackend,
  TensorPolicy,
  tf,
  tokenMean,
} from "../../packages/trainers/src/index.js";

const backend = (process.argv[2] ?? "wasm") as "wasm";
const iterations = Number(process.argv[3] ?? 10);
const EPISODES = 64;
const G = 5;
const ANSWERS = ["0", "90", "180", "270"];

const selection = await selectBackend(backend);
const rng = Random.fromSeed("bench");
const network = new PolicyNetwork(DEFAULT_NETWORK, 1);
const reference = new PolicyNetwork(DEFAULT_NETWORK, 1);
const space = { steps: 1, choices: 4, toAnswer: (c: readonly number[]) => ANSWERS[c[0]!]!, toChoices: () => undefined };
const image = () => ({ data: Float32Array.from({ length: 32 * 32 * 3 }, () => rng.float()), width: 32, height: 32, channels: 3 });
const episodes = Array.from({ length: EPISODES }, (_, i) => ({
  id: `bench:${i}`,
  taskId: "bench/rotation",
  taskVersion: "1",
  observation: { kind: "images" as const, images: [image(), image()] },
  prompt: { messages: [], images: [] },
  answer: ANSWERS[rng.int(4)]!,
  metadata: {},
}));
network.addTask("bench/rotation", space, episodes[0]!);
reference.addTask("bench/rotation", space, episodes[0]!);
const policy = new TensorPolicy(network);
const reward = exactMatchReward();
const optimizer = new AdamOptimizer({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false });
const names = new Map([...network.store.variables].map(([name, v]) => [v.name, name]));

function step(): { wall: number; cpu: number } {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const inputs = network.inputs("bench/rotation", episodes);
  const sampled = policy.sampleTask("bench/rotation", inputs, G, rng);
  const groups = episodes.map((e, i) => sampled.actions[i]!.map((c) => reward.score({ text: `<answer>${space.toAnswer(c)}</answer>` }, { answer: e.answer }).score));
  const advantages = Float32Array.from(groupAdvantages(groups, { epsilon: 1e-6 }).flat());
  const actions = Int32Array.from(sampled.actions.flat(2));
  const ref = logProbTable(reference, "bench/rotation", inputs, 1);
  const refLogProbs = Float32Array.from(actions, (a, r) => ref.values[Math.floor(r / G) * 4 + a]!);
  const batch = { taskId: "bench/rotation", inputs, episodes: EPISODES, groupSize: G, steps: 1, actions, oldLogProbs: sampled.stepLogProbs, refLogProbs, advantages, weights: new Float32Array(EPISODES * G).fill(1) };
  const settings = { clip: { low: 0.2, high: 0.2 }, klCoefficient: 0.01, klEstimator: klK3, aggregation: tokenMean, entropyCoefficient: 0, temperature: 1 };
  const { value, grads } = tf.variableGrads(() => grpoLoss(network, [batch], settings).loss);
  value.dataSync();
  const named: Record<string, tf.Tensor> = {};
  for (const [k, g] of Object.entries(grads)) named[names.get(k)!] = g;
  const clipped = clipByGlobalNorm(named, 1);
  optimizer.apply(network.store.variables, clipped.gradients, 1e-3);
  Object.values(clipped.gradients).forEach((t) => t.dispose());
  value.dispose();
  network.disposeInputs(inputs);
  const cpu = process.cpuUsage(cpuStart);
  return { wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000 };
}

// Untimed steps first: the first steps of either side run slower (kernel compilation, allocator
// and primitive caches, the JIT); grpo_step.py takes the same number.
const WARMUP = 10;
for (let i = 0; i < WARMUP; i++) step();
const runs = Array.from({ length: iterations }, () => step());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times = runs.map((r) => r.wall);
const cpuTimes = runs.map((r) => r.cpu);
console.log(JSON.stringify({ side: "tfjs", backend: selection.name, provider: selection.provider, medianMs: median(times), medianCpuMs: median(cpuTimes), imagesPerSecond: (EPISODES * 2) / (median(times) / 1000), times, cpuTimes }));
