import { describe, expect, it } from "vitest";
import { createRegistry, type Episode, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { graphTasks } from "@ssl4rl/graph-tasks";
import { actionSpaceFor, EpisodeFeed, type NetworkConfig, type OpenTaskSource, PolicyNetwork, selectBackend, tf, trainCrossEntropy } from "@ssl4rl/trainers";

const registry = createRegistry([graphTasks()]);
const openSource: OpenTaskSource = (task, seed) => registry.openSource("synthetic", task.modality, { seed, skips: new SkipCounter() });
const network: NetworkConfig = { imageSize: 32, channels: [8], embedding: 16, headHidden: 32, graphHidden: [32], vectorHidden: 32 };
const EDGES = "graph/edge-prediction";
const settings = { tasks: [{ id: EDGES, options: {} }], batchSize: 64, learningRate: 3e-3, gradClip: 1, seed: 4, network, openSource };

/** Share of `episodes` whose most likely answer under `net` is the right one. */
function greedyAccuracy(net: PolicyNetwork, episodes: readonly Episode[]): number {
  const inputs = net.inputs(EDGES, episodes);
  try {
    const best = tf.tidy(() => tf.argMax(net.logits(EDGES, inputs), -1).dataSync());
    return episodes.filter((e, i) => best[i] === e.answerIndex).length / episodes.length;
  } finally {
    net.disposeInputs(inputs);
  }
}

/** The first `count` episodes of the feed the twin trains on. */
async function trainingEpisodes(count: number): Promise<Episode[]> {
  const feed = await EpisodeFeed.open(registry.task(EDGES), resolveTaskOptions(registry.task(EDGES), {}, "options"), openSource, `${settings.seed}:${EDGES}`, new SkipCounter());
  return feed.take(count);
}

describe("trainCrossEntropy on a graph task (modality-blind, as the trainer)", () => {
  it("fits edge prediction on the synthetic graph (its greedy answers to its own episodes go from chance to mostly right), calling afterStep once per step with the trained network", async () => {
    await selectBackend("wasm");
    const seenEpisodes = await trainingEpisodes(300);
    const seen: number[] = [];
    let watched: PolicyNetwork | undefined;
    const losses: number[] = [];
    const net = await trainCrossEntropy(
      registry,
      {
        ...settings,
        steps: 150,
        afterStep: (step, n) => {
          seen.push(step);
          watched = n;
        },
      },
      (_step, loss) => losses.push(loss),
    );
    try {
      expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      expect(watched).toBe(net);
      const early = losses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
      const late = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
      expect(late).toBeLessThan(early - 0.15);
      // The episodes it was trained on (the twin's feed seed is the trainer's, SEED:TASK): its
      // greedy answers, near chance (0.5) untrained, are now mostly right.
      const untrained = new PolicyNetwork(network, settings.seed);
      untrained.addTask(EDGES, actionSpaceFor(registry.task(EDGES), resolveTaskOptions(registry.task(EDGES), {}, "options")), seenEpisodes[0]!);
      const before = greedyAccuracy(untrained, seenEpisodes);
      untrained.dispose();
      const after = greedyAccuracy(net, seenEpisodes);
      expect(before).toBeLessThan(0.65);
      expect(after).toBeGreaterThan(0.75);
    } finally {
      net.dispose();
    }
  });

  it("disposes its network when a callback throws, leaving no tensor behind", async () => {
    await selectBackend("wasm");
    const before = tf.memory().numTensors;
    await expect(
      trainCrossEntropy(registry, {
        ...settings,
        steps: 5,
        afterStep: (step) => {
          if (step === 3) throw new Error("probe failed");
        },
      }),
    ).rejects.toThrow("probe failed");
    expect(tf.memory().numTensors).toBe(before);
  });
});
