import { createRegistry, type Episode, generateEpisodes, type ImageObservation, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import sharp from "sharp";
import { type RgbImage, rgbImage, visionTasks, type VisionTasksOptions } from "../src/index.js";

/** Makes `count` episodes of a task from a source spec, with plugin and task options. */
export async function makeEpisodes(
  taskId: string,
  opts: { count: number; seed?: number | string; source?: string; options?: Record<string, unknown>; plugin?: VisionTasksOptions },
): Promise<{ episodes: Episode<ImageObservation>[]; skips: SkipCounter }> {
  const registry = createRegistry([visionTasks(opts.plugin)]);
  const task = registry.task(taskId);
  const skips = new SkipCounter();
  const seed = opts.seed ?? 1;
  const source = await registry.openSource(opts.source ?? "synthetic", "vision", { seed, skips });
  const episodes: Episode<ImageObservation>[] = [];
  for await (const e of generateEpisodes(task, source, { seed, count: opts.count, options: resolveTaskOptions(task, opts.options ?? {}), skips })) {
    episodes.push(e as Episode<ImageObservation>);
  }
  return { episodes, skips };
}

/** Decodes an encoded prompt image back to RGB. */
export async function decodePromptImage(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return rgbImage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
}

/** Float tensor image back to exact 8-bit values (tensors are v/255, so rounding is lossless). */
export function tensorToRgb(image: { data: Uint8Array | Float32Array; width: number; height: number }): RgbImage {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(image.data[i]! * 255);
  return rgbImage(out, image.width, image.height);
}

/** Mean absolute difference per channel value of two same-size images. */
export function meanAbsDiff(a: RgbImage, b: RgbImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`size ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

/** A random RGB image of a given size from a simple seeded generator (for property tests). */
export function noiseImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = s & 255;
  }
  return rgbImage(data, width, height);
}
