import { type AnyTask, type Completion, type Registry, type Reward, type RewardResult, resolveTaskOptions, scoreAll, type ScoringTarget } from "@ssl4rl/core";

/** One response to score against a task's truth. */
export interface ScoreRequest {
  readonly task: string;
  readonly truth: string;
  readonly response: Completion;
}

interface TaskScoring {
  readonly task: AnyTask;
  readonly reward: Reward;
  readonly answerSpace: readonly string[] | undefined;
}

/**
 * Scores responses of any registered task with the reward the task names
 * (`registry.rewardFor(task)`), against the answer space of the task's default options. The
 * lookup is cached per task id, so a server scoring thousands of responses a second does it once.
 *
 * @example
 * ```ts
 * const scorer = new TaskScorer(createRegistry([myPlugin]));
 * const [result] = await scorer.scoreMany([{ task: "toy/coin", truth: "heads", response: "<answer>heads</answer>" }]);
 * ```
 */
export class TaskScorer {
  readonly #cache = new Map<string, TaskScoring>();

  constructor(readonly registry: Registry) {}

  /** The task, its reward and answer space; an unknown id throws core's UnknownIdError. */
  resolve(taskId: string): TaskScoring {
    let entry = this.#cache.get(taskId);
    if (entry === undefined) {
      const task = this.registry.task(taskId);
      const answerSpace = task.answerSpace(resolveTaskOptions(task, {}));
      entry = { task, reward: this.registry.rewardFor(task), answerSpace };
      this.#cache.set(taskId, entry);
    }
    return entry;
  }

  /** The scoring target for a truth of a task. */
  target(taskId: string, truth: string): ScoringTarget {
    const { answerSpace } = this.resolve(taskId);
    return { taskId, answer: truth, ...(answerSpace !== undefined ? { answerSpace } : {}) };
  }

  /**
   * Scores a batch. Every task id is resolved before anything is scored, so an unknown id
   * fails the whole batch at once. Items of one task go through the reward's `scoreBatch`
   * when it has one; results come back in request order.
   */
  async scoreMany(items: readonly ScoreRequest[]): Promise<RewardResult[]> {
    const groups = new Map<string, number[]>();
    for (const [i, item] of items.entries()) {
      this.resolve(item.task);
      const list = groups.get(item.task);
      if (list) list.push(i);
      else groups.set(item.task, [i]);
    }
    const results: RewardResult[] = new Array(items.length);
    for (const [taskId, indices] of groups) {
      const { reward } = this.resolve(taskId);
      const scored = await scoreAll(
        reward,
        indices.map((i) => ({ completion: items[i]!.response, target: this.target(taskId, items[i]!.truth) })),
      );
      for (const [k, i] of indices.entries()) results[i] = scored[k]!;
    }
    return results;
  }
}
