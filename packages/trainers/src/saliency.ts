import * as tf from "@tensorflow/tfjs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Episode } from "@ssl4rl/core";
import { encodePng } from "./png-encoder.js";
import type { TensorPolicy } from "./tensor-policy.js";
import { writeFileAtomic } from "@ssl4rl/core";

/** One episode's saliency picture, as written to the run directory. */
export interface SaliencyMap {
  readonly episodeId: string;
  readonly taskId: string;
  /** The policy's greedy answer and the true one. */
  readonly answer: string;
  readonly truth: string;
  /** Path relative to the run directory. */
  readonly file: string;
  readonly png: Uint8Array;
}

/** Report pictures are enlarged this much (32 px images are too small to read). */
const SCALE = 4;

/**
 * Gradient of the summed log-probabilities of the given choices with respect to the pixels,
 * `[images, H, W, 3]`. Episodes do not interact, so each image gets its own episode's gradient.
 */
export function pixelGradients(policy: TensorPolicy, taskId: string, pixels: tf.Tensor4D, choices: readonly (readonly number[])[]): Float32Array {
  const { steps, choices: n } = policy.space(taskId);
  return tf.tidy(() => {
    const picked = tf.oneHot(tf.tensor2d(choices.flat(), [choices.length, steps], "int32"), n);
    const objective = (x: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(policy.network.logitsFromPixels(taskId, x as tf.Tensor4D)), picked)) as tf.Scalar;
    return tf.grad(objective)(pixels).dataSync() as Float32Array;
  });
}

/**
 * Saliency of the chosen action: |∂ log π(greedy action) / ∂ pixels|, the maximum over colour
 * channels, scaled to [0, 1] per image and drawn in red over the image. Each episode becomes
 * one PNG under `saliency/`: its images in a row, each above its map, enlarged 4×.
 */
export async function saliencyMaps(policy: TensorPolicy, taskId: string, episodes: readonly Episode<{ readonly kind: string }>[], runDir: string): Promise<SaliencyMap[]> {
  if (episodes.length === 0) return [];
  const pixels = policy.network.pixels(taskId, episodes);
  try {
    const greedy = policy.greedyTask(taskId, { kind: "images", pixels });
    const grads = pixelGradients(policy, taskId, pixels, greedy.map((g) => g.choices));
    const values = pixels.dataSync() as Float32Array;
    const [count, side] = [pixels.shape[0], pixels.shape[1]];
    const per = count / episodes.length;
    const plane = side * side;
    await mkdir(join(runDir, "saliency"), { recursive: true });
    const out: SaliencyMap[] = [];
    for (const [e, episode] of episodes.entries()) {
      const width = per * side * SCALE;
      const height = 2 * side * SCALE;
      const rgb = new Uint8Array(width * height * 3);
      for (let k = 0; k < per; k++) {
        const image = (e * per + k) * plane * 3;
        const heat = new Float32Array(plane);
        let max = 0;
        for (let p = 0; p < plane; p++) {
          const g = Math.max(Math.abs(grads[image + p * 3]!), Math.abs(grads[image + p * 3 + 1]!), Math.abs(grads[image + p * 3 + 2]!));
          heat[p] = g;
          if (g > max) max = g;
        }
        for (let y = 0; y < side * SCALE; y++) {
          for (let x = 0; x < side * SCALE; x++) {
            const p = Math.floor(y / SCALE) * side + Math.floor(x / SCALE);
            const a = max > 0 ? 0.8 * (heat[p]! / max) : 0;
            for (let c = 0; c < 3; c++) {
              const v = values[image + p * 3 + c]! * 255;
              const top = (y * width + k * side * SCALE + x) * 3 + c;
              const bottom = ((y + side * SCALE) * width + k * side * SCALE + x) * 3 + c;
              rgb[top] = Math.round(v);
              // Dim the image, then add red where the gradient is large.
              rgb[bottom] = Math.round(0.5 * v * (1 - a) + (c === 0 ? 255 * a : 0));
            }
          }
        }
      }
      const png = encodePng(rgb, width, height);
      const file = `saliency/${taskId.replace(/[^a-z0-9-]+/gi, "_")}-${e}.png`;
      await writeFileAtomic(join(runDir, file), png);
      out.push({ episodeId: episode.id, taskId, answer: policy.answerFor(taskId, greedy[e]!.choices), truth: episode.answer, file, png });
    }
    return out;
  } finally {
    pixels.dispose();
  }
}
