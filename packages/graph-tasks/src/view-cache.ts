import { z } from "@ssl4rl/core";
import type { CompactGraph } from "./compact-graph.js";

/** Views kept per graph: enough for a few seeds and option sets at once, bounded for long multi-seed runs. */
const MAX_VIEWS_PER_GRAPH = 8;

const views = new WeakMap<CompactGraph, Map<string, unknown>>();

/**
 * The corrupted view of `graph` under `key` (task, seed and view options), built once by
 * `build` and shared by every episode that asks with the same key. Held weakly by the graph,
 * so dropping the graph drops its views.
 */
export function cachedView<T>(graph: CompactGraph, key: string, build: () => T): T {
  let byKey = views.get(graph);
  if (byKey === undefined) {
    byKey = new Map();
    views.set(graph, byKey);
  }
  if (byKey.has(key)) return byKey.get(key) as T;
  const view = build();
  if (byKey.size >= MAX_VIEWS_PER_GRAPH) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, view);
  return view;
}

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
