import type { Adjacency } from "./adjacency.js";
import type { CompactGraph } from "./compact-graph.js";

/** Caps on a neighbourhood description, so prompts stay a bounded size. */
export interface NeighbourhoodCaps {
  /** Hops around the query nodes. */
  readonly hops: number;
  readonly maxNodes: number;
  readonly maxEdges: number;
  /** Feature items (words or values) listed per node. */
  readonly maxFeatureItems: number;
}

/** How a node is named in prompts: by index, not by its dataset id (paper ids can give topics away). */
export function nodeName(u: number): string {
  return `n${u}`;
}

/**
 * `value` to two decimals, as `toFixed(2)` writes it (sign kept for small negatives), by
 * integer arithmetic: prompts format hundreds of values each, and this is several times
 * faster. Ties may round differently from `toFixed` in the last digit, which no reader sees.
 */
export function twoDecimals(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return value.toFixed(2);
  const hundredths = Math.round(Math.abs(value) * 100);
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths - whole * 100;
  return `${value < 0 ? "-" : ""}${whole}.${frac < 10 ? "0" : ""}${frac}`;
}

/**
 * One node's features as prompt text: the columns that are 1 for bag-of-words features
 * (by name when the graph has feature names), else the values to two decimals; capped at
 * `maxItems`, saying how many were left out.
 */
export function describeFeatures(graph: CompactGraph, row: Float32Array, maxItems: number): string {
  const { numFeatures, featureNames } = graph;
  if (graph.binaryFeatures) {
    let ones = "";
    let listed = 0;
    let total = 0;
    for (let j = 0; j < numFeatures; j++) {
      if (row[j] === 0) continue;
      total++;
      if (listed < maxItems) {
        ones += `${listed === 0 ? "" : ", "}${featureNames?.[j] ?? j}`;
        listed++;
      }
    }
    if (total === 0) return "no words";
    return `words ${ones}${total > listed ? ` (+${total - listed} more)` : ""}`;
  }
  const shown = Math.min(numFeatures, maxItems);
  let text = "";
  for (let j = 0; j < shown; j++) {
    const v = twoDecimals(row[j]!);
    text += `${j === 0 ? "" : ", "}${featureNames !== undefined ? `${featureNames[j]}=${v}` : v}`;
  }
  return `[${text}${numFeatures > shown ? `, … (+${numFeatures - shown} more values)` : ""}]`;
}

/**
 * Per-node scratch marks reused across calls (a breadth-first search over a 2-hop
 * neighbourhood touches thousands of nodes; typed-array marks beat a Map several times over).
 * `seen[u] === epoch` marks a node reached in the current call, `shownMark[u] === epoch` one
 * that is listed. Prompt building is synchronous, so one set of marks serves every call.
 */
let seen = new Int32Array(0);
let shownMark = new Int32Array(0);
let hopOf = new Uint8Array(0);
let epoch = 0;

function nextEpoch(numNodes: number): number {
  if (seen.length < numNodes) {
    seen = new Int32Array(numNodes);
    shownMark = new Int32Array(numNodes);
    hopOf = new Uint8Array(numNodes);
    epoch = 0;
  }
  if (epoch === 0x7fffffff) {
    seen.fill(0);
    shownMark.fill(0);
    epoch = 0;
  }
  return ++epoch;
}

/**
 * Describes the k-hop neighbourhood of `seeds` in the graph a policy is allowed to see
 * (`visible`: held-out edges already gone; `features`: masked rows already hidden, `masked`
 * flags them). Nodes are taken breadth first, nearest first, up to the caps, and the text
 * says when it was cut. A masked node's row is never read: it is shown as hidden.
 */
export function describeNeighbourhood(
  graph: CompactGraph,
  visible: Adjacency,
  features: Float32Array,
  masked: Uint8Array | undefined,
  seeds: readonly number[],
  caps: NeighbourhoodCaps,
): string {
  const { offsets, neighbours } = visible;
  const mark = nextEpoch(visible.numNodes);
  const order: number[] = [];
  for (const s of seeds) {
    if (seen[s] !== mark) {
      seen[s] = mark;
      hopOf[s] = 0;
      order.push(s);
    }
  }
  // Breadth-first, counting every node in reach so the text can say how many were left out;
  // counting stops at a bound, and the text then says "more than".
  const countLimit = caps.maxNodes * 50;
  let frontier = order.slice();
  let reachable = order.length;
  for (let d = 1; d <= caps.hops && frontier.length > 0 && reachable <= countLimit; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const v = neighbours[k]!;
        if (seen[v] === mark) continue;
        seen[v] = mark;
        hopOf[v] = d;
        next.push(v);
        reachable++;
        if (order.length < caps.maxNodes) order.push(v);
      }
    }
    frontier = next;
  }
  for (const u of order) shownMark[u] = mark;
  const hopsText = caps.hops === 1 ? "1 hop" : `${caps.hops} hops`;
  let text =
    order.length < reachable
      ? `Nodes within ${hopsText} (showing the ${order.length} nearest of ${reachable > countLimit ? "more than " : ""}${reachable}; the rest are left out):`
      : `Nodes within ${hopsText} (${order.length}):`;
  const f = graph.numFeatures;
  for (const u of order) {
    const row = masked !== undefined && masked[u] === 1 ? "[features hidden]" : describeFeatures(graph, features.subarray(u * f, (u + 1) * f), caps.maxFeatureItems);
    text += `\n- ${nodeName(u)} (hop ${hopOf[u]}): ${row}`;
  }
  let edges = "";
  let listed = 0;
  let edgeTotal = 0;
  for (const u of order) {
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = neighbours[k]!;
      if (v <= u || shownMark[v] !== mark) continue;
      edgeTotal++;
      if (listed < caps.maxEdges) {
        edges += `${listed === 0 ? "" : ", "}${nodeName(u)}-${nodeName(v)}`;
        listed++;
      }
    }
  }
  if (edgeTotal === 0) text += "\nEdges among these nodes: none.";
  else if (listed < edgeTotal) text += `\nEdges among these nodes (showing ${listed} of ${edgeTotal}; the rest are left out): ${edges}`;
  else text += `\nEdges among these nodes (${edgeTotal}): ${edges}`;
  return text;
}
