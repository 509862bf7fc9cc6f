/** What {@link ExplorationWatch} reads of one step's report. */
export interface ExplorationSample {
  readonly step: number;
  readonly rewardMean: number;
  /** Share of the step's groups whose samples all got the same reward (they carry no gradient). */
  readonly degenerateFraction: number;
  /** Mean entropy of the sampled answers' distributions (nats per answer step). */
  readonly entropy: number;
}

/** When {@link ExplorationWatch} speaks. */
export interface ExplorationWatchSettings {
  /** Steps averaged over. */
  readonly window: number;
  /** Mean degenerate-group share at or above which the policy counts as no longer exploring. */
  readonly degenerateAtLeast: number;
  /** Mean reward below which the task counts as unsolved (rewards are in [0, 1]). */
  readonly rewardBelow: number;
}

/** The defaults: 50 steps, 90% of groups degenerate, reward under 0.9. */
export const EXPLORATION_WATCH_DEFAULTS: ExplorationWatchSettings = { window: 50, degenerateAtLeast: 0.9, rewardBelow: 0.9 };

/**
 * Notices when GRPO stops learning because its policy stopped exploring: most groups give
 * every sample the same reward (so their advantages are all zero) while the task is far from
 * solved. This is what happens on a task answered by one choice when the policy's entropy
 * collapses early (measured on CIFAR-10 rotation: entropy 1.39 → 0.07 nats in about 100
 * steps, 95% of groups degenerate at a reward of 0.42). A solved task also has degenerate
 * groups (every sample right), which is why the reward must be low too. Says it once per run.
 *
 * @example
 * ```ts
 * const watch = new ExplorationWatch({ window: 2, degenerateAtLeast: 0.9, rewardBelow: 0.9 });
 * watch.observe({ step: 1, rewardMean: 0.4, degenerateFraction: 0.95, entropy: 0.05 }); // undefined
 * watch.observe({ step: 2, rewardMean: 0.4, degenerateFraction: 0.95, entropy: 0.05 }); // "over steps 1-2, 95% of ..."
 * ```
 */
export class ExplorationWatch {
  readonly #settings: ExplorationWatchSettings;
  readonly #recent: ExplorationSample[] = [];
  #warned = false;

  constructor(settings: ExplorationWatchSettings = EXPLORATION_WATCH_DEFAULTS) {
    if (!(settings.window >= 1)) throw new RangeError(`ExplorationWatch: window must be at least 1 step, got ${settings.window}`);
    this.#settings = settings;
  }

  /** Takes one step's figures; returns the warning the first time the window qualifies, else undefined. */
  observe(sample: ExplorationSample): string | undefined {
    if (this.#warned) return undefined;
    this.#recent.push(sample);
    if (this.#recent.length > this.#settings.window) this.#recent.shift();
    if (this.#recent.length < this.#settings.window) return undefined;
    const mean = (pick: (s: ExplorationSample) => number) => this.#recent.reduce((a, s) => a + pick(s), 0) / this.#recent.length;
    const degenerate = mean((s) => s.degenerateFraction);
    const reward = mean((s) => s.rewardMean);
    if (!(degenerate >= this.#settings.degenerateAtLeast && reward < this.#settings.rewardBelow)) return undefined;
    this.#warned = true;
    const first = this.#recent[0]!.step;
    return (
      `over steps ${first}-${sample.step}, ${Math.round(degenerate * 100)}% of groups gave every sample the same reward ` +
      `at a mean reward of ${reward.toFixed(2)} (entropy ${mean((s) => s.entropy).toFixed(2)} nats): the policy has stopped exploring, ` +
      `so few episodes carry a gradient. An entropy bonus (entropyCoefficient; 0.2-0.5 for a four-way answer), ` +
      `larger groups (groupSize) or a lower learning rate keep it exploring.`
    );
  }
}
