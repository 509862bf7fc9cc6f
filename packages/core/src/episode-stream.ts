import type { Episode } from "./episode.js";
import { SampleSkipped } from "./errors.js";
import { Random } from "./random.js";
import type { SkipCounter } from "./skip-counter.js";
import type { SampleSource } from "./source.js";
import type { AnyTask } from "./task.js";

/** Options for {@link generateEpisodes}. */
export interface EpisodeStreamOptions {
  readonly seed: number | string;
  /** Stop after this many episodes (default: until the source ends). */
  readonly count?: number;
  /** Validated task options (see `resolveTaskOptions`). */
  readonly options: unknown;
  /** Where skipped samples are counted. */
  readonly skips: SkipCounter;
  /** Label of a sample for skip reports (a file name); default: its position. */
  readonly describeSample?: (sample: unknown, position: number) => string;
}

/**
 * Turns a source into episodes of one task. Episode `i` uses the random stream
 * `Random.fromSeed(seed).fork("<task id>:<i>")`, so it depends only on the seed, the samples
 * and its position. Samples the task skips are counted and the stream goes on.
 */
export async function* generateEpisodes(task: AnyTask, source: SampleSource, opts: EpisodeStreamOptions): AsyncGenerator<Episode> {
  const root = Random.fromSeed(opts.seed);
  const per = task.samplesPerEpisode ?? 1;
  const limit = opts.count ?? Infinity;
  let produced = 0;
  let attempt = 0;
  let position = 0;
  let batch: unknown[] = [];
  if (limit <= 0) return;
  for await (const sample of source.samples()) {
    batch.push(sample);
    position++;
    if (batch.length < per) continue;
    const samples = batch;
    batch = [];
    const index = attempt++;
    try {
      const episode = await task.makeEpisode({ samples, rng: root.fork(`${task.id}:${index}`), seed: opts.seed, index }, opts.options);
      yield episode;
      if (++produced >= limit) return;
    } catch (error) {
      if (!(error instanceof SampleSkipped)) throw error;
      const first = position - samples.length;
      opts.skips.add(error.reason, opts.describeSample ? opts.describeSample(samples[0], first) : `sample #${first}`);
    }
  }
}
