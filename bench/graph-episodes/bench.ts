/**
 * graph-episodes benchmark: @ssl4rl/graph-tasks against networkx doing the same sampling, in
 * one run, on one contextual-SBM graph of 100,000 nodes and 1,000,000 edge draws (32 dense
 * features, 4 classes). Both sides read the same graph (written here as raw little-endian
 * arrays). Timed phases, each on both sides:
 *   A. edge holdout (10%) plus as many verified, distinct non-edges (negatives);
 *   B. node masking: a 50% mask set, then EPISODES episodes (query, 3 distinct candidate rows
 *      from masked nodes, 2-hop neighbourhood capped at 30 nodes and 60 edges, prompt text);
 *   C. EPISODES edge-prediction yes/no episodes on the held-out view (1-hop neighbourhood of
 *      both nodes, same caps, prompt text);
 *   D. node contrast: two copies corrupted apart (each drops 30% of the edges and zeroes 30% of
 *      the feature columns), then EPISODES episodes (query, 7 distinct wrong candidates with other
 *      rows, 1-hop neighbourhood in the first copy capped at 20 nodes and 40 edges, each
 *      candidate's degree and row in the second copy, prompt text);
 *   E. corruption detection: a copy with the same edges and its feature rows shuffled among the
 *      nodes, then EPISODES episodes (one intact and 3 shuffled nodes with a neighbour, a shuffled
 *      one never keeping a row equal to its own, 16 summary nodes, each candidate's row and up to
 *      4 neighbours' rows, prompt text);
 *   F. attribute masking: a 50% mask set, then EPISODES episodes (query, 4 distinct feature
 *      columns whose largest value at the query is strictly the largest, 2-hop neighbourhood
 *      capped at 30 nodes and 60 edges, prompt text; the features are numeric here).
 * Graph construction is reported but not timed against each other (the CSR build here,
 * nx.Graph there). Times are process CPU time. Run with bench/graph-episodes/run.sh.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// bench/ is not a workspace package: import the sources directly (same files the packages export).
import { type Episode, type GraphObservation, Random, resolveTaskOptions } from "../../packages/core/src/index.js";
import {
  attributeMaskingTask,
  CONTEXTUAL_SBM_DEFAULTS,
  compactGraphFromArrays,
  corruptionDetectionTask,
  contextualSbmArrays,
  edgeCount,
  edgeHoldout,
  edgePredictionTask,
  type NodeMaskingObservation,
  nodeContrastTask,
  nodeMaskingTask,
} from "../../packages/graph-tasks/src/index.js";

const NODES = Number(process.env.NODES ?? 100_000);
const EDGES = Number(process.env.EDGES ?? 1_000_000);
const EPISODES = Number(process.env.EPISODES ?? 10_000);

/**
 * CPU time of this process in ms (all its threads, so V8's GC helpers count against us).
 * CPU time rather than wall time: the benchmark machines are shared, and waiting for a core
 * would otherwise land on whichever side happened to be running.
 */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const sbm = { ...CONTEXTUAL_SBM_DEFAULTS, nodes: NODES, degree: (2 * EDGES) / NODES };
let t = cpuMs();
const arrays = contextualSbmArrays(sbm, Random.fromSeed(0));
const generateMs = cpuMs() - t;
t = cpuMs();
const graph = compactGraphFromArrays({ name: "bench", numNodes: NODES, sources: arrays.sources, targets: arrays.targets, numFeatures: sbm.features, features: arrays.features, labels: arrays.labels });
const buildMs = cpuMs() - t;

const dir = mkdtempSync(join(tmpdir(), "ssl4rl-bench-graph-"));
const raw = (a: Int32Array | Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
writeFileSync(join(dir, "sources.i32"), raw(arrays.sources));
writeFileSync(join(dir, "targets.i32"), raw(arrays.targets));
writeFileSync(join(dir, "features.f32"), raw(arrays.features));

// A. holdout + negatives
t = cpuMs();
const holdout = edgeHoldout(graph.adjacency, 0.1, Random.fromSeed(1).fork("view"), "uniform");
const holdoutMs = cpuMs() - t;

// B. mask set + node-masking episodes (the first episode builds the shared view).
const maskOptions = resolveTaskOptions(nodeMaskingTask, { maskRate: 0.5, candidates: 4, hops: 2, maxNodes: 30, maxEdges: 60, maxFeatureItems: 24 });
let chars = 0;
t = cpuMs();
for (let i = 0; i < EPISODES; i++) {
  const e = nodeMaskingTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(2).fork(i), seed: 2, index: i }, maskOptions) as Episode<NodeMaskingObservation>;
  chars += e.prompt.messages[0]!.content.length;
}
const maskMs = cpuMs() - t;

// C. edge-prediction episodes on the held-out view (the view is built once first, untimed,
// as phase A timed that work).
const edgeOptions = resolveTaskOptions(edgePredictionTask, { form: "yes-no", holdoutRate: 0.1, hops: 1, maxNodes: 30, maxEdges: 60, maxFeatureItems: 16 });
edgePredictionTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(3), seed: 3, index: 0 }, edgeOptions);
t = cpuMs();
for (let i = 0; i < EPISODES; i++) {
  const e = edgePredictionTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(3).fork(i), seed: 3, index: i }, edgeOptions) as Episode<GraphObservation>;
  chars += e.prompt.messages[0]!.content.length;
}
const edgeMs = cpuMs() - t;

// D. node-contrast episodes (the first episode builds the two copies and the stacked view).
const contrastOptions = resolveTaskOptions(nodeContrastTask, { candidates: 8, edgeDropRate: 0.3, featureDropRate: 0.3, hops: 1, maxNodes: 20, maxEdges: 40, maxFeatureItems: 16, maxCandidateItems: 32 });
t = cpuMs();
for (let i = 0; i < EPISODES; i++) {
  const e = nodeContrastTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(4).fork(i), seed: 4, index: i }, contrastOptions) as Episode<GraphObservation>;
  chars += e.prompt.messages[0]!.content.length;
}
const contrastMs = cpuMs() - t;

// E. corruption-detection episodes (the first episode builds the shuffled copy and the stacked view).
const corruptionOptions = resolveTaskOptions(corruptionDetectionTask, { candidates: 4, summaryNodes: 16, maxNeighbours: 4, maxFeatureItems: 12 });
t = cpuMs();
for (let i = 0; i < EPISODES; i++) {
  const e = corruptionDetectionTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(5).fork(i), seed: 5, index: i }, corruptionOptions) as Episode<GraphObservation>;
  chars += e.prompt.messages[0]!.content.length;
}
const corruptionMs = cpuMs() - t;

// F. attribute-masking episodes (the first episode builds the mask set and its view); numeric
// features, so each asks which of 4 columns is largest at the hidden node.
const attributeOptions = resolveTaskOptions(attributeMaskingTask, { maskRate: 0.5, candidates: 4, hops: 2, maxNodes: 30, maxEdges: 60, maxFeatureItems: 24 });
t = cpuMs();
for (let i = 0; i < EPISODES; i++) {
  const e = attributeMaskingTask.makeEpisode({ samples: [graph], rng: Random.fromSeed(6).fork(i), seed: 6, index: i }, attributeOptions) as Episode<GraphObservation>;
  chars += e.prompt.messages[0]!.content.length;
}
const attributeMs = cpuMs() - t;

const py = spawnSync(process.env.BENCH_PYTHON ?? "/usr/bin/python3", [join(import.meta.dirname, "networkx_episodes.py"), dir, String(NODES), String(sbm.features), String(EPISODES)], { encoding: "utf8", maxBuffer: 1 << 24 });
rmSync(dir, { recursive: true, force: true });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const nx = JSON.parse(py.stdout.trim().split("\n").pop()!) as { build_ms: number; holdout_ms: number; mask_ms: number; edge_ms: number; contrast_ms: number; corruption_ms: number; attribute_ms: number; held_out: number; chars: number; networkx: string };

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`graph: ${NODES} nodes, ${EDGES} edge draws -> ${edgeCount(graph.adjacency)} distinct undirected edges, ${sbm.features} features; ${EPISODES} episodes per task`);
console.log(`build (not compared): ssl4rl CSR ${fmt(buildMs)} (+ ${fmt(generateMs)} to generate), networkx ${nx.networkx} nx.Graph ${fmt(nx.build_ms)}`);
console.log(`held out: ssl4rl ${holdout.heldOutSources.length}, networkx ${nx.held_out}; prompt characters: ssl4rl ${chars}, networkx ${nx.chars}`);
const rows: [string, number, number][] = [
  ["A. edge holdout + negatives", holdoutMs, nx.holdout_ms],
  ["B. node mask + episodes", maskMs, nx.mask_ms],
  ["C. edge-prediction episodes", edgeMs, nx.edge_ms],
  ["D. two copies + contrast eps.", contrastMs, nx.contrast_ms],
  ["E. shuffled copy + corruption eps.", corruptionMs, nx.corruption_ms],
  ["F. node mask + attribute eps.", attributeMs, nx.attribute_ms],
  ["total A+B+C+D+E+F", holdoutMs + maskMs + edgeMs + contrastMs + corruptionMs + attributeMs, nx.holdout_ms + nx.mask_ms + nx.edge_ms + nx.contrast_ms + nx.corruption_ms + nx.attribute_ms],
];
console.log("phase (CPU time)                   ssl4rl     networkx   ratio (networkx / ssl4rl)");
for (const [name, ours, theirs] of rows) console.log(`${name.padEnd(34)} ${fmt(ours).padStart(8)}   ${fmt(theirs).padStart(8)}   ${(theirs / ours).toFixed(1)}x`);
