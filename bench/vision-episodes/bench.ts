/**
 * vision-episodes benchmark: episodes per second per task, @ssl4rl/vision-tasks against the
 * same operations in PIL (pil_episodes.py), one core each, in one run. Images are the 24 Kodak
 * photographs, centre-cropped and resized to 224×224 before timing (both sides). Two modes:
 * `text` encodes every prompt image as PNG (what `ssl4rl make` writes), `tensor` makes the
 * 32-px float32 observation only (`promptImages: false`, what a tensor policy trains on).
 * Rates are episodes per second of process CPU time, measured in the steady state: each side
 * warms up for WARM_SECONDS of CPU time, then times whole batches of EPISODES episodes until at
 * least MIN_SECONDS of CPU time have passed (a fast mode runs thousands of episodes, so a single
 * garbage collection or background compile does not decide its figure).
 *
 * Run with bench/vision-episodes/run.sh (it pins both sides to one core). EPISODES (200),
 * ROUNDS (3), MIN_SECONDS (0.5) and WARM_SECONDS (0.2) are read from the environment.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
// bench/ is not a workspace package: import the sources directly (same files the packages export).
import { type AnyTask, createRegistry, generateEpisodes, resolveTaskOptions, type SampleSource, SkipCounter } from "../../packages/core/src/index.js";
import { decodeImage, type ImageSample, resizeRaw, visionTasks } from "../../packages/vision-tasks/src/index.js";

interface SharpModule {
  concurrency(n: number): number;
  readonly versions: { readonly sharp: string; readonly vips: string };
}
const sharp = createRequire(join(import.meta.dirname, "..", "..", "packages", "vision-tasks", "package.json"))("sharp") as SharpModule;

const ROOT = join(import.meta.dirname, "..", "..");
const KODAK = join(ROOT, "..", "shared", "datasets", "photos", "kodak");
const EPISODES = Number(process.env.EPISODES ?? 200);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const MIN_SECONDS = Number(process.env.MIN_SECONDS ?? 0.5);
const WARM_SECONDS = Number(process.env.WARM_SECONDS ?? 0.2);
const TASKS = ["vision/rotation", "vision/jigsaw", "vision/contrastive", "vision/position", "vision/masked-patch"];
const MODES = ["text", "tensor"] as const;
type Mode = (typeof MODES)[number];
type Table = Record<string, Record<Mode, number>>;

if (!existsSync(KODAK)) {
  console.log(`vision-episodes: skipped, the Kodak photographs are absent (${KODAK})`);
  process.exit(0);
}
// One core: libvips uses one thread per operation; UV_THREADPOOL_SIZE=1 is set by run.sh.
sharp.concurrency(1);

async function loadKodak(): Promise<ImageSample[]> {
  const out: ImageSample[] = [];
  for (const name of readdirSync(KODAK).filter((n) => n.endsWith(".png")).sort()) {
    const image = await decodeImage(join(KODAK, name));
    const s = Math.min(image.width, image.height);
    const square = { left: Math.floor((image.width - s) / 2), top: Math.floor((image.height - s) / 2), width: s, height: s };
    out.push({ id: name, image: await resizeRaw(image, 224, 224, square) });
  }
  return out;
}

/** Cycles through the preloaded images, so decoding is not timed (it is not on the PIL side either). */
function memorySource(samples: readonly ImageSample[]): SampleSource<ImageSample> {
  return {
    description: "kodak 224 px (in memory)",
    async *samples() {
      for (let i = 0; ; i++) yield samples[i % samples.length]!;
    },
  };
}

async function rate(task: AnyTask, samples: readonly ImageSample[]): Promise<number> {
  const skips = new SkipCounter();
  const options = resolveTaskOptions(task, {});
  // Each batch has its own seed, so the random choices (angles, pairs, crops) average out over
  // the run instead of one batch's draws repeating.
  let seed = 0;
  const run = async (count: number) => {
    let n = 0;
    for await (const _ of generateEpisodes(task, memorySource(samples), { seed: ++seed, count, options, skips })) n++;
    return n;
  };
  // Process CPU time (all threads, libvips' included), not wall time: on a shared machine other
  // jobs' load then stretches neither side.
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  // Warm-up (JIT and WebAssembly tier-up, libvips caches), then whole batches until both
  // EPISODES episodes and MIN_SECONDS have passed.
  const warm = process.cpuUsage();
  do await run(20);
  while (cpuSeconds(warm) < WARM_SECONDS);
  const start = process.cpuUsage();
  let n = 0;
  let seconds = 0;
  do {
    n += await run(EPISODES);
    seconds = cpuSeconds(start);
  } while (seconds < MIN_SECONDS);
  if (skips.total > 0) throw new Error(`unexpected skips: ${skips.summary().join("; ")}`);
  return n / seconds;
}

function runPil(): Table {
  const python = process.env.PIL_PYTHON ?? "/usr/bin/python3";
  const pin = process.env.BENCH_PIN ? ["taskset", "-c", process.env.BENCH_PIN] : [];
  const cmd = [...pin, python, join(import.meta.dirname, "pil_episodes.py"), KODAK, String(EPISODES), String(MIN_SECONDS), String(WARM_SECONDS)];
  const result = spawnSync(cmd[0]!, cmd.slice(1), { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
  if (result.status !== 0) {
    console.error(result.stderr);
    throw new Error(`PIL side failed (${cmd.join(" ")})`);
  }
  return JSON.parse(result.stdout) as Table;
}

const samples = await loadKodak();
const registries = {
  text: createRegistry([visionTasks({ tensorImages: false })]),
  tensor: createRegistry([visionTasks({ promptImages: false })]),
};
// The two sides alternate for ROUNDS rounds and each keeps its best rate, so a burst of load
// from other processes on a shared machine penalises neither side systematically.
const ours: Table = {};
const pil: Table = {};
const keepBest = (table: Table, id: string, mode: Mode, value: number) => {
  const cell = (table[id] ??= { text: 0, tensor: 0 });
  cell[mode] = Math.max(cell[mode], value);
};
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of MODES) for (const id of TASKS) keepBest(ours, id, mode, await rate(registries[mode].task(id), samples));
  const once = runPil();
  for (const mode of MODES) for (const id of TASKS) keepBest(pil, id, mode, once[id]![mode]);
}

console.log(
  `vision-episodes: batches of ${EPISODES} episodes for at least ${MIN_SECONDS} CPU-s per task and mode (after ${WARM_SECONDS} CPU-s of warm-up), ` +
    `best of ${ROUNDS} alternating rounds, Kodak photos at 224 px, one core each ` +
    `(sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})`,
);
console.log("task                  mode    ssl4rl eps/CPU-s   PIL eps/CPU-s   ratio");
for (const id of TASKS) {
  for (const mode of MODES) {
    const a = ours[id]![mode];
    const b = pil[id]![mode];
    console.log(`${id.padEnd(21)} ${mode.padEnd(7)} ${a.toFixed(0).padStart(16)} ${b.toFixed(0).padStart(15)} ${(a / b).toFixed(2).padStart(7)}×`);
  }
}
