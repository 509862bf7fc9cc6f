import * as tf from "@tensorflow/tfjs";
import { type Episode, type Registry, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { type ActionSpace, actionSpaceFor } from "./action-space.js";
import { AdamOptimizer, clipByGlobalNorm } from "./adam-optimizer.js";
import { EpisodeFeed, type OpenTaskSource } from "./episode-feed.js";
import type { GrpoTrainer } from "./grpo-trainer.js";
import { type NetworkConfig, PolicyNetwork, type TaskInputs } from "./policy-network.js";
import { budgetMayGrow, type ScheduleChoice, scheduledRate } from "./lr-schedule.js";
import { checkpointRun, isCheckpointStep, logStep, openRunFolder, restoreRun } from "./run-folder.js";
import type { RunCompanion } from "./run-companion.js";
import { assertFiniteUpdate } from "./training-diverged-error.js";

/** One task of a cross-entropy run: its id and raw options (validated by the task's schema). */
export interface CrossEntropyTask {
  readonly id: string;
  readonly options?: unknown;
}

/** Settings of a cross-entropy run; the same knobs as the GRPO run it is the twin of. */
export interface CrossEntropySettings {
  /** The tasks, each given an even share of every batch. */
  readonly tasks: readonly CrossEntropyTask[];
  readonly steps: number;
  readonly batchSize: number;
  /** The base learning rate (the schedule's, when there is one). */
  readonly learningRate: number;
  /** How the rate changes over the steps, as the GRPO config's `schedule` (default: constant). */
  readonly schedule?: ScheduleChoice;
  readonly gradClip: number;
  readonly seed: number;
  readonly network: NetworkConfig;
  readonly openSource: OpenTaskSource;
  /**
   * Called after each optimiser step with the network as that step left it (training waits
   * for it), e.g. to probe the encoder for model selection. It must not change the weights.
   */
  readonly afterStep?: (step: number, network: PolicyNetwork) => void;
  /**
   * State kept beside the run that a resume must restore with the weights (see `RunCompanion`):
   * its `afterStep` runs after `afterStep` above, its state goes into every checkpoint.
   */
  readonly companion?: RunCompanion;
  /** Keep the run on disk so a crash loses at most `every` steps (default: nothing written). */
  readonly checkpoints?: CrossEntropyCheckpoints;
}

/**
 * Where and how often a cross-entropy run is saved. The folder gets `config.json` (the run's
 * settings), `metrics.jsonl` (`{ step, loss, learningRate, seconds }` per step) and `checkpoints/` (weights,
 * optimiser moments and each task's place in its episode stream, in the GRPO trainer's format).
 */
export interface CrossEntropyCheckpoints {
  readonly runDir: string;
  /** Steps between checkpoints; the last step is always saved. */
  readonly every: number;
  /** Newest checkpoints kept (default 1). */
  readonly keep?: number;
  /**
   * Continue from the newest checkpoint in `runDir` (ending with the weights an uninterrupted
   * run would have); a folder holding another run's config is an error. Without it, or with no
   * checkpoint there yet, the run starts afresh and clears the folder's old checkpoints.
   */
  readonly resume?: boolean;
}

/** One line of a cross-entropy run's `metrics.jsonl`. */
export interface CrossEntropyStepReport {
  readonly step: number;
  readonly loss: number;
  /** The rate the step's update used (the schedule's at this step). */
  readonly learningRate: number;
  /** Wall time of the step. */
  readonly seconds: number;
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
 * The supervised twin of a GRPO run, as a baseline: the same network (same seed, same heads),
 * the same episode streams (the GRPO trainer's feed seeds, `SEED:TASK`), batch size and
 * steps, so it sees the same episodes, but trained by cross-entropy on the pretext answers
 * (each answer step's choice, summed over steps) instead of by sampled rewards. It shows what
 * RL costs or gains against direct supervision. Modality-blind like {@link GrpoTrainer}: images
 * and graphs reach it only as tasks' episodes. With `checkpoints` it is saved as it goes and a
 * stopped run resumes where it stopped (see {@link CrossEntropyCheckpoints}).
 * Returns the trained network, which the caller disposes; on an error it is disposed here.
 *
 * @example
 * ```ts
 * const net = await trainCrossEntropy(registry, { tasks: [{ id: "vision/rotation" }], steps: 100, batchSize: 32, learningRate: 1e-3, gradClip: 1, seed: 1, network: DEFAULT_NETWORK, openSource });
 * net.dispose();
 * ```
 */
export async function trainCrossEntropy(registry: Registry, settings: CrossEntropySettings, onStep?: (step: number, loss: number) => void): Promise<PolicyNetwork> {
  const network = new PolicyNetwork(settings.network, settings.seed);
  try {
    await train(network, registry, settings, onStep);
    return network;
  } catch (error) {
    network.dispose();
    throw error;
  }
}

/** What `config.json` holds: the settings that decide the run's weights. */
function savedSettings(settings: CrossEntropySettings): object {
  const { tasks, steps, batchSize, learningRate, schedule, gradClip, seed, network } = settings;
  // Absent for a constant rate, so the folders of runs from before schedules existed still match.
  const constant = schedule === undefined || (schedule.kind === "constant" && !schedule.warmupSteps);
  return { trainer: "cross-entropy", tasks, steps, batchSize, learningRate, ...(constant ? {} : { schedule }), gradClip, seed, network };
}

async function train(network: PolicyNetwork, registry: Registry, settings: CrossEntropySettings, onStep?: (step: number, loss: number) => void): Promise<void> {
  const store = settings.checkpoints;
  // The step budget may grow on resume (unless the rate decays over it); anything else must be the saved run's.
  const opened = store ? await openRunFolder(store.runDir, savedSettings(settings), store.resume ?? false, budgetMayGrow(settings.schedule) ? ["steps"] : []) : undefined;
  const resumeFrom = opened?.checkpoint;
  const skips = new SkipCounter();
  const states: { id: string; space: ActionSpace; feed: EpisodeFeed }[] = [];
  for (const entry of settings.tasks) {
    const task = registry.task(entry.id);
    const options = resolveTaskOptions(task, entry.options, `${entry.id}.options`);
    // The same feed seed as the GRPO trainer's (`SEED:TASK`), so both see the same episodes.
    const feed = await EpisodeFeed.open(task, options, settings.openSource, `${settings.seed}:${task.id}`, skips, resumeFrom?.feeds[task.id]);
    const space = actionSpaceFor(task, options);
    network.addTask(task.id, space, await feed.peek());
    states.push({ id: task.id, space, feed });
  }
  const optimizer = new AdamOptimizer({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false });
  const names = new Map([...network.store.variables].map(([name, v]) => [v.name, name]));
  const varList = [...network.store.variables.values()];
  const rateAt = scheduledRate(settings.schedule, settings.learningRate, settings.steps);
  let startStep = 0;
  let lastCheckpoint = opened?.checkpointPath;
  if (resumeFrom) {
    restoreRun(resumeFrom, opened!.checkpointPath!, network, optimizer, settings.companion);
    startStep = resumeFrom.step;
  }
  try {
    for (let step = startStep; step < settings.steps; step++) {
      const started = performance.now();
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
        const learningRate = rateAt(step);
        try {
          // Checked before the update, so neither the weights nor a later checkpoint take a NaN.
          assertFiniteUpdate(step, loss, clipped.norm, clipped.gradients, lastCheckpoint);
          optimizer.apply(network.store.variables, clipped.gradients, learningRate);
        } finally {
          Object.values(clipped.gradients).forEach((t) => t.dispose());
        }
        const seconds = (performance.now() - started) / 1000;
        if (store) await logStep(store.runDir, { step: step + 1, loss, learningRate, seconds } satisfies CrossEntropyStepReport);
        // Before the checkpoint, so what the hooks record for this step is saved with its weights.
        settings.afterStep?.(step + 1, network);
        settings.companion?.afterStep?.(step + 1, network);
        if (store && isCheckpointStep(step + 1, store.every, settings.steps)) {
          const feeds = Object.fromEntries(states.map((s) => [s.id, s.feed.position]));
          lastCheckpoint = await checkpointRun(store.runDir, step + 1, network.store, optimizer, feeds, store.keep ?? 1, settings.companion);
        }
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
}
