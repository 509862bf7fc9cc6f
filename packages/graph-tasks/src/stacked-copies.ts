import type { GraphTensorView } from "@ssl4rl/core";
import type { Adjacency } from "./adjacency.js";

/** One copy of a graph as a task altered it: the edges it shows and its feature rows. */
export interface GraphCopy {
  readonly adjacency: Adjacency;
  /** Row-major, `adjacency.numNodes × numFeatures`. */
  readonly features: Float32Array;
}

/**
 * Copies of one graph stacked into a single tensor view: node `v` of copy `c` is
 * `c × numNodes + v`. No edge joins two copies, so a GNN embeds each copy on its own in one
 * pass, and a task can offer nodes of different copies side by side.
 */
export function stackedCopies(id: string, numFeatures: number, copies: readonly GraphCopy[]): GraphTensorView {
  const n = copies[0]?.adjacency.numNodes ?? 0;
  const features = new Float32Array(copies.length * n * numFeatures);
  let directed = 0;
  for (const [c, copy] of copies.entries()) {
    if (copy.adjacency.numNodes !== n || copy.features.length !== n * numFeatures) {
      throw new RangeError(`stackedCopies: copy ${c} has ${copy.adjacency.numNodes} nodes and ${copy.features.length} feature values; expected ${n} and ${n * numFeatures}`);
    }
    features.set(copy.features, c * n * numFeatures);
    directed += copy.adjacency.neighbours.length;
  }
  const edgeSources = new Int32Array(directed);
  const edgeTargets = new Int32Array(directed);
  let e = 0;
  for (const [c, { adjacency }] of copies.entries()) {
    const shift = c * n;
    for (let u = 0; u < n; u++) {
      for (let k = adjacency.offsets[u]!; k < adjacency.offsets[u + 1]!; k++) {
        edgeSources[e] = u + shift;
        edgeTargets[e] = adjacency.neighbours[k]! + shift;
        e++;
      }
    }
  }
  return { id, numNodes: copies.length * n, numFeatures, features, edgeSources, edgeTargets, masked: new Uint8Array(copies.length * n) };
}
