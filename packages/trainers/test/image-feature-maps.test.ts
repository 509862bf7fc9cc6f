import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "@ssl4rl/core";
import { imageFeatureMaps, type NetworkConfig, PolicyNetwork, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const config: NetworkConfig = { imageSize: 32, channels: [16, 32, 32], embedding: 64, headHidden: 64, graphHidden: [64], vectorHidden: 64 };

function images(n: number, seed: number): tf.Tensor4D {
  const rng = Random.fromSeed(seed);
  return tf.tensor4d(Float32Array.from({ length: n * 32 * 32 * 3 }, () => rng.float()), [n, 32, 32, 3]);
}

for (const backend of BACKENDS) {
  describe(`imageFeatureMaps on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it.each([
      [4, undefined, (16 + 32 + 32) * 16],
      [2, undefined, (16 + 32 + 32) * 4],
      [1, [3], 32],
      [8, [3], 32 * 64],
      [2, [1, 3], (16 + 32) * 4],
    ] as const)("grid %d, blocks %j → %d values per image", (grid, blocks, width) => {
      const net = new PolicyNetwork(config, 1);
      const f = imageFeatureMaps(net, images(3, 1), grid, blocks);
      expect(f.shape).toEqual([3, width]);
      f.dispose();
      net.dispose();
    });

    it("pools by averaging: the mean of the 2×2 cells of a block is its 1×1 value", () => {
      const net = new PolicyNetwork(config, 2);
      const x = images(2, 2);
      const fine = imageFeatureMaps(net, x, 2, [2]).arraySync() as number[][];
      const coarse = imageFeatureMaps(net, x, 1, [2]).arraySync() as number[][];
      // Channels last: cell c of channel k sits at c * 32 + k.
      for (let i = 0; i < 2; i++) {
        for (let k = 0; k < 32; k++) {
          const cells = [0, 1, 2, 3].map((c) => fine[i]![c * 32 + k]!);
          expect(cells.reduce((a, b) => a + b, 0) / 4).toBeCloseTo(coarse[i]![k]!, 4);
        }
      }
      net.dispose();
    });

    it("reads the encoder's weights: a network made by embedImages gives the same features as one made by the feature call, and another seed differs", () => {
      const x = images(2, 3);
      const a = new PolicyNetwork(config, 5);
      a.embedImages(x).dispose();
      const b = new PolicyNetwork(config, 5);
      const c = new PolicyNetwork(config, 6);
      const fa = imageFeatureMaps(a, x, 2).dataSync();
      const fb = imageFeatureMaps(b, x, 2).dataSync();
      const fc = imageFeatureMaps(c, x, 2).dataSync();
      expect(Array.from(fb)).toEqual(Array.from(fa));
      expect(Array.from(fc)).not.toEqual(Array.from(fa));
      // ReLU outputs: never negative.
      expect(Math.min(...fa)).toBeGreaterThanOrEqual(0);
      for (const n of [a, b, c]) n.dispose();
    });
  });
}
