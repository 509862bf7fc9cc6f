import { z } from "@ssl4rl/core";

/**
 * The `viewEvery` option every graph task takes: episodes per corrupted view. 0 (the default)
 * keeps one view (one mask, holdout, pair of copies or shuffle) per pass over the source, i.e.
 * per seed; N > 0 draws a new one every N episodes of the pass, so a long run on one graph
 * (`ssl4rl train --source cora:DIR`) keeps seeing new corruptions.
 */
export const viewEveryOption = z.number().int().min(0).default(0);

/** The seed of the view episode `index` of a pass with seed `seed` reads; see {@link viewEveryOption}. */
export function viewSeed(seed: number | string, index: number, viewEvery: number): number | string {
  return viewEvery > 0 ? `${String(seed)}/view${Math.floor(index / viewEvery)}` : seed;
}
