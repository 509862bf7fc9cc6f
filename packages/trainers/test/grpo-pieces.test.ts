import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AdamOptimizer,
  batchAdvantages,
  clipByGlobalNorm,
  clippedPolicyLoss,
  constantSchedule,
  cosineSchedule,
  groupAdvantages,
  isDegenerateGroup,
  klK1,
  klK2,
  klK3,
  linearSchedule,
  meanOnlyAdvantages,
  seqMeanTokenMean,
  seqMeanTokenSumNorm,
  tokenMean,
  unbiasedStd,
} from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const EPS = { epsilon: 1e-6 };

describe("advantage estimators (hand-computed)", () => {
  it.each([
    // rewards, group-normalised
    [[1, 0, 0, 0], [1.5, -0.5, -0.5, -0.5]],
    [[1, 1, 0, 0], [0.8660254, 0.8660254, -0.8660254, -0.8660254]],
    [[0.5, 0.5, 0.5], [0, 0, 0]],
    [[0.25, 0.75], [-0.7071068, 0.7071068]],
  ])("group: %j → %j", (rewards, expected) => {
    groupAdvantages([rewards], EPS)[0]!.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 5));
  });

  it("batch: subtracts each group's mean, divides by the batch std", () => {
    // flat [1, 0, 1, 1]: mean 0.75, unbiased std 0.5; group means 0.5 and 1
    const out = batchAdvantages([[1, 0], [1, 1]], EPS);
    expect(out[0]![0]).toBeCloseTo(1, 5);
    expect(out[0]![1]).toBeCloseTo(-1, 5);
    expect(out[1]).toEqual([0, 0]);
  });

  it("none (Dr. GRPO): subtracts the group mean only", () => {
    expect(meanOnlyAdvantages([[1, 0, 0, 0]], EPS)[0]).toEqual([0.75, -0.25, -0.25, -0.25]);
  });

  it("epsilon keeps a near-degenerate group finite", () => {
    const out = groupAdvantages([[1, 1 + 1e-12]], { epsilon: 1e-6 });
    out[0]!.forEach((a) => expect(Number.isFinite(a)).toBe(true));
  });

  it("counts degenerate groups", () => {
    expect(isDegenerateGroup([1, 1, 1])).toBe(true);
    expect(isDegenerateGroup([1, 0, 1])).toBe(false);
  });

  it("property: group advantages sum to 0 and have unit std in every non-degenerate group", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }), { minLength: 1, maxLength: 5 }), (groups) => {
        groupAdvantages(groups, { epsilon: 0 }).forEach((adv, i) => {
          if (unbiasedStd(groups[i]!) < 1e-6) return;
          expect(adv.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
          expect(unbiasedStd(adv)).toBeCloseTo(1, 6);
        });
      }),
    );
  });
});

describe("learning-rate schedules", () => {
  const o = { baseRate: 1, totalSteps: 10, warmupSteps: 0, finalFraction: 0.1 };
  it.each([
    ["constant", constantSchedule, 0, 1],
    ["constant", constantSchedule, 9, 1],
    ["linear", linearSchedule, 0, 1],
    ["linear", linearSchedule, 5, 0.55],
    ["linear", linearSchedule, 10, 0.1],
    ["cosine", cosineSchedule, 0, 1],
    ["cosine", cosineSchedule, 5, 0.55],
    ["cosine", cosineSchedule, 10, 0.1],
  ] as const)("%s at step %i = %f", (_, schedule, step, rate) => {
    expect(schedule(step, o)).toBeCloseTo(rate, 9);
  });
  it("warms up linearly from 0", () => {
    const w = { ...o, warmupSteps: 4 };
    expect([0, 1, 2, 3, 4].map((s) => constantSchedule(s, w))).toEqual([0.25, 0.5, 0.75, 1, 1]);
  });
});

for (const backend of BACKENDS) {
  describe(`GRPO tensor pieces on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    const value = (t: tf.Tensor) => Array.from(t.dataSync());

    it.each([
      // ratio, advantage, low, high, loss, clipped
      [1.5, 1, 0.2, 0.2, -1.2, 1],
      [1.5, -1, 0.2, 0.2, 1.5, 0],
      [0.5, 1, 0.2, 0.2, -0.5, 0],
      [0.5, -1, 0.2, 0.2, 0.8, 1],
      [1.25, 1, 0.2, 0.28, -1.25, 0],
      [1.25, 1, 0.2, 0.2, -1.2, 1],
      [1, 2, 0.2, 0.2, -2, 0],
    ])("clipped loss: ratio %f, A %f, clip [%f, %f] → %f (clipped %i)", (ratio, adv, low, high, loss, clipped) => {
      tf.tidy(() => {
        const out = clippedPolicyLoss(tf.tensor1d([Math.log(ratio)]), tf.tensor1d([0]), tf.tensor1d([adv]), { low, high });
        expect(value(out.loss)[0]).toBeCloseTo(loss, 5);
        expect(value(out.clipped)[0]).toBe(clipped);
      });
    });

    it("clipped loss: a log-ratio of 100 (exp overflows float32) gives a finite loss and a finite gradient", () => {
      const lp = tf.variable(tf.tensor1d([100, 100, Math.log(1.1)]));
      const old = tf.tensor1d([0, 0, 0]);
      const adv = tf.tensor1d([1, -1, 1]);
      const { value: total, grads } = tf.variableGrads(() => tf.sum(clippedPolicyLoss(lp, old, adv, { low: 0.2, high: 0.2 }).loss) as tf.Scalar, [lp]);
      expect(Number.isFinite(total.dataSync()[0])).toBe(true);
      const g = Array.from(Object.values(grads)[0]!.dataSync());
      expect(g.every(Number.isFinite)).toBe(true);
      // A > 0: clipped at 1.2, no gradient. A < 0: nothing clips it from above, but past the bound no gradient either.
      expect(g[0]).toBeCloseTo(0, 6);
      expect(g[1]).toBeCloseTo(0, 6);
      // Inside the clip range the gradient is −A·r.
      expect(g[2]).toBeCloseTo(-1.1, 4);
      lp.dispose();
      old.dispose();
      adv.dispose();
    });

    it("a NaN log-probability stays NaN through the bounded ratio, in the policy loss and in k3", () => {
      tf.tidy(() => {
        const lp = tf.tensor1d([Number.NaN, Math.log(0.5)]);
        const ref = tf.tensor1d([Math.log(0.25), Math.log(0.25)]);
        const loss = value(clippedPolicyLoss(lp, tf.zeros([2]), tf.ones([2]), { low: 0.2, high: 0.2 }).loss);
        expect(Number.isNaN(loss[0])).toBe(true);
        expect(loss[1]).toBeCloseTo(-0.5, 5);
        const k = value(klK3(lp, ref));
        expect(Number.isNaN(k[0])).toBe(true);
        expect(k[1]).toBeCloseTo(0.5 + Math.log(2) - 1, 5);
      });
    });

    it("KL estimators k1, k2, k3 for π = 0.5, π_ref = 0.25", () => {
      tf.tidy(() => {
        const lp = tf.tensor1d([Math.log(0.5)]);
        const ref = tf.tensor1d([Math.log(0.25)]);
        expect(value(klK1(lp, ref))[0]).toBeCloseTo(Math.log(2), 5);
        expect(value(klK2(lp, ref))[0]).toBeCloseTo(0.5 * Math.log(2) ** 2, 5);
        expect(value(klK3(lp, ref))[0]).toBeCloseTo(0.5 + Math.log(2) - 1, 5);
        // identical policies: every estimator is 0
        for (const k of [klK1, klK2, klK3]) expect(value(k(lp, lp))[0]).toBeCloseTo(0, 6);
      });
    });

    it("k3 stays finite, and so does its gradient, when the policy has moved far from the reference", () => {
      // log π_ref − log π = 100: exp of it overflows float32, and the clamp's zero gradient times
      // an infinite one would be NaN.
      const lp = tf.variable(tf.tensor1d([-101, -0.5]));
      const ref = tf.tensor1d([-1, -0.25]);
      const { value: k, grads } = tf.variableGrads(() => tf.sum(klK3(lp, ref)) as tf.Scalar, [lp]);
      expect(Number.isFinite(k.dataSync()[0])).toBe(true);
      const g = Array.from(Object.values(grads)[0]!.dataSync());
      expect(g.every(Number.isFinite)).toBe(true);
      // The clamped token passes no gradient; the other one its own: d/dlp (e^(ref−lp) − (ref−lp) − 1) = 1 − e^(ref−lp).
      expect(g[0]).toBeCloseTo(0, 6);
      expect(g[1]).toBeCloseTo(1 - Math.exp(0.25), 4);
      lp.dispose();
      ref.dispose();
    });

    it("property: k3 is never negative", () => {
      fc.assert(
        fc.property(fc.double({ min: -8, max: 0, noNaN: true }), fc.double({ min: -8, max: 0, noNaN: true }), (a, b) => {
          const k = tf.tidy(() => value(klK3(tf.tensor1d([a]), tf.tensor1d([b])))[0]!);
          expect(k).toBeGreaterThanOrEqual(-1e-6);
        }),
        { numRuns: 50 },
      );
    });

    it.each([
      ["token-mean", tokenMean, 2.5],
      ["seq-mean-token-mean", seqMeanTokenMean, 3],
      ["seq-mean-token-sum-norm", seqMeanTokenSumNorm, 10 / 6],
    ] as const)("%s of [[1,2,3],[4,pad,pad]] = %f", (_, aggregate, expected) => {
      tf.tidy(() => {
        const loss = tf.tensor2d([[1, 2, 3], [4, 99, 99]]);
        const mask = tf.tensor2d([[1, 1, 1], [1, 0, 0]]);
        expect(value(aggregate(loss, mask))[0]).toBeCloseTo(expected, 5);
      });
    });

    it("Adam and AdamW: one step from hand-computed moments", () => {
      for (const [decoupled, weightDecay, expected] of [
        [false, 0, 0.9],
        [false, 0.1, 0.9],
        [true, 0.1, 0.89],
      ] as const) {
        const w = tf.variable(tf.tensor1d([1]));
        const opt = new AdamOptimizer({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay, decoupled });
        const g = tf.tensor1d([2]);
        opt.apply(new Map([["w", w]]), { w: g }, 0.1);
        expect(value(w)[0]).toBeCloseTo(expected, 5);
        g.dispose();
        w.dispose();
        opt.dispose();
      }
    });

    it("gradient clipping scales to the maximum global norm", () => {
      const grads = { a: tf.tensor1d([3]), b: tf.tensor1d([4]) };
      const { gradients, norm } = clipByGlobalNorm(grads, 1);
      expect(norm).toBeCloseTo(5, 5);
      expect(value(gradients.a!)[0]).toBeCloseTo(0.6, 4);
      expect(value(gradients.b!)[0]).toBeCloseTo(0.8, 4);
      Object.values(gradients).forEach((t) => t.dispose());
    });
  });
}
