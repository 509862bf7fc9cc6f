import { BadInputError } from "@ssl4rl/core";
import { type CompactGraph, compactGraph, isCompactGraph } from "./compact-graph.js";
import { type FeatureGraph, type GraphDataset, isGraphologyGraph } from "./graph-dataset.js";

/**
 * What graph tasks accept as a sample: a dataset from a graph source, a bare graphology
 * graph, or a {@link CompactGraph} built straight from arrays (for graphs too large to
 * build in graphology quickly).
 */
export type GraphSample = GraphDataset | FeatureGraph | CompactGraph;

/** The compact graph of a sample and where it came from (for metadata and errors). */
export function resolveGraphSample(sample: unknown, taskId: string): { graph: CompactGraph; name: string; origin: string } {
  if (isCompactGraph(sample)) return { graph: sample, name: sample.name, origin: `compact graph "${sample.name}"` };
  if (isGraphologyGraph(sample)) {
    const graph = compactGraph(sample);
    return { graph, name: graph.name, origin: `graphology graph "${graph.name}"` };
  }
  if (typeof sample === "object" && sample !== null && isGraphologyGraph((sample as { graph?: unknown }).graph)) {
    const dataset = sample as GraphDataset;
    return { graph: compactGraph(dataset), name: dataset.name, origin: dataset.origin };
  }
  throw new BadInputError({
    field: `${taskId} sample`,
    expected: "a graph dataset from a graph source (synthetic, cora:DIR, npz:FILE, ...), a graphology graph or a compact graph",
    got: typeof sample,
    hint: "Use --source with a graph source spec",
  });
}
