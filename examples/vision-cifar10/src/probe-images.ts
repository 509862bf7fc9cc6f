import { linearProbe, type Registry, SkipCounter } from "@ssl4rl/core";
import { imageFeatureMaps, type PolicyNetwork, tensorProbeObjective, tf } from "@ssl4rl/trainers";
import { type ImageSample, sampleToTensor } from "@ssl4rl/vision-tasks";

/** Labelled images for the linear probe, as one pixel block plus the probe's three splits. */
export interface ProbeImages {
  /** `[rows, side, side, 3]` in [0, 1], row-major. */
  readonly pixels: Float32Array;
  readonly side: number;
  readonly labels: Int32Array;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
  readonly description: string;
}

/** Reads up to `limit` labelled images from a source spec (shuffled by `seed`), skipping unlabelled ones. */
async function readLabelled(registry: Registry, spec: string, limit: number, side: number, seed: string, skips: SkipCounter): Promise<{ pixels: Float32Array[]; labels: number[] }> {
  const source = await registry.openSource(spec, "vision", { seed, skips });
  const pixels: Float32Array[] = [];
  const labels: number[] = [];
  for await (const raw of source.samples()) {
    const sample = raw as ImageSample;
    if (sample.label === undefined) {
      skips.add("image without a label", sample.id);
      continue;
    }
    pixels.push((await sampleToTensor(sample, side)).data as Float32Array);
    labels.push(sample.label);
    if (pixels.length >= limit) break;
  }
  return { pixels, labels };
}

function assemble(parts: readonly { pixels: Float32Array[]; labels: number[] }[], side: number, description: string): ProbeImages {
  const per = side * side * 3;
  const total = parts.reduce((a, p) => a + p.pixels.length, 0);
  const pixels = new Float32Array(total * per);
  const labels = new Int32Array(total);
  const ranges: Int32Array[] = [];
  let row = 0;
  for (const part of parts) {
    const start = row;
    part.pixels.forEach((p, i) => {
      pixels.set(p, row * per);
      labels[row] = part.labels[i]!;
      row++;
    });
    ranges.push(Int32Array.from({ length: row - start }, (_, i) => start + i));
  }
  return { pixels, side, labels, train: ranges[0]!, val: ranges[1]!, test: ranges[2]!, description };
}

/**
 * The CIFAR-10 probe set: `trainCount + valCount` labelled training images (train labels
 * fit the probe and choose its L2 strength) and `testCount` test images (accuracy is
 * reported on these only). Images are drawn in a fixed shuffled order, so every method
 * is probed on the same images.
 */
export async function cifarProbeImages(
  registry: Registry,
  folders: { train: string; test: string },
  sizes: { train: number; val: number; test: number },
  side: number,
): Promise<ProbeImages> {
  const skips = new SkipCounter();
  const fromTrain = await readLabelled(registry, `folder:${folders.train}?shuffle=1&limit=${sizes.train + sizes.val}`, sizes.train + sizes.val, side, "probe", skips);
  const train = { pixels: fromTrain.pixels.slice(0, sizes.train), labels: fromTrain.labels.slice(0, sizes.train) };
  const val = { pixels: fromTrain.pixels.slice(sizes.train), labels: fromTrain.labels.slice(sizes.train) };
  const test = await readLabelled(registry, `folder:${folders.test}?shuffle=1&limit=${sizes.test}`, sizes.test, side, "probe", skips);
  return assemble([train, val, test], side, `CIFAR-10 probe: ${train.pixels.length} train + ${val.pixels.length} val images (train split), ${test.pixels.length} test images`);
}

/**
 * A probe set from one small labelled folder (the 100-image sample of `--quick`), split
 * 60 / 20 / 20 in a fixed shuffled order. Only a smoke check: 20 test images.
 */
export async function sampleProbeImages(registry: Registry, folder: string, side: number): Promise<ProbeImages> {
  const all = await readLabelled(registry, `folder:${folder}?shuffle=1`, Number.MAX_SAFE_INTEGER, side, "probe", new SkipCounter());
  const n = all.pixels.length;
  const a = Math.round(n * 0.6);
  const b = Math.round(n * 0.8);
  const cut = (from: number, to: number) => ({ pixels: all.pixels.slice(from, to), labels: all.labels.slice(from, to) });
  return assemble([cut(0, a), cut(a, b), cut(b, n)], side, `sample probe: ${a}/${b - a}/${n - b} images of ${folder} (smoke check only)`);
}

/**
 * What the linear probe reads from the frozen encoder:
 * - `embedding`: the 64-d dense embedding on top of the conv stack (what the pretext heads read);
 * - `conv`: every conv block's ReLU output average-pooled to a 2×2 grid and concatenated
 *   (16·4 + 32·4 + 32·4 = 320 values for the 16-32-32 CNN), the usual choice of
 *   self-supervised linear evaluation, which probes conv features rather than the last layer.
 */
export type ProbeFeatures = "embedding" | "conv";

/** The probe features' names, in the order flags list them. */
export const PROBE_FEATURES: readonly ProbeFeatures[] = ["embedding", "conv"];

// 2×2 rather than 4×4: on 2,000 probe rows the 1,280-d 4×4 features took about 80 s per probe
// (four times the 2×2 cost) for a few points more on random and trained encoders alike.
const CONV_GRID = 2;

/** Runs the frozen encoder over every probe image in blocks of 256; returns the features and their width. */
export function embedProbeImages(network: PolicyNetwork, images: ProbeImages, features: ProbeFeatures = "embedding"): { values: Float32Array; dim: number } {
  const per = images.side * images.side * 3;
  const rows = images.labels.length;
  const blocks: Float32Array[] = [];
  let dim = 0;
  for (let start = 0; start < rows; start += 256) {
    const count = Math.min(256, rows - start);
    const block = images.pixels.subarray(start * per, (start + count) * per);
    blocks.push(
      tf.tidy(() => {
        const pixels = tf.tensor4d(block, [count, images.side, images.side, 3]);
        const out = features === "conv" ? imageFeatureMaps(network, pixels, CONV_GRID) : network.embedImages(pixels);
        dim = out.shape[1];
        return out.dataSync() as Float32Array;
      }),
    );
  }
  const values = new Float32Array(rows * dim);
  let at = 0;
  for (const b of blocks) {
    values.set(b, at);
    at += b.length;
  }
  return { values, dim };
}

/**
 * How the probe's objective is computed: `loops`, core's float64 loops (every table's probe),
 * or `tensor`, the same sums as matrix products on the run's backend in float32 (tens of
 * times faster on 10,000 rows; the fit can end a few test images apart from the loops').
 */
export type ProbeObjectiveChoice = "loops" | "tensor";

/** The objectives' names, in the order flags list them. */
export const PROBE_OBJECTIVES: readonly ProbeObjectiveChoice[] = ["loops", "tensor"];

/** Linear-probe test accuracy (percent) of the network's frozen image encoder, read as `features`. */
export function probeAccuracy(network: PolicyNetwork, images: ProbeImages, features: ProbeFeatures = "embedding", objective: ProbeObjectiveChoice = "loops"): number {
  const { values, dim } = embedProbeImages(network, images, features);
  const result = linearProbe({
    embeddings: values,
    dim,
    labels: images.labels,
    train: images.train,
    val: images.val,
    test: images.test,
    ...(objective === "tensor" ? { objective: tensorProbeObjective } : {}),
  });
  return 100 * result.testAccuracy;
}
