import * as tf from "@tensorflow/tfjs";
import type { ActionSample, AnyTask, Completion, Episode, Policy, Random } from "@ssl4rl/core";
import { type ActionSpace, actionSpaceFor } from "./action-space.js";
import type { PolicyNetwork, TaskInputs } from "./policy-network.js";

/** G sampled actions for each episode of one task, with per-step log-probabilities. */
export interface TaskSamples {
  /** actions[i][g] = the choices (one per step) of the g-th sample for episode i. */
  readonly actions: number[][][];
  /** log π of each chosen step under the sampling policy, `[episodes × G × steps]` row-major. */
  readonly stepLogProbs: Float32Array;
  readonly steps: number;
}

/** Log-softmax of `logits / temperature` as plain numbers `[episodes, steps, choices]`. */
export function logProbTable(network: PolicyNetwork, taskId: string, inputs: TaskInputs, temperature: number): { values: Float32Array; shape: [number, number, number] } {
  return tf.tidy(() => {
    const logits = network.logits(taskId, inputs);
    const lp = tf.logSoftmax(temperature === 1 ? logits : tf.div(logits, temperature));
    return { values: lp.dataSync() as Float32Array, shape: lp.shape as [number, number, number] };
  });
}

/** One categorical draw from log-probabilities `row[off .. off + n)`, by inverse CDF. */
function drawCategorical(values: Float32Array, offset: number, n: number, rng: Random): number {
  let u = rng.float();
  for (let c = 0; c < n; c++) {
    u -= Math.exp(values[offset + c]!);
    if (u < 0) return c;
  }
  return n - 1; // rounding left a sliver of mass: the last choice takes it
}

/**
 * The tensor policy of core's {@link Policy} contract: a {@link PolicyNetwork} plus each task's
 * action space. Actions become answer strings in the task's official format, wrapped as
 * `<answer>…</answer>`, and are scored by the task's reward exactly as a language model's
 * completion would be.
 */
export class TensorPolicy implements Policy<Episode<{ readonly kind: string }>> {
  readonly id = "ssl4rl/tensor-policy";
  readonly network: PolicyNetwork;
  readonly #spaces = new Map<string, ActionSpace>();
  temperature = 1;

  constructor(network: PolicyNetwork) {
    this.network = network;
  }

  /** Registers a task (its action space and its head, sized from an example episode). */
  addTask(task: AnyTask, options: unknown, example: Episode<{ readonly kind: string }>): ActionSpace {
    const space = actionSpaceFor(task, options);
    this.#spaces.set(task.id, space);
    this.network.addTask(task.id, space, example);
    return space;
  }

  /** The action space of a registered task. */
  space(taskId: string): ActionSpace {
    const space = this.#spaces.get(taskId);
    if (!space) throw new Error(`task ${taskId} was not added to the policy`);
    return space;
  }

  /** Samples `groupSize` actions per episode of one task (all episodes must share the task). */
  sampleTask(taskId: string, inputs: TaskInputs, groupSize: number, rng: Random): TaskSamples {
    const { values, shape } = logProbTable(this.network, taskId, inputs, this.temperature);
    const [n, steps, choices] = shape;
    const actions: number[][][] = [];
    const stepLogProbs = new Float32Array(n * groupSize * steps);
    for (let i = 0; i < n; i++) {
      const group: number[][] = [];
      for (let g = 0; g < groupSize; g++) {
        const choice: number[] = [];
        for (let s = 0; s < steps; s++) {
          const off = (i * steps + s) * choices;
          const c = drawCategorical(values, off, choices, rng);
          choice.push(c);
          stepLogProbs[(i * groupSize + g) * steps + s] = values[off + c]!;
        }
        group.push(choice);
      }
      actions.push(group);
    }
    return { actions, stepLogProbs, steps };
  }

  /** The most likely choice at each step, per episode. */
  greedyTask(taskId: string, inputs: TaskInputs): ActionSample[] {
    const { values, shape } = logProbTable(this.network, taskId, inputs, 1);
    const [n, steps, choices] = shape;
    const out: ActionSample[] = [];
    for (let i = 0; i < n; i++) {
      const picks: number[] = [];
      let logProb = 0;
      for (let s = 0; s < steps; s++) {
        const off = (i * steps + s) * choices;
        let best = 0;
        for (let c = 1; c < choices; c++) if (values[off + c]! > values[off + best]!) best = c;
        picks.push(best);
        logProb += values[off + best]!;
      }
      out.push({ choices: picks, logProb });
    }
    return out;
  }

  async sample(episodes: readonly Episode<{ readonly kind: string }>[], groupSize: number, rng: Random): Promise<ActionSample[][]> {
    const out: ActionSample[][] = new Array(episodes.length);
    for (const [taskId, positions] of groupByTask(episodes)) {
      const batch = positions.map((p) => episodes[p]!);
      const inputs = this.network.inputs(taskId, batch);
      try {
        const s = this.sampleTask(taskId, inputs, groupSize, rng.fork(taskId));
        positions.forEach((p, i) => {
          out[p] = s.actions[i]!.map((choices, g) => {
            let logProb = 0;
            for (let k = 0; k < s.steps; k++) logProb += s.stepLogProbs[(i * groupSize + g) * s.steps + k]!;
            return { choices, logProb };
          });
        });
      } finally {
        this.network.disposeInputs(inputs);
      }
    }
    return out;
  }

  async greedy(episodes: readonly Episode<{ readonly kind: string }>[]): Promise<ActionSample[]> {
    const out: ActionSample[] = new Array(episodes.length);
    for (const [taskId, positions] of groupByTask(episodes)) {
      const inputs = this.network.inputs(taskId, positions.map((p) => episodes[p]!));
      try {
        this.greedyTask(taskId, inputs).forEach((a, i) => (out[positions[i]!] = a));
      } finally {
        this.network.disposeInputs(inputs);
      }
    }
    return out;
  }

  /** The answer string for an action of a task. */
  answerFor(taskId: string, choices: readonly number[]): string {
    return this.space(taskId).toAnswer(choices);
  }

  toCompletion(action: ActionSample, episode: Episode<{ readonly kind: string }>): Completion {
    return { text: `<answer>${this.answerFor(episode.taskId, action.choices)}</answer>` };
  }
}

/** Positions of a batch's episodes by task id, in first-seen order. */
export function groupByTask(episodes: readonly Episode<{ readonly kind: string }>[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  episodes.forEach((e, i) => {
    const list = map.get(e.taskId) ?? [];
    list.push(i);
    map.set(e.taskId, list);
  });
  return map;
}
