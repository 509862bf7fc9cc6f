import { beforeAll, describe, expect, it } from "vitest";
import {
  grpoLoss,
  klK3,
  logProbTable,
  PolicyNetwork,
  tf,
  tokenMean,
  type TaskBatch,
} from "@ssl4rl/trainers";
import { BACKENDS, useBackend } from "./backends.js";

const space = { steps: 2, choices: 3, toAnswer: (c: readonly number[]) => c.join(","), toChoices: () => undefined };
const episode = (v: number[]) => ({
  id: "e", taskId: "toy/two-step", taskVersion: "1", observation: { kind: "vector" as const, values: Float32Array.from(v) },
  prompt: { messages: [], images: [] }, answer: "0,0", metadata: {},
});

for (const backend of BACKENDS) {
  describe(`grpoLoss on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("at ratio 1 with the reference equal to the policy: loss = −mean(A) − c·entropy, KL 0, nothing clipped; masked samples drop out", () => {
      const network = new PolicyNetwork({ imageSize: 32, channels: [4], embedding: 4, headHidden: 8, graphHidden: [4], vectorHidden: 8 }, 3);
      network.addTask("toy/two-step", space, episode([1, 0]));
      const episodes = [episode([1, 0]), episode([0, 1])];
      const inputs = network.inputs("toy/two-step", episodes);
      const table = logProbTable(network, "toy/two-step", inputs, 1);
      // 2 episodes × G = 2 samples × 2 steps
      const actions = Int32Array.from([0, 1, 2, 2, 1, 1, 0, 2]);
      const old = Float32Array.from(actions, (a, r) => table.values[(Math.floor(r / 4) * 2 + (r % 2)) * 3 + a]!);
      const advantages = Float32Array.from([1, -1, 2, 0]);
      const batch = (weights: number[]): TaskBatch => ({
        taskId: "toy/two-step", inputs, episodes: 2, groupSize: 2, steps: 2, actions, oldLogProbs: old, refLogProbs: old, advantages, weights: Float32Array.from(weights),
      });
      // mean entropy per step over episodes (each step's distribution, weighted by samples)
      let entropy = 0;
      for (let e = 0; e < 2; e++) for (let s = 0; s < 2; s++) for (let c = 0; c < 3; c++) {
        const lp = table.values[(e * 2 + s) * 3 + c]!;
        entropy -= Math.exp(lp) * lp;
      }
      entropy /= 4;
      const settings = { clip: { low: 0.2, high: 0.2 }, klCoefficient: 0.01, klEstimator: klK3, aggregation: tokenMean, entropyCoefficient: 0.1, temperature: 1 };
      tf.tidy(() => {
        const all = grpoLoss(network, [batch([1, 1, 1, 1])], settings);
        expect(all.loss.dataSync()[0]).toBeCloseTo(-0.5 - 0.1 * entropy, 4);
        expect(all.parts.kl.dataSync()[0]).toBeCloseTo(0, 6);
        expect(all.parts.clipFraction.dataSync()[0]).toBe(0);
        // Filtering the first episode's group (DAPO): only advantages 2 and 0 remain.
        const filtered = grpoLoss(network, [batch([0, 0, 1, 1])], { ...settings, entropyCoefficient: 0 });
        expect(filtered.parts.policyLoss.dataSync()[0]).toBeCloseTo(-1, 5);
      });
      network.disposeInputs(inputs);
      network.dispose();
    });
  });
}
