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
 * One node's features as prompt text: the columns that are 1 for bag-of-words features
 * (by name when the graph has feature names), else the values to two decimals; capped at
 * `maxItems`, saying how many were left out.
 */
export function describeFeatures(graph: CompactGraph, row: Float32Array, maxItems: number): string {
  const { numFeatures, featureNames } = graph;
  if (graph.binaryFeatures) {
    const ones: string[] = [];
    let total = 0;
    for (let j = 0; j < numFeatures; j++) {
      if (row[j] === 0) continue;
      total++;
      if (ones.length < maxItems) ones.push(featureNames?.[j] ?? String(j));
    }
    if (total === 0) return "no words";
    return `words ${ones.join(", ")}${total > ones.length ? ` (+${total - ones.length} more)` : ""}`;
  }
  const shown = Math.min(numFeatures, maxItems);
  const parts: string[] = [];
  for (let j = 0; j < shown; j++) parts.push(featureNames !== undefined ? `${featureNames[j]}=${row[j]!.toFixed(2)}` : row[j]!.toFixed(2));
  return `[${parts.join(", ")}${numFeatures > shown ? `, … (+${numFeatures - shown} more values)` : ""}]`;
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
  const order: number[] = [];
  const hop = new Map<number, number>();
  for (const s of seeds) {
    if (!hop.has(s)) {
      hop.set(s, 0);
      order.push(s);
    }
  }
  // Breadth-first, counting every node in reach so the text can say how many were left out.
  let frontier = [...order];
  let reachable = order.length;
  for (let d = 1; d <= caps.hops && frontier.length > 0; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const v = neighbours[k]!;
        if (hop.has(v)) continue;
        hop.set(v, d);
        next.push(v);
        reachable++;
        if (order.length < caps.maxNodes) order.push(v);
      }
    }
    // Past the cap the search only counts; stop once it stops being useful to count exactly.
    if (reachable > caps.maxNodes * 50) break;
    frontier = next;
  }
  const shown = new Set(order);
  const lines: string[] = [];
  const hopsText = caps.hops === 1 ? "1 hop" : `${caps.hops} hops`;
  lines.push(
    order.length < reachable
      ? `Nodes within ${hopsText} (showing the ${order.length} nearest of ${reachable > caps.maxNodes * 50 ? "more than " : ""}${reachable}; the rest are left out):`
      : `Nodes within ${hopsText} (${order.length}):`,
  );
  const f = graph.numFeatures;
  for (const u of order) {
    const text = masked !== undefined && masked[u] === 1 ? "[features hidden]" : describeFeatures(graph, features.subarray(u * f, (u + 1) * f), caps.maxFeatureItems);
    lines.push(`- ${nodeName(u)} (hop ${hop.get(u)}): ${text}`);
  }
  const edges: string[] = [];
  let edgeTotal = 0;
  for (const u of order) {
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = neighbours[k]!;
      if (v <= u || !shown.has(v)) continue;
      edgeTotal++;
      if (edges.length < caps.maxEdges) edges.push(`${nodeName(u)}-${nodeName(v)}`);
    }
  }
  if (edgeTotal === 0) lines.push("Edges among these nodes: none.");
  else if (edges.length < edgeTotal) lines.push(`Edges among these nodes (showing ${edges.length} of ${edgeTotal}; the rest are left out): ${edges.join(", ")}`);
  else lines.push(`Edges among these nodes (${edgeTotal}): ${edges.join(", ")}`);
  return lines.join("\n");
}
