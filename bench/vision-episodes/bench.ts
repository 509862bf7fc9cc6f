/**
 * vision-episodes benchmark: episodes per second per task, @ssl4rl/vision-tasks against the
 * same operations in PIL (pil_episodes.py), one core each, in one run. Images are the 24 Kodak
 * photographs, centre-cropped and resized to 224×224 before timing (both sides). Two modes:
 * `text` encodes every prompt image as PNG (what `ssl4rl make` writes), `tensor` makes the
 * 32-px float32 observation only (`promptImages: false`, what a tensor policy trains on).
 *
 * Run with bench/vision-episodes/run.sh (it pins both sides to one core).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
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
const TASKS = ["vision/rotation", "vision/jigsaw", "vision/contrastive", "vision/position", "vision/masked-patch"];
type Mode = "text" | "tensor";

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
  const run = async (count: number) => {
    let n = 0;
    for await (const _ of generateEpisodes(task, memorySource(samples), { seed: 1, count, options, skips })) n++;
    return n;
  };
  await run(20); // warm-up: JIT and libvips caches
  const start = process.hrtime.bigint();
  const n = await run(EPISODES);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (skips.total > 0) throw new Error(`unexpected skips: ${skips.summary().join("; ")}`);
  return n / seconds;
}

const samples = await loadKodak();
const ours: Record<string, Record<Mode, number>> = {};
for (const mode of ["text", "tensor"] as const) {
  const registry = createRegistry([visionTasks(mode === "text" ? { tensorImages: false } : { promptImages: false })]);
  for (const id of TASKS) (ours[id] ??= { text: 0, tensor: 0 })[mode] = await rate(registry.task(id), samples);
}

const python = process.env.PIL_PYTHON ?? "/usr/bin/python3";
const pin = process.env.BENCH_PIN ? ["taskset", "-c", process.env.BENCH_PIN] : [];
const cmd = [...pin, python, join(import.meta.dirname, "pil_episodes.py"), KODAK, String(EPISODES)];
const result = spawnSync(cmd[0]!, cmd.slice(1), { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
if (result.status !== 0) {
  console.error(result.stderr);
  throw new Error(`PIL side failed (${cmd.join(" ")})`);
}
const pil = JSON.parse(result.stdout) as Record<string, Record<Mode, number>>;

console.log(`vision-episodes: ${EPISODES} episodes per task and mode, Kodak photos at 224 px, one core each (sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})`);
console.log("task                  mode    ssl4rl eps/s   PIL eps/s   ratio");
for (const id of TASKS) {
  for (const mode of ["text", "tensor"] as const) {
    const a = ours[id]![mode];
    const b = pil[id]![mode];
    console.log(`${id.padEnd(21)} ${mode.padEnd(7)} ${a.toFixed(0).padStart(12)} ${b.toFixed(0).padStart(11)} ${(a / b).toFixed(2).padStart(7)}×`);
  }
}
