import type { CompactGraph } from "@ssl4rl/graph-tasks";

/**
 * Â^hops · X for Â = D^-1/2 (A + I) D^-1/2, the normalised adjacency a GCN layer multiplies by:
 * the node features averaged over `hops` rounds of neighbours with no weights at all (SGC's
 * features). A baseline that learns nothing; hops 0 is a copy of X.
 *
 * @example
 * ```ts
 * propagatedFeatures(compactGraph(dataset), 2); // numNodes × numFeatures, row-major
 * ```
 */
export function propagatedFeatures(graph: CompactGraph, hops: number): Float32Array {
  const { numNodes: n, numFeatures: f } = graph;
  const { offsets, neighbours } = graph.adjacency;
  const scale = new Float64Array(n);
  for (let u = 0; u < n; u++) scale[u] = 1 / Math.sqrt(offsets[u + 1]! - offsets[u]! + 1);
  let x = graph.features.slice();
  for (let k = 0; k < hops; k++) {
    const y = new Float32Array(n * f);
    for (let u = 0; u < n; u++) {
      const row = u * f;
      const self = scale[u]! * scale[u]!;
      for (let j = 0; j < f; j++) y[row + j] = self * x[row + j]!;
      for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
        const v = neighbours[e]!;
        const w = scale[u]! * scale[v]!;
        const from = v * f;
        for (let j = 0; j < f; j++) y[row + j]! += w * x[from + j]!;
      }
    }
    x = y;
  }
  return x;
}
