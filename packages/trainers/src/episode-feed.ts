import { type AnyTask, type Episode, generateEpisodes, type SampleSource, type SkipCounter } from "@ssl4rl/core";
import type { FeedPosition } from "./checkpoint.js";

/** Opens a task's source for one pass; `seed` changes per pass so a shuffling or generating source varies. */
export type OpenTaskSource = (task: AnyTask, seed: number | string) => Promise<SampleSource>;

/**
 * A task's endless stream of episodes for training: passes over its source one after another
 * (pass e uses seed `SEED:epochE`), counting how many episodes of the current pass were used,
 * so a resumed run regenerates exactly the episodes the stopped run would have seen next.
 */
export class EpisodeFeed {
  readonly #task: AnyTask;
  readonly #options: unknown;
  readonly #open: OpenTaskSource;
  readonly #seed: number | string;
  readonly #skips: SkipCounter;
  #epoch = 0;
  #consumed = 0;
  #stream: AsyncGenerator<Episode> | undefined;
  #peeked: Episode | undefined;

  private constructor(task: AnyTask, options: unknown, open: OpenTaskSource, seed: number | string, skips: SkipCounter) {
    this.#task = task;
    this.#options = options;
    this.#open = open;
    this.#seed = seed;
    this.#skips = skips;
  }

  /** Opens the feed, fast-forwarding to `position` (by regenerating the episodes used before it). */
  static async open(task: AnyTask, options: unknown, open: OpenTaskSource, seed: number | string, skips: SkipCounter, position?: FeedPosition): Promise<EpisodeFeed> {
    const feed = new EpisodeFeed(task, options, open, seed, skips);
    if (position) {
      feed.#epoch = position.epoch;
      await feed.#start();
      for (let i = 0; i < position.consumed; i++) await feed.#pull();
      feed.#consumed = position.consumed;
    }
    return feed;
  }

  /** Where the feed stands, for a checkpoint. */
  get position(): FeedPosition {
    return { epoch: this.#epoch, consumed: this.#consumed };
  }

  async #start(): Promise<void> {
    const seed = this.#epoch === 0 ? this.#seed : `${this.#seed}:epoch${this.#epoch}`;
    const source = await this.#open(this.#task, seed);
    this.#stream = generateEpisodes(this.#task, source, { seed, options: this.#options, skips: this.#skips });
  }

  async #pull(): Promise<Episode> {
    if (this.#peeked) {
      const e = this.#peeked;
      this.#peeked = undefined;
      return e;
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.#stream) await this.#start();
      const next = await this.#stream!.next();
      if (!next.done) return next.value;
      // The pass is over: start the next one.
      this.#stream = undefined;
      this.#epoch++;
      this.#consumed = 0;
    }
    throw new Error(`the source of ${this.#task.id} gave no episodes (every sample was skipped, or it is empty)`);
  }

  /** The next episode without using it (to size a policy head). */
  async peek(): Promise<Episode> {
    this.#peeked ??= await this.#pull();
    return this.#peeked;
  }

  /** The next `n` episodes. */
  async take(n: number): Promise<Episode[]> {
    const out: Episode[] = [];
    for (let i = 0; i < n; i++) {
      out.push(await this.#pull());
      this.#consumed++;
    }
    return out;
  }
}
