import * as tf from "@tensorflow/tfjs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  type AnyTask,
  type Episode,
  Random,
  type Registry,
  resolveTaskOptions,
  type Reward,
  scoreAll,
  SkipCounter,
  type Trainer,
  type TrainerStepReport,
  type TaskStepStats,
} from "@ssl4rl/core";
import { AdamOptimizer, clipByGlobalNorm } from "./adam-optimizer.js";
import { ADVANTAGE_ESTIMATORS, isDegenerateGroup } from "./advantages.js";
import { type BackendSelection, describeBackend, selectBackend } from "./backend.js";
import { EpisodeFeed, type OpenTaskSource } from "./episode-feed.js";
import { ExplorationWatch } from "./exploration-watch.js";
import { grpoLoss, type TaskBatch } from "./grpo-loss.js";
import { KL_ESTIMATORS } from "./kl-estimators.js";
import { LOSS_AGGREGATIONS } from "./loss-aggregation.js";
import { budgetMayGrow, scheduledRate } from "./lr-schedule.js";
import { PolicyNetwork } from "./policy-network.js";
import { saliencyMaps, type SaliencyMap } from "./saliency.js";
import { logProbTable, TensorPolicy } from "./tensor-policy.js";
import type { TrainConfig } from "./train-config.js";
import { assertFiniteUpdate, TrainingDivergedError } from "./training-diverged-error.js";
import { checkpointRun, isCheckpointStep, logStep, openRunFolder, restoreRun, STEP_LOG_FILE } from "./run-folder.js";
import type { RunCompanion } from "./run-companion.js";
import { readStepLog } from "./step-log.js";
import { writeRunReport } from "./run-report.js";
import { writeFileAtomic } from "@ssl4rl/core";

/** One line of `metrics.jsonl`: core's step report plus what GRPO adds. */
export interface GrpoStepReport extends TrainerStepReport {
  /** Fraction of all sampled responses that scored 1. */
  readonly accuracy: number;
  readonly degenerateGroups: number;
  readonly gradNorm: number;
  /** Wall time of the step. */
  readonly seconds: number;
  readonly totalSteps: number;
}

/** What a GRPO run needs besides its config. */
export interface GrpoRunOptions {
  readonly registry: Registry;
  /** The run directory (created if absent). */
  readonly runDir: string;
  /** Opens a task's source for one pass; `spec` is the task's or the run's source spec. */
  readonly openSource: (task: AnyTask, spec: string | undefined, seed: number | string) => ReturnType<OpenTaskSource>;
  /** Continue from the newest checkpoint in `runDir`. */
  readonly resume?: boolean;
  /** Run-log lines (backend choice, checkpoints). */
  readonly log?: (line: string) => void;
  /** Warnings about the training itself (a policy that stopped exploring); default: `log` with a `warning: ` prefix. */
  readonly warn?: (message: string) => void;
  /**
   * State kept beside the run that a resume must restore with the weights (a weight average,
   * a probe curve): called after each step, saved in each checkpoint, restored on resume.
   */
  readonly companion?: RunCompanion;
  /** Called after each checkpoint is written, with its path. */
  readonly onCheckpoint?: (path: string, step: number) => void;
  /** Called when the backend is chosen, before the first step. */
  readonly onBackend?: (selection: BackendSelection) => void;
}

/**
 * Config fields a resumed run may change: where it runs, how far (unless its rate decays over
 * the budget), how often it saves, what it draws at the end.
 */
const resumableChanges = (config: TrainConfig) => ["backend", ...(budgetMayGrow(config.schedule) ? ["steps"] : []), "checkpointEvery", "keepCheckpoints", "saliencyEpisodes"];

interface TaskState {
  readonly task: AnyTask;
  readonly options: unknown;
  readonly reward: Reward;
  readonly feed: EpisodeFeed;
  readonly weight: number;
  /** Computed once: a large space would cost time on every item. */
  readonly answerSpace: readonly string[] | undefined;
}

/** Episodes per task for one step, drawn by weight from a stream named after the step. */
function mixBatch(states: readonly TaskState[], batchSize: number, rng: Random): number[] {
  const counts = states.map(() => 0);
  if (states.length === 1) counts[0] = batchSize;
  else for (let i = 0; i < batchSize; i++) counts[rng.weighted(states.map((s) => s.weight))]!++;
  return counts;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: 0, std: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std };
}

/**
 * The GRPO trainer on TensorFlow.js. It sees tasks, episodes, a tensor policy and rewards,
 * never images or graphs as such: each step draws a batch (tasks mixed by weight), samples G
 * actions per episode, scores their answer strings with each task's reward, normalises
 * advantages per group, and minimises the clipped surrogate with the KL and entropy terms.
 * It writes `config.json`, `metrics.jsonl`, checkpoints and `report.html` to the run directory.
 *
 * @example
 * ```ts
 * const trainer = new GrpoTrainer({ registry, runDir: "runs/r1", openSource });
 * for await (const step of trainer.train(resolveTrainConfig({ tasks: [{ id: "vision/rotation" }] }))) {
 *   console.log(step.step, step.rewardMean);
 * }
 * ```
 */
export class GrpoTrainer implements Trainer<TrainConfig> {
  readonly #opts: GrpoRunOptions;
  /** The policy of the last run, for evaluation after training. */
  policy: TensorPolicy | undefined;

  constructor(options: GrpoRunOptions) {
    this.#opts = options;
  }

  async *train(config: TrainConfig, signal?: AbortSignal): AsyncGenerator<GrpoStepReport> {
    const { registry, runDir } = this.#opts;
    const log = this.#opts.log ?? (() => {});
    const warn = this.#opts.warn ?? ((message: string) => log(`warning: ${message}`));
    const selection = await selectBackend(config.backend);
    this.#opts.onBackend?.(selection);
    log(describeBackend(selection));

    const { checkpoint, checkpointPath, removedOld } = await openRunFolder(runDir, config, this.#opts.resume ?? false, resumableChanges(config));
    if (checkpoint) log(`resuming from ${checkpointPath} (step ${checkpoint.step})`);
    else {
      if (this.#opts.resume) log("no checkpoint yet: starting from step 0");
      if (removedOld) log(`${runDir} held checkpoints of an earlier run: removed (use --resume to continue a run instead)`);
      await rm(join(runDir, "saliency"), { recursive: true, force: true });
    }
    await writeFileAtomic(join(runDir, "backend.json"), `${JSON.stringify(selection, null, 2)}\n`);

    const skips = new SkipCounter();
    const states: TaskState[] = [];
    for (const entry of config.tasks) {
      const task = registry.task(entry.id);
      const options = resolveTaskOptions(task, entry.options, `tasks[${states.length}].options`);
      const open: OpenTaskSource = (t, seed) => this.#opts.openSource(t, entry.source ?? config.source, seed);
      const feedSeed = `${config.seed}:${task.id}`;
      const feed = await EpisodeFeed.open(task, options, open, feedSeed, skips, checkpoint?.feeds[task.id]);
      states.push({ task, options, reward: registry.rewardFor(task), feed, weight: entry.weight, answerSpace: task.answerSpace(options) });
    }

    const network = new PolicyNetwork(config.network, config.seed);
    const policy = new TensorPolicy(network);
    policy.temperature = config.temperature;
    this.policy = policy;
    const klOn = config.kl.coefficient > 0;
    // The reference is the initial policy: the same seed builds the same weights.
    const reference = klOn ? new PolicyNetwork(config.network, config.seed) : undefined;
    for (const s of states) {
      const example = await s.feed.peek();
      const space = policy.addTask(s.task, s.options, example);
      reference?.addTask(s.task.id, space, example);
    }
    log(`policy: ${network.store.size.toLocaleString("en-US")} weights; tasks ${states.map((s) => s.task.id).join(", ")}`);

    const optimizer = new AdamOptimizer({
      beta1: config.optimizer.beta1,
      beta2: config.optimizer.beta2,
      epsilon: config.optimizer.epsilon,
      weightDecay: config.optimizer.weightDecay,
      decoupled: config.optimizer.kind === "adamw",
    });
    let startStep = 0;
    let lastCheckpoint = checkpointPath;
    if (checkpoint) {
      restoreRun(checkpoint, checkpointPath!, network, optimizer, this.#opts.companion);
      startStep = checkpoint.step;
    }

    const estimator = ADVANTAGE_ESTIMATORS[config.advantage.normalisation];
    const lossSettings = {
      clip: config.clip,
      klCoefficient: config.kl.coefficient,
      klEstimator: KL_ESTIMATORS[config.kl.estimator],
      aggregation: LOSS_AGGREGATIONS[config.lossAggregation],
      entropyCoefficient: config.entropyCoefficient,
      temperature: config.temperature,
    };
    const rateAt = scheduledRate(config.schedule, config.optimizer.learningRate, config.steps);
    const variableNames = new Map([...network.store.variables].map(([name, v]) => [v.name, name]));
    const root = Random.fromSeed(config.seed);
    let lastEpisodes = new Map<string, Episode[]>();

    try {
      const exploration = new ExplorationWatch();
      for (let step = startStep; step < config.steps; step++) {
        if (signal?.aborted) break;
        const started = performance.now();
        const counts = mixBatch(states, config.batchSize, root.fork(`mix:${step}`));
        const learningRate = rateAt(step);
        const batches: TaskBatch[] = [];
        const rewardsByTask: { state: TaskState; groups: number[][] }[] = [];
        lastEpisodes = new Map();
        try {
          for (const [k, s] of states.entries()) {
            if (counts[k] === 0) continue;
            const episodes = await s.feed.take(counts[k]!);
            lastEpisodes.set(s.task.id, episodes);
            const inputs = network.inputs(s.task.id, episodes);
            const sampled = policy.sampleTask(s.task.id, inputs, config.groupSize, root.fork(`sample:${step}:${s.task.id}`));
            const items = episodes.flatMap((e, i) =>
              sampled.actions[i]!.map((choices) => ({
                completion: policy.toCompletion({ choices, logProb: 0 }, e),
                target: { taskId: e.taskId, answer: e.answer, ...(s.answerSpace ? { answerSpace: s.answerSpace } : {}) },
              })),
            );
            const results = await scoreAll(s.reward, items);
            const groups = episodes.map((_, i) => results.slice(i * config.groupSize, (i + 1) * config.groupSize).map((r) => r.score));
            rewardsByTask.push({ state: s, groups });
            const actions = Int32Array.from(sampled.actions.flat(2));
            let refLogProbs: Float32Array | undefined;
            if (reference) {
              const table = logProbTable(reference, s.task.id, inputs, config.temperature);
              const [, steps, choices] = table.shape;
              refLogProbs = new Float32Array(actions.length);
              for (let r = 0; r < actions.length; r++) {
                const episode = Math.floor(r / (config.groupSize * steps));
                refLogProbs[r] = table.values[(episode * steps + (r % steps)) * choices + actions[r]!]!;
              }
            }
            batches.push({
              taskId: s.task.id,
              inputs,
              episodes: episodes.length,
              groupSize: config.groupSize,
              steps: sampled.steps,
              actions,
              oldLogProbs: sampled.stepLogProbs,
              ...(refLogProbs ? { refLogProbs } : {}),
              advantages: new Float32Array(0),
              weights: new Float32Array(0),
            });
          }
          // Advantages over the whole batch at once (the `batch` estimator shares one scale).
          const allGroups = rewardsByTask.flatMap((t) => t.groups);
          for (const value of allGroups.flat()) {
            if (!Number.isFinite(value)) throw new TrainingDivergedError(step, "reward", lastCheckpoint);
          }
          const advantages = estimator(allGroups, { epsilon: config.advantage.epsilon });
          let degenerate = 0;
          let offset = 0;
          for (const [k, b] of batches.entries()) {
            const groups = rewardsByTask[k]!.groups;
            const adv = new Float32Array(groups.length * config.groupSize);
            const weights = new Float32Array(groups.length * config.groupSize).fill(1);
            groups.forEach((g, i) => {
              const flat = isDegenerateGroup(g);
              if (flat) degenerate++;
              advantages[offset + i]!.forEach((a, j) => {
                adv[i * config.groupSize + j] = a;
                if (flat && config.filterDegenerateGroups) weights[i * config.groupSize + j] = 0;
              });
            });
            offset += groups.length;
            batches[k] = { ...b, advantages: adv, weights };
          }

          let lossSum = 0;
          let klSum = 0;
          let clipSum = 0;
          let entropySum = 0;
          let normSum = 0;
          const anyWeight = batches.some((b) => b.weights.some((w) => w > 0));
          for (let epoch = 0; epoch < config.epochs; epoch++) {
            let parts: ReturnType<typeof grpoLoss>["parts"] | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const out = grpoLoss(network, batches, lossSettings);
              parts = { policyLoss: tf.keep(out.parts.policyLoss), kl: tf.keep(out.parts.kl), clipFraction: tf.keep(out.parts.clipFraction), entropy: tf.keep(out.parts.entropy) };
              return out.loss;
            });
            const lossValue = value.dataSync()[0]!;
            const p = parts!;
            klSum += p.kl.dataSync()[0]!;
            clipSum += p.clipFraction.dataSync()[0]!;
            entropySum += p.entropy.dataSync()[0]!;
            Object.values(p).forEach((t) => t.dispose());
            value.dispose();
            const named: Record<string, tf.Tensor> = {};
            for (const [tfName, g] of Object.entries(grads)) named[variableNames.get(tfName) ?? tfName] = g;
            const clipped = clipByGlobalNorm(named, config.gradClip);
            try {
              assertFiniteUpdate(step, lossValue, clipped.norm, clipped.gradients, lastCheckpoint);
              // Every group filtered out (all degenerate): nothing to learn from this batch.
              if (anyWeight) optimizer.apply(network.store.variables, clipped.gradients, learningRate);
            } finally {
              Object.values(clipped.gradients).forEach((t) => t.dispose());
            }
            lossSum += lossValue;
            normSum += clipped.norm;
          }

          const tasks: Record<string, TaskStepStats> = {};
          const all: number[] = [];
          let right = 0;
          for (const { state, groups } of rewardsByTask) {
            const flat = groups.flat();
            all.push(...flat);
            const { mean, std } = meanStd(flat);
            const hits = flat.filter((r) => r >= 1).length;
            right += hits;
            tasks[state.task.id] = { episodes: groups.length, rewardMean: mean, rewardStd: std, accuracy: hits / Math.max(1, flat.length) };
          }
          const { mean, std } = meanStd(all);
          const seconds = (performance.now() - started) / 1000;
          const episodesInStep = counts.reduce((a, b) => a + b, 0);
          const report: GrpoStepReport = {
            step: step + 1,
            totalSteps: config.steps,
            rewardMean: mean,
            rewardStd: std,
            accuracy: right / Math.max(1, all.length),
            tasks,
            loss: lossSum / config.epochs,
            kl: klSum / config.epochs,
            clipFraction: clipSum / config.epochs,
            entropy: entropySum / config.epochs,
            degenerateFraction: degenerate / Math.max(1, allGroups.length),
            degenerateGroups: degenerate,
            gradNorm: normSum / config.epochs,
            episodesPerSecond: episodesInStep / seconds,
            learningRate,
            seconds,
          };
          await logStep(runDir, report);
          const warning = exploration.observe(report);
          if (warning !== undefined) warn(warning);
          this.#opts.companion?.afterStep?.(step + 1, network);
          if (isCheckpointStep(step + 1, config.checkpointEvery, config.steps)) {
            const feeds = Object.fromEntries(states.map((s) => [s.task.id, s.feed.position]));
            lastCheckpoint = await checkpointRun(runDir, step + 1, network.store, optimizer, feeds, config.keepCheckpoints, this.#opts.companion);
            this.#opts.onCheckpoint?.(lastCheckpoint, step + 1);
          }
          yield report;
        } finally {
          for (const b of batches) network.disposeInputs(b.inputs);
        }
      }

      let saliency: SaliencyMap[] = [];
      if (config.saliencyEpisodes > 0) {
        for (const [taskId, episodes] of lastEpisodes) {
          if (network.kindOf(taskId) !== "images") continue;
          saliency = saliency.concat(await saliencyMaps(policy, taskId, episodes.slice(0, config.saliencyEpisodes), runDir));
        }
      }
      const lines = await readMetrics(runDir);
      await writeRunReport(runDir, { config, metrics: lines, saliency, backend: describeBackend(selection), skipped: skips.summary() });
      log(`report ${join(runDir, "report.html")}`);
      for (const line of skips.summary()) log(`skipped: ${line}`);
    } finally {
      reference?.dispose();
      optimizer.dispose();
    }
  }
}

/** The metrics lines of a run, parsed (a line cut short by a kill is left out). */
export async function readMetrics(runDir: string): Promise<GrpoStepReport[]> {
  return readStepLog<GrpoStepReport>(join(runDir, STEP_LOG_FILE));
}
