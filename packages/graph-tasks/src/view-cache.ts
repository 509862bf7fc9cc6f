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
