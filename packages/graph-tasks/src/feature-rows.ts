import type { CompactGraph } from "./compact-graph.js";

const hashCache = new WeakMap<Float32Array, Int32Array>();

/**
 * A 32-bit hash of every node's feature row (FNV-1a over the float bits), so that nodes with
 * equal rows are found fast; equal hashes still need {@link sameFeatureRow} to be sure.
 * Computed once per feature array (tasks ask again for every view they draw) and shared, so
 * callers must not write to the result; like every reader of a compact graph, it assumes the
 * graph's features are not changed in place.
 */
export function featureRowHashes(graph: CompactGraph): Int32Array {
  let hashes = hashCache.get(graph.features);
  if (hashes === undefined || hashes.length !== graph.numNodes) {
    hashes = hashFeatureRows(graph);
    hashCache.set(graph.features, hashes);
  }
  return hashes;
}

function hashFeatureRows(graph: CompactGraph): Int32Array {
  const f = graph.numFeatures;
  const hashes = new Int32Array(graph.numNodes);
  const bits = new Int32Array(graph.features.buffer, graph.features.byteOffset, graph.features.length);
  for (let u = 0; u < graph.numNodes; u++) {
    let h = 0x811c9dc5;
    for (let j = u * f; j < (u + 1) * f; j++) h = Math.imul(h ^ bits[j]!, 0x01000193);
    hashes[u] = h;
  }
  return hashes;
}

/** Whether nodes `a` and `b` have the same feature row in `graph` (`hashes` from {@link featureRowHashes}). */
export function sameFeatureRow(graph: CompactGraph, hashes: Int32Array, a: number, b: number): boolean {
  if (hashes[a] !== hashes[b]) return false;
  const f = graph.numFeatures;
  for (let j = 0; j < f; j++) if (graph.features[a * f + j] !== graph.features[b * f + j]) return false;
  return true;
}

/**
 * Nodes within `hops` of `u` in the full graph that `keep` accepts, nearest first (breadth
 * first); a hop is finished once started, so up to a hop's worth past `limit` may come back.
 */
export function nodesNear(graph: CompactGraph, u: number, hops: number, limit: number, keep: (v: number) => boolean = () => true): number[] {
  const { offsets, neighbours } = graph.adjacency;
  const seen = new Set([u]);
  const out: number[] = [];
  let frontier = [u];
  for (let d = 0; d < hops && frontier.length > 0 && out.length < limit; d++) {
    const next: number[] = [];
    for (const x of frontier) {
      for (let k = offsets[x]!; k < offsets[x + 1]!; k++) {
        const v = neighbours[k]!;
        if (seen.has(v)) continue;
        seen.add(v);
        next.push(v);
        if (keep(v)) out.push(v);
      }
    }
    frontier = next;
  }
  return out;
}
