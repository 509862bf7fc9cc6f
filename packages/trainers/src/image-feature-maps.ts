import * as tf from "@tensorflow/tfjs";
import { runConvBlocks } from "./image-encoder.js";
import type { PolicyNetwork } from "./policy-network.js";

/**
 * Conv features of the shared CNN for linear evaluation: the ReLU output of each convolution
 * block, average-pooled to a `grid × grid` map and flattened (channels last), then all blocks
 * concatenated. Standard self-supervised linear evaluation probes conv features like these
 * rather than the last dense layer, which is sized for the pretext heads.
 *
 * Runs the encoder's own conv blocks on the network's weights, so the features are exactly the
 * encoder's activations (normalisation included). The encoder is made first if no vision task
 * made it (a random-init baseline).
 *
 * @param blocks Which conv blocks to keep, 1-based (default every block).
 * @returns `[n, Σ grid² · channels]`.
 *
 * @example
 * ```ts
 * const net = new PolicyNetwork({ imageSize: 32, channels: [16, 32, 32], embedding: 64, headHidden: 64, graphHidden: [64], vectorHidden: 64 }, 1);
 * const f = imageFeatureMaps(net, tf.zeros([2, 32, 32, 3]), 4); // [2, (16 + 32 + 32) * 16]
 * ```
 */
export function imageFeatureMaps(network: PolicyNetwork, images: tf.Tensor4D, grid: number, blocks?: readonly number[]): tf.Tensor2D {
  const { channels } = network.config;
  // Makes the encoder's variables when no task has (their values follow the seed either way).
  if (!network.store.variables.has("image/conv1/w")) tf.tidy(() => network.embedImages(tf.zeros([1, network.config.imageSize, network.config.imageSize, 3])));
  const keep = new Set(blocks ?? channels.map((_, i) => i + 1));
  return tf.tidy(() => {
    const parts: tf.Tensor2D[] = [];
    runConvBlocks(network.store, network.config, images, (h, i) => {
      if (!keep.has(i + 1)) return;
      const side = h.shape[1];
      // Equal pooling windows: the map side must be a multiple of the grid (32, 16, 8 → 4 here).
      const window = Math.max(1, Math.floor(side / grid));
      const pooled = window === 1 ? h : tf.avgPool(h, window, window, "valid");
      parts.push(pooled.reshape([h.shape[0], -1]) as tf.Tensor2D);
    });
    return tf.concat(parts, 1);
  });
}
