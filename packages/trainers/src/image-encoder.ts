import * as tf from "@tensorflow/tfjs";
import type { ParameterStore } from "./parameter-store.js";

/** Sizes of the shared image encoder. */
export interface ImageEncoderConfig {
  /** Input side in pixels (square images, as the vision tasks emit them). */
  readonly imageSize: number;
  /** Output channels of each 3×3 convolution; every layer after the first halves the resolution. */
  readonly channels: readonly number[];
  /** Size of the per-image embedding. */
  readonly embedding: number;
  /**
   * `group`: each convolution's output is normalised per image over groups of channels (group
   * normalisation, 8 groups or fewer) with a learned scale and shift per channel, before its
   * ReLU. Per image, so a sampled answer never depends on the rest of its batch. Absent: none.
   */
  readonly imageNorm?: "group";
}

/** An image encoder: `[n, H, W, 3]` pixels in [0, 1] → `[n, embedding]`. */
export type ImageEncoder = (images: tf.Tensor4D) => tf.Tensor2D;

/** The stride of conv block `i` (0-based): 1 for the first, 2 for every later one. */
const strideOf = (i: number) => (i === 0 ? 1 : 2);

/** The groups of group normalisation for `channels`: 8, or fewer where 8 does not divide them. */
export function normGroups(channels: number): number {
  let groups = Math.min(8, channels);
  while (channels % groups !== 0) groups--;
  return groups;
}

/** Group normalisation of `x` `[n, h, w, c]` with per-channel `scale` and `shift`. */
function groupNorm(x: tf.Tensor4D, scale: tf.Tensor, shift: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const groups = normGroups(c);
  const grouped = x.reshape([n, h, w, groups, c / groups]);
  const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
  const normed = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, 1e-5))).reshape([n, h, w, c]);
  return tf.add(tf.mul(normed, scale), shift) as tf.Tensor4D;
}

/**
 * Makes the conv blocks' weights in `store`: `image/conv{i}/w`, `/b`, and with group
 * normalisation `image/norm{i}/scale` (ones) and `/shift` (zeros).
 */
function makeConvWeights(store: ParameterStore, config: ImageEncoderConfig): void {
  let cin = 3;
  config.channels.forEach((cout, i) => {
    store.heNormal(`image/conv${i + 1}/w`, [3, 3, cin, cout], 9 * cin);
    store.constant(`image/conv${i + 1}/b`, [cout]);
    if (config.imageNorm === "group") {
      store.constant(`image/norm${i + 1}/scale`, [cout], 1);
      store.constant(`image/norm${i + 1}/shift`, [cout]);
    }
    cin = cout;
  });
}

/**
 * The encoder's conv blocks on `images` (pixels in [0, 1]), with the weights in `store`: each
 * block is a 3×3 convolution (stride 1 for the first, 2 after), its normalisation if any, and
 * ReLU. `each` sees every block's output in order; the last is returned. The encoder and the
 * probes' feature maps both run this, so their activations are the same by construction.
 */
export function runConvBlocks(store: ParameterStore, config: ImageEncoderConfig, images: tf.Tensor4D, each?: (block: tf.Tensor4D, index: number) => void): tf.Tensor4D {
  let h: tf.Tensor4D = tf.sub(images, 0.5) as tf.Tensor4D;
  config.channels.forEach((_, i) => {
    const w = store.get(`image/conv${i + 1}/w`) as tf.Tensor4D;
    const b = store.get(`image/conv${i + 1}/b`);
    const strides = strideOf(i);
    if (config.imageNorm === "group") {
      const conv = tf.add(tf.conv2d(h, w, strides, "same"), b) as tf.Tensor4D;
      h = tf.relu(groupNorm(conv, store.get(`image/norm${i + 1}/scale`), store.get(`image/norm${i + 1}/shift`)));
    } else {
      h = tf.fused.conv2d({ x: h, filter: w, strides, pad: "same", bias: b, activation: "relu" });
    }
    each?.(h, i);
  });
  return h;
}

/**
 * A small CNN shared by every vision task: 3×3 convolutions with ReLU (stride 1, then 2),
 * flattened, then a dense embedding. Flattening keeps where things are, which rotation,
 * position and jigsaw all depend on (global pooling would throw it away).
 */
export function createImageEncoder(store: ParameterStore, config: ImageEncoderConfig): ImageEncoder {
  makeConvWeights(store, config);
  const side = config.channels.reduce((s, _, i) => Math.ceil(s / strideOf(i)), config.imageSize);
  const flat = side * side * config.channels.at(-1)!;
  const dw = store.heNormal("image/embed/w", [flat, config.embedding], flat);
  const db = store.constant("image/embed/b", [config.embedding]);
  return (images) => {
    const h = runConvBlocks(store, config, images);
    return tf.fused.matMul({ a: h.reshape([h.shape[0], flat]), b: dw as tf.Tensor2D, bias: db, activation: "relu" }) as tf.Tensor2D;
  };
}
