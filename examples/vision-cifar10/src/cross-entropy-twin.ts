import { type Episode, type Registry, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { actionSpaceFor, AdamOptimizer, type ActionSpace, clipByGlobalNorm, EpisodeFeed, type NetworkConfig, type OpenTaskSource, PolicyNetwork, type TaskInputs, tf } from "@ssl4rl/trainers";
import type { TaskEntry } from "./vision-grid.js";

/** Settings of a cross-entropy run; the same knobs as the GRPO run it is the twin of. */
export interface CrossEntropySettings {
  readonly tasks: readonly TaskEntry[];
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly gradClip: number;
  readonly seed: number;
  readonly network: NetworkConfig;
  readonly openSource: OpenTaskSource;
}

/** Episodes per task for one step: an even split, the remainder rotating so no task is favoured. */
function evenSplit(tasks: number, batchSize: number, step: number): number[] {
  const counts = Array.from({ length: tasks }, () => Math.floor(batchSize / tasks));
  for (let r = 0; r < batchSize % tasks; r++) counts[(step + r) % tasks]!++;
  return counts;
}

/** The choice index each answer step must take, `[episodes × steps]`, from the episodes' own answers. */
function targets(space: ActionSpace, episodes: readonly Episode[]): Int32Array {
  const out = new Int32Array(episodes.length * space.steps);
  episodes.forEach((e, i) => {
    const choices = space.steps === 1 && e.answerIndex !== undefined ? [e.answerIndex] : space.toChoices(e.answer);
    if (!choices || choices.length !== space.steps) throw new Error(`episode ${e.id}: answer "${e.answer}" cannot be spelt in the policy's action space`);
    out.set(choices, i * space.steps);
  });
  return out;
}

/**
 * The supervised twin of a GRPO run: the same network (same seed, same heads), the same
 * episode streams, batch size and steps, so it sees the same number of images, but trained
 * by cross-entropy on the pretext answers (each answer step's choice, summed over steps)
 * instead of by sampled rewards. It shows what RL costs or gains against direct supervision.
 * Returns the trained network; the caller disposes it.
 */
export async function trainCrossEntropyTwin(registry: Registry, settings: CrossEntropySettings, onStep?: (step: number, loss: number) => void): Promise<PolicyNetwork> {
  const network = new PolicyNetwork(settings.network, settings.seed);
  const skips = new SkipCounter();
  const states: { id: string; space: ActionSpace; feed: EpisodeFeed }[] = [];
  for (const entry of settings.tasks) {
    const task = registry.task(entry.id);
    const options = resolveTaskOptions(task, entry.options, `${entry.id}.options`);
    // The same feed seed as the GRPO trainer's (`SEED:TASK`), so both see the same episodes.
    const feed = await EpisodeFeed.open(task, options, settings.openSource, `${settings.seed}:${task.id}`, skips);
    const space = actionSpaceFor(task, options);
    network.addTask(task.id, space, await feed.peek());
    states.push({ id: task.id, space, feed });
  }
  const optimizer = new AdamOptimizer({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false });
  const names = new Map([...network.store.variables].map(([name, v]) => [v.name, name]));
  const varList = [...network.store.variables.values()];
  try {
    for (let step = 0; step < settings.steps; step++) {
      const counts = evenSplit(states.length, settings.batchSize, step);
      const batches: { id: string; space: ActionSpace; inputs: TaskInputs; targets: tf.Tensor1D }[] = [];
      for (const [k, s] of states.entries()) {
        if (counts[k] === 0) continue;
        const episodes = await s.feed.take(counts[k]!);
        batches.push({ id: s.id, space: s.space, inputs: network.inputs(s.id, episodes), targets: tf.tensor1d(targets(s.space, episodes), "int32") });
      }
      try {
        const total = counts.reduce((a, b) => a + b, 0);
        const { value, grads } = tf.variableGrads(() => {
          // Mean over episodes of the summed per-step cross-entropy, pooled over tasks.
          const losses = batches.map((b) => {
            const logits = network.logits(b.id, b.inputs);
            const [n, steps, choices] = logits.shape;
            const flat = logits.reshape([n * steps, choices]);
            const labels = tf.oneHot(b.targets, choices);
            return tf.sum(tf.losses.softmaxCrossEntropy(labels, flat, undefined, undefined, tf.Reduction.NONE));
          });
          return tf.div(tf.addN(losses), total) as tf.Scalar;
        }, varList);
        const loss = value.dataSync()[0]!;
        value.dispose();
        const named: Record<string, tf.Tensor> = {};
        for (const [tfName, g] of Object.entries(grads)) named[names.get(tfName) ?? tfName] = g;
        const clipped = clipByGlobalNorm(named, settings.gradClip);
        optimizer.apply(network.store.variables, clipped.gradients, settings.learningRate);
        Object.values(clipped.gradients).forEach((t) => t.dispose());
        if (!Number.isFinite(loss)) throw new Error(`cross-entropy loss became ${loss} at step ${step + 1}`);
        onStep?.(step + 1, loss);
      } finally {
        for (const b of batches) {
          network.disposeInputs(b.inputs);
          b.targets.dispose();
        }
      }
    }
  } finally {
    optimizer.dispose();
  }
  return network;
}
