import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "@ssl4rl/core";
import { DEFAULT_NETWORK, imageFeatureMaps, type NetworkConfig, normGroups, PolicyNetwork, resolveTrainConfig, tf } from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const plain: NetworkConfig = { imageSize: 16, channels: [8, 16], embedding: 12, headHidden: 8, graphHidden: [8], vectorHidden: 8 };
const normed: NetworkConfig = { ...plain, imageNorm: "group" };

function images(n: number, seed: number): tf.Tensor4D {
  const rng = Random.fromSeed(seed);
  return tf.tensor4d(Float32Array.from({ length: n * 16 * 16 * 3 }, () => rng.float()), [n, 16, 16, 3]);
}

const maxGap = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe("normGroups", () => {
  it.each([
    [128, 8],
    [16, 8],
    [12, 6],
    [5, 5],
    [3, 3],
  ])("%d channels → %d groups", (channels, groups) => expect(normGroups(channels)).toBe(groups));
});

describe("imageNorm in a training config", () => {
  it("is absent by default (no normalisation), accepts group and names the field for anything else", () => {
    expect(resolveTrainConfig({ tasks: [{ id: "vision/rotation" }] }).network.imageNorm).toBeUndefined();
    expect(resolveTrainConfig({ tasks: [{ id: "vision/rotation" }], network: { ...DEFAULT_NETWORK, imageNorm: "group" } }).network.imageNorm).toBe("group");
    expect(() => resolveTrainConfig({ tasks: [{ id: "vision/rotation" }], network: { ...DEFAULT_NETWORK, imageNorm: "batch" } })).toThrow(/imageNorm/);
  });
});

for (const backend of BACKENDS) {
  describe(`the CNN with group normalisation on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("has a scale (ones) and a shift (zeros) per channel of each block, and no others without it", () => {
      const net = new PolicyNetwork(normed, 1);
      net.embedImages(images(1, 1)).dispose();
      expect(Array.from(net.store.get("image/norm1/scale").dataSync())).toEqual(new Array(8).fill(1));
      expect(Array.from(net.store.get("image/norm2/shift").dataSync())).toEqual(new Array(16).fill(0));
      const bare = new PolicyNetwork(plain, 1);
      bare.embedImages(images(1, 1)).dispose();
      expect([...bare.store.variables.keys()].some((k) => k.includes("norm"))).toBe(false);
      // The conv weights are the same draws either way (seeded by name).
      expect(maxGap(net.store.get("image/conv2/w").dataSync(), bare.store.get("image/conv2/w").dataSync())).toBe(0);
      net.dispose();
      bare.dispose();
    });

    it("normalises per image: a contrast change of the input leaves the features unchanged, which it does not without", () => {
      const x = images(2, 2);
      // 0.5 + 3 (x − 0.5): the conv's input is centred at 0.5, so this scales its output by 3 (biases start at 0).
      const contrast = tf.add(tf.mul(tf.sub(x, 0.5), 3), 0.5) as tf.Tensor4D;
      for (const [config, same] of [
        [normed, true],
        [plain, false],
      ] as const) {
        const net = new PolicyNetwork(config, 3);
        const a = imageFeatureMaps(net, x, 2).dataSync();
        const b = imageFeatureMaps(net, contrast, 2).dataSync();
        if (same) expect(maxGap(a, b)).toBeLessThan(1e-3);
        else expect(maxGap(a, b)).toBeGreaterThan(0.1);
        net.dispose();
      }
    });

    it("gives each image the features it has alone, whatever else is in the batch", () => {
      const net = new PolicyNetwork(normed, 4);
      const x = images(3, 4);
      const batch = net.embedImages(x).arraySync() as number[][];
      const alone = net.embedImages(x.slice([1, 0, 0, 0], [1, 16, 16, 3]) as tf.Tensor4D).arraySync() as number[][];
      expect(maxGap(batch[1]!, alone[0]!)).toBeLessThan(1e-4);
      net.dispose();
    });

    it("passes finite, non-zero gradients to every encoder weight, the normalisation's included", () => {
      const net = new PolicyNetwork(normed, 5);
      const x = images(2, 5);
      net.embedImages(x).dispose();
      const names = [...net.store.variables.keys()];
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(net.embedImages(x))) as tf.Scalar, [...net.store.variables.values()]);
      const byName = new Map([...net.store.variables].map(([name, v]) => [v.name, name]));
      const seen = new Set<string>();
      for (const [id, g] of Object.entries(grads)) {
        const values = Array.from(g.dataSync());
        const name = byName.get(id)!;
        seen.add(name);
        expect(values.every(Number.isFinite), name).toBe(true);
        expect(Math.max(...values.map(Math.abs)), name).toBeGreaterThan(0);
      }
      expect([...seen].sort()).toEqual(names.sort());
      expect(names).toContain("image/norm1/scale");
      net.dispose();
    });
  });
}
