import type { Random } from "@ssl4rl/core";

/** What replaces the features of a masked node in the view. */
export type MaskReplacement = "zero" | "mean";

/**
 * A node mask, as in GraphMAE: a fraction of the nodes have their features hidden. `features`
 * is the copy a policy sees, with masked rows replaced; the true rows stay in the source graph.
 */
export interface NodeMask {
  readonly masked: Uint8Array;
  /** The masked node indices, ascending. */
  readonly maskedNodes: Int32Array;
  readonly features: Float32Array;
}

/**
 * Masks `round(rate · nodes)` nodes chosen uniformly. `"zero"` replaces their rows with zeros
 * (the view's `masked` flags let a GNN swap in a learned mask token, as GraphMAE does);
 * `"mean"` uses the mean of the unmasked rows, so masked rows do not stand out by their norm.
 *
 * @example
 * ```ts
 * const mask = nodeMask(features, 100, 16, 0.5, "zero", Random.fromSeed(0).fork("view"));
 * mask.maskedNodes.length; // 50
 * ```
 */
export function nodeMask(features: Float32Array, numNodes: number, numFeatures: number, rate: number, replacement: MaskReplacement, rng: Random): NodeMask {
  const count = Math.min(numNodes, Math.round(rate * numNodes));
  const order = new Int32Array(numNodes);
  for (let i = 0; i < numNodes; i++) order[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(numNodes - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const maskedNodes = order.slice(0, count).sort();
  const masked = new Uint8Array(numNodes);
  for (const u of maskedNodes) masked[u] = 1;
  const fill = new Float32Array(numFeatures);
  const visibleCount = numNodes - count;
  if (replacement === "mean" && visibleCount > 0) {
    // The mean of the visible rows only: a masked row must not flow into any shown value.
    const sum = new Float64Array(numFeatures);
    for (let u = 0; u < numNodes; u++) {
      if (masked[u] === 1) continue;
      for (let j = 0; j < numFeatures; j++) sum[j] = sum[j]! + features[u * numFeatures + j]!;
    }
    for (let j = 0; j < numFeatures; j++) fill[j] = sum[j]! / visibleCount;
  }
  const out = features.slice();
  for (const u of maskedNodes) out.set(fill, u * numFeatures);
  return { masked, maskedNodes, features: out };
}
