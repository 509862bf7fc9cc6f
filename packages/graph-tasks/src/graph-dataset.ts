import type { AbstractGraph } from "graphology-types";
import type { NodeSplit } from "./node-split.js";

/**
 * Node attributes the graph tasks read from a graphology graph. A node carries its features
 * either dense (`features`, any numbers) or sparse binary (`featureIndices`: the columns that
 * are 1, as in a bag of words), and optionally a class `label`.
 */
export interface FeatureNodeAttributes {
  features?: Float32Array | readonly number[];
  featureIndices?: readonly number[];
  label?: string;
  [key: string]: unknown;
}

/**
 * Graph attributes the graph tasks read. `numFeatures` is required when nodes use
 * `featureIndices`; `classNames` fixes the order of labels (else sorted by name).
 */
export interface FeatureGraphAttributes {
  name?: string;
  numFeatures?: number;
  featureNames?: readonly string[];
  classNames?: readonly string[];
  [key: string]: unknown;
}

/** A graphology graph whose nodes carry features (and maybe labels). */
export type FeatureGraph = AbstractGraph<FeatureNodeAttributes, Record<string, unknown>, FeatureGraphAttributes>;

/**
 * What a graph source yields: the loaded graph, its public split when the files have one,
 * and what loading dropped or merged. Treat `graph` as frozen once tasks have seen it: the
 * tasks cache a compact copy of it.
 */
export interface GraphDataset {
  readonly name: string;
  readonly graph: FeatureGraph;
  readonly split?: NodeSplit;
  /** Edges listed more than once in the files (merged into one). */
  readonly duplicateEdges: number;
  /** Where the data came from, for `manifest.json` and stats. */
  readonly origin: string;
}

/** Makes a dataset of a graph handed in by a user (no split, nothing merged). */
export function datasetOf(graph: FeatureGraph, name?: string): GraphDataset {
  const graphName = name ?? graph.getAttribute("name") ?? "graph";
  return { name: graphName, graph, duplicateEdges: 0, origin: `graphology graph "${graphName}"` };
}

/** True for a graphology graph (as opposed to a {@link GraphDataset}). */
export function isGraphologyGraph(value: unknown): value is FeatureGraph {
  return (typeof value === "object" && value !== null && typeof (value as { forEachEdge?: unknown }).forEachEdge === "function" && typeof (value as { order?: unknown }).order === "number");
}
