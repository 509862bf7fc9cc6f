import type { SampleSource } from "./source.js";

/**
 * A source that yields each sample of `source` `times` times in a row. With a task that
 * cycles its answer over the episode index (the rotation task's `turns: "cycle"`), every
 * variant of one sample lands side by side in the same batch, so the policy is trained to
 * tell the variants of the same picture apart (the recipe of rotation-prediction pretraining,
 * which feeds all four turns of each image together).
 *
 * @example
 * ```ts
 * const source = repeatSamples(await registry.openSource("folder:./photos?shuffle=1", "vision", context), 4);
 * // photo 1, photo 1, photo 1, photo 1, photo 2, ...
 * ```
 */
export function repeatSamples<S>(source: SampleSource<S>, times: number): SampleSource<S> {
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`repeatSamples: times must be a whole number of at least 1, got ${times}`);
  return {
    description: times === 1 ? source.description : `${source.description}, each sample ${times} times in a row`,
    async *samples() {
      for await (const sample of source.samples()) for (let i = 0; i < times; i++) yield sample;
    },
  };
}
