import type { Random } from "@ssl4rl/core";
import { type Adjacency, adjacencyFromPairs, hasEdge } from "./adjacency.js";

/** How negatives (non-edges) are drawn. */
export type NegativeSampling = "uniform" | "degree";

/**
 * An edge holdout, as in GAE and PyG's link-prediction split: `heldOut` edges are removed
 * from `visible` before anything is shown, and as many `negatives` are drawn, each a verified
 * non-edge of the full graph, distinct, never a self-loop.
 */
export interface EdgeHoldout {
  readonly visible: Adjacency;
  readonly heldOutSources: Int32Array;
  readonly heldOutTargets: Int32Array;
  readonly negativeSources: Int32Array;
  readonly negativeTargets: Int32Array;
}

/**
 * Holds out `round(rate · edges)` edges of `full` uniformly at random, and draws as many
 * non-edges. With `"degree"` sampling, negative endpoints are drawn in proportion to their
 * degree (a random end of a random edge), so a policy cannot tell positives from negatives
 * by degree alone (where such pairs run out, the rest are drawn uniformly); `"uniform"`
 * draws node pairs uniformly, as GAE does.
 *
 * @example
 * ```ts
 * const h = edgeHoldout(adjacency, 0.1, Random.fromSeed(0).fork("view"));
 * hasEdge(h.visible, h.heldOutSources[0]!, h.heldOutTargets[0]!); // false
 * ```
 */
export function edgeHoldout(full: Adjacency, rate: number, rng: Random, negatives: NegativeSampling = "uniform"): EdgeHoldout {
  const { numNodes, offsets, neighbours } = full;
  const m = neighbours.length / 2;
  // Each undirected edge once, as (u, v) with u < v.
  const edgeU = new Int32Array(m);
  const edgeV = new Int32Array(m);
  let e = 0;
  for (let u = 0; u < numNodes; u++) {
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = neighbours[k]!;
      if (v > u) {
        edgeU[e] = u;
        edgeV[e] = v;
        e++;
      }
    }
  }
  const h = Math.min(m, Math.round(rate * m));
  // Partial Fisher-Yates: the first h slots of `order` become a uniform sample of edge ids.
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  for (let i = 0; i < h; i++) {
    const j = i + rng.int(m - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const heldOutSources = new Int32Array(h);
  const heldOutTargets = new Int32Array(h);
  const keep = new Uint8Array(m).fill(1);
  for (let i = 0; i < h; i++) {
    const id = order[i]!;
    keep[id] = 0;
    // Random orientation, so "the first node" carries no information.
    if (rng.bool()) {
      heldOutSources[i] = edgeU[id]!;
      heldOutTargets[i] = edgeV[id]!;
    } else {
      heldOutSources[i] = edgeV[id]!;
      heldOutTargets[i] = edgeU[id]!;
    }
  }
  const visU = new Int32Array(m - h);
  const visV = new Int32Array(m - h);
  let w = 0;
  for (let i = 0; i < m; i++) {
    if (keep[i] === 0) continue;
    visU[w] = edgeU[i]!;
    visV[w] = edgeV[i]!;
    w++;
  }
  const visible = adjacencyFromPairs(numNodes, visU, visV);
  const { sources: negativeSources, targets: negativeTargets } = sampleNonEdges(full, h, rng, negatives);
  return { visible, heldOutSources, heldOutTargets, negativeSources, negativeTargets };
}

/** `count` distinct non-edges of `full` (no self-loops). Throws when the graph is too dense to have them. */
export function sampleNonEdges(full: Adjacency, count: number, rng: Random, mode: NegativeSampling = "uniform"): { sources: Int32Array; targets: Int32Array } {
  const n = full.numNodes;
  const m = full.neighbours.length / 2;
  const available = (n * (n - 1)) / 2 - m;
  if (count > available) throw new RangeError(`cannot draw ${count} distinct non-edges: the graph has only ${available}`);
  const sources = new Int32Array(count);
  const targets = new Int32Array(count);
  const seen = new Set<number>();
  const ends = full.neighbours;
  const uniform = () => rng.int(n);
  const byDegree = () => ends[rng.int(ends.length)]!;
  let draw = mode === "degree" && ends.length > 0 ? byDegree : uniform;
  let got = 0;
  let attempts = 0;
  const maxAttempts = 100 * count + 1000;
  while (got < count) {
    attempts++;
    // Pairs of high-degree nodes run out in small dense cores: go on uniformly rather than fail.
    if (draw === byDegree && attempts > maxAttempts / 2) draw = uniform;
    if (attempts > maxAttempts) {
      throw new RangeError(`could not find ${count} non-edges in ${maxAttempts} draws (graph too dense)`);
    }
    const u = draw();
    const v = draw();
    if (u === v || hasEdge(full, u, v)) continue;
    const key = u < v ? u * n + v : v * n + u;
    if (seen.has(key)) continue;
    seen.add(key);
    sources[got] = u;
    targets[got] = v;
    got++;
  }
  return { sources, targets };
}
