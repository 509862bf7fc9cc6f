/**
 * An undirected simple graph in compressed sparse row form: the neighbours of node `u` are
 * `neighbours[offsets[u] .. offsets[u + 1])`, sorted ascending, without self-loops or
 * repeats. Every edge appears in both rows. This is the form the hot paths (holdouts,
 * negative sampling, k-hop neighbourhoods, GNN tensors) run on.
 */
export interface Adjacency {
  readonly numNodes: number;
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
}

/**
 * Builds an {@link Adjacency} from edge endpoint pairs (either direction, repeats and
 * self-loops allowed: they are dropped). Linear in the edges plus the per-row sorts.
 *
 * @example
 * ```ts
 * const a = adjacencyFromPairs(3, Int32Array.of(0, 1, 1), Int32Array.of(1, 0, 2));
 * [...a.neighbours]; // [1, 0, 2, 1]
 * ```
 */
export function adjacencyFromPairs(numNodes: number, sources: ArrayLike<number>, targets: ArrayLike<number>, count = sources.length): Adjacency {
  const degree = new Int32Array(numNodes + 1);
  for (let i = 0; i < count; i++) {
    const u = sources[i]!;
    const v = targets[i]!;
    if (u === v) continue;
    degree[u]!++;
    degree[v]!++;
  }
  const start = new Int32Array(numNodes + 1);
  for (let u = 0; u < numNodes; u++) start[u + 1] = start[u]! + degree[u]!;
  const fill = start.slice(0, numNodes);
  const raw = new Int32Array(start[numNodes]!);
  for (let i = 0; i < count; i++) {
    const u = sources[i]!;
    const v = targets[i]!;
    if (u === v) continue;
    raw[fill[u]!++] = v;
    raw[fill[v]!++] = u;
  }
  // Sort each row, then squeeze out repeats in place.
  const offsets = new Int32Array(numNodes + 1);
  let write = 0;
  for (let u = 0; u < numNodes; u++) {
    const row = raw.subarray(start[u]!, start[u + 1]!);
    row.sort();
    offsets[u] = write;
    let previous = -1;
    for (let k = 0; k < row.length; k++) {
      const v = row[k]!;
      if (v !== previous) raw[write++] = v;
      previous = v;
    }
  }
  offsets[numNodes] = write;
  return { numNodes, offsets, neighbours: write === raw.length ? raw : raw.slice(0, write) };
}

/** Number of neighbours of `u`. */
export function degreeOf(adjacency: Adjacency, u: number): number {
  return adjacency.offsets[u + 1]! - adjacency.offsets[u]!;
}

/** Whether `u` and `v` are adjacent (binary search in the shorter row). */
export function hasEdge(adjacency: Adjacency, u: number, v: number): boolean {
  const { offsets, neighbours } = adjacency;
  let a = u;
  let b = v;
  if (offsets[a + 1]! - offsets[a]! > offsets[b + 1]! - offsets[b]!) {
    a = v;
    b = u;
  }
  let lo = offsets[a]!;
  let hi = offsets[a + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = neighbours[mid]!;
    if (x === b) return true;
    if (x < b) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Number of undirected edges. */
export function edgeCount(adjacency: Adjacency): number {
  return adjacency.neighbours.length / 2;
}

/** Both directions of every edge as (source, target) arrays, the edge index GNNs take. */
export function directedEdgeArrays(adjacency: Adjacency): { sources: Int32Array; targets: Int32Array } {
  const { numNodes, offsets, neighbours } = adjacency;
  const sources = new Int32Array(neighbours.length);
  for (let u = 0; u < numNodes; u++) sources.fill(u, offsets[u]!, offsets[u + 1]!);
  return { sources, targets: neighbours.slice() };
}
