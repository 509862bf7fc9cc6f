import { existsSync } from "node:fs";
import { join } from "node:path";
import { BadInputError, intParam, Random, type SampleSource, type SkipCounter, type SourceKind, type SourceSpec } from "@ssl4rl/core";
import { CONTEXTUAL_SBM_DEFAULTS, type ContextualSbmOptions, contextualSbm } from "./contextual-sbm.js";
import { datasetCacheDir, downloadDataset } from "./dataset-download.js";
import { loadEdgeList } from "./edge-list-loader.js";
import type { GraphDataset } from "./graph-dataset.js";
import { findLinqsFiles, loadLinqs } from "./linqs-loader.js";
import { loadNamedDataset, NAMED_DATASETS } from "./named-datasets.js";
import { loadNpz } from "./npz-loader.js";
import { loadXmlGraph } from "./xml-graph-loader.js";

/**
 * A source that yields one loaded graph over and over (unbounded): every episode of a run
 * draws from the same graph, and the tasks build one shared corrupted view of it per seed.
 */
export function repeatingGraphSource(dataset: GraphDataset): SampleSource<GraphDataset> {
  return {
    description: `${dataset.origin} (${dataset.graph.order} nodes, ${dataset.graph.size} edges)`,
    async *samples() {
      for (;;) yield dataset;
    },
  };
}

function needLocation(spec: SourceSpec, what: string): string {
  if (spec.location === undefined) {
    throw new BadInputError({ field: "source", expected: `${spec.kind}:${what}`, got: spec.text });
  }
  if (!existsSync(spec.location)) throw new BadInputError({ file: spec.location, field: "source", expected: `an existing ${what}`, got: spec.text });
  return spec.location;
}

function numberParam(spec: SourceSpec, key: string, fallback: number): number {
  const raw = spec.params[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new BadInputError({ file: spec.text, field: key, expected: "a number", got: raw });
  return n;
}

function flagParam(spec: SourceSpec, key: string): boolean {
  const raw = spec.params[key];
  if (raw === undefined) return false;
  if (["1", "true", "yes", ""].includes(raw)) return true;
  if (["0", "false", "no"].includes(raw)) return false;
  throw new BadInputError({ file: spec.text, field: key, expected: "true or false", got: raw });
}

function kind(name: string, description: string, load: (spec: SourceSpec, seed: number | string, skips: SkipCounter) => GraphDataset | Promise<GraphDataset>): SourceKind<GraphDataset> {
  return {
    kind: name,
    modality: "graph",
    description,
    async open(spec, context) {
      return repeatingGraphSource(await load(spec, context.seed, context.skips));
    },
  };
}

/** `synthetic[?nodes=&classes=&features=&degree=&homophily=&signal=&seed=]`: a contextual SBM, the default source. */
export const syntheticSource = kind("synthetic", "contextual stochastic block model (communities, class-correlated features); ?nodes=1000&classes=4&features=32&degree=8&homophily=0.8&signal=1&seed=", (spec, seed) => {
  const d = CONTEXTUAL_SBM_DEFAULTS;
  const options: ContextualSbmOptions = {
    nodes: intParam(spec, "nodes", d.nodes, 2),
    classes: intParam(spec, "classes", d.classes, 1),
    features: intParam(spec, "features", d.features, 1),
    degree: numberParam(spec, "degree", d.degree),
    homophily: numberParam(spec, "homophily", d.homophily),
    signal: numberParam(spec, "signal", d.signal),
  };
  // The graph's own seed defaults to the run seed; ?seed= fixes it across runs.
  return contextualSbm(options, Random.fromSeed(spec.params.seed ?? seed).fork("synthetic-graph"));
});

/** `linqs:DIR`: LINQS `.content` + `.cites` (gzip or not). */
export const linqsSource = kind("linqs", "LINQS folder: NAME.content[.gz] + NAME.cites", (spec, _seed, skips) => {
  const { content, cites } = findLinqsFiles(needLocation(spec, "DIR"));
  return loadLinqs(content, cites, { skips });
});

/** `npz:FILE`: a gnn-benchmark `.npz`. */
export const npzSource = kind("npz", "gnn-benchmark .npz (adj_*, attr_*, labels, node_names)", (spec) => loadNpz(needLocation(spec, "FILE")));

/** `edgelist:FILE[?nodes=FILE&directed=true&class=KEY]`: CSV/TSV edges plus an optional node attribute CSV. */
export const edgeListSource = kind("edgelist", "edge list CSV/TSV; ?nodes=ATTRS.csv&directed=true&class=KEY", (spec) =>
  loadEdgeList(needLocation(spec, "FILE"), {
    ...(spec.params.nodes !== undefined ? { nodesFile: spec.params.nodes } : {}),
    directed: flagParam(spec, "directed"),
    ...(spec.params.class !== undefined ? { classKey: spec.params.class } : {}),
  }),
);

/** `gexf:FILE[?class=KEY]`. */
export const gexfSource = kind("gexf", "GEXF file (graphology parser); ?class=KEY", (spec) =>
  loadXmlGraph(needLocation(spec, "FILE"), "gexf", spec.params.class !== undefined ? { classKey: spec.params.class } : {}),
);

/** `graphml:FILE[?class=KEY]`. */
export const graphmlSource = kind("graphml", "GraphML file (graphology parser); ?class=KEY", (spec) =>
  loadXmlGraph(needLocation(spec, "FILE"), "graphml", spec.params.class !== undefined ? { classKey: spec.params.class } : {}),
);

function namedSource(name: "cora" | "citeseer"): SourceKind<GraphDataset> {
  return kind(name, `${name} with its Planetoid split: ${name}:DIR, or ${name} alone for the download cache (fetched on first use)`, async (spec, _seed, skips) => {
    if (spec.location !== undefined) return loadNamedDataset(name, needLocation(spec, "DIR"), skips);
    const dir = datasetCacheDir(name);
    if (!existsSync(join(dir, `${name}.npz`))) await downloadDataset(name);
    return loadNamedDataset(name, dir, skips);
  });
}

/** `cora[:DIR]`. */
export const coraSource = namedSource("cora");
/** `citeseer[:DIR]`. */
export const citeseerSource = namedSource("citeseer");

/** Every graph source kind, as the plugin registers them. */
export const GRAPH_SOURCES: readonly SourceKind<GraphDataset>[] = [syntheticSource, linqsSource, npzSource, edgeListSource, gexfSource, graphmlSource, coraSource, citeseerSource];


