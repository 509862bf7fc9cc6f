import { BadInputError } from "@ssl4rl/core";
import { datasetOf, type FeatureGraph, type GraphDataset, isGraphologyGraph } from "./graph-dataset.js";

/** What graph tasks accept as a sample: a dataset from a graph source, or a bare graphology graph. */
export type GraphSample = GraphDataset | FeatureGraph;

/** The dataset of a sample, with a clear error for anything else. */
export function asDataset(sample: unknown, taskId: string): GraphDataset {
  if (isGraphologyGraph(sample)) return datasetOf(sample);
  if (typeof sample === "object" && sample !== null && isGraphologyGraph((sample as { graph?: unknown }).graph)) return sample as GraphDataset;
  throw new BadInputError({
    field: `${taskId} sample`,
    expected: "a graph dataset from a graph source (synthetic, cora:DIR, npz:FILE, ...) or a graphology graph",
    got: typeof sample,
    hint: "Use --source with a graph source spec",
  });
}
