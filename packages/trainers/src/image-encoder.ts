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
}

/** An image encoder: `[n, H, W, 3]` pixels in [0, 1] → `[n, embedding]`. */
export type ImageEncoder = (images: tf.Tensor4D) => tf.Tensor2D;

/**
 * A small CNN shared by every vision task: 3×3 convolutions with ReLU (stride 1, then 2),
 * flattened, then a dense embedding. Flattening keeps where things are, which rotation,
 * position and jigsaw all depend on (global pooling would throw it away).
 */
export function createImageEncoder(store: ParameterStore, config: ImageEncoderConfig): ImageEncoder {
  let cin = 3;
  let side = config.imageSize;
  const layers: { w: tf.Variable; b: tf.Variable; stride: number }[] = [];
  config.channels.forEach((cout, i) => {
    const stride = i === 0 ? 1 : 2;
    layers.push({
      w: store.heNormal(`image/conv${i + 1}/w`, [3, 3, cin, cout], 9 * cin),
      b: store.constant(`image/conv${i + 1}/b`, [cout]),
      stride,
    });
    side = Math.ceil(side / stride);
    cin = cout;
  });
  const flat = side * side * cin;
  const dw = store.heNormal("image/embed/w", [flat, config.embedding], flat);
  const db = store.constant("image/embed/b", [config.embedding]);
  return (images) => {
    let h: tf.Tensor4D = tf.sub(images, 0.5) as tf.Tensor4D;
    for (const layer of layers) {
      h = tf.fused.conv2d({ x: h, filter: layer.w as tf.Tensor4D, strides: layer.stride, pad: "same", bias: layer.b, activation: "relu" });
    }
    return tf.fused.matMul({ a: h.reshape([h.shape[0], flat]), b: dw as tf.Tensor2D, bias: db, activation: "relu" }) as tf.Tensor2D;
  };
}
