import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { BadInputError } from "@ssl4rl/core";
import { unzipSync } from "fflate";
import { GraphClass } from "./graph-constructor.js";
import { type NpyArray, parse as parseNpy } from "npyjs";
import type { FeatureGraph, GraphDataset } from "./graph-dataset.js";

type Arrays = Record<string, NpyArray>;

function need(arrays: Arrays, file: string, key: string): NpyArray {
  const a = arrays[key];
  if (a === undefined) {
    throw new BadInputError({ file, field: key, expected: `an array "${key}" (gnn-benchmark layout: adj_*, attr_*, labels, node_names, class_names)`, got: Object.keys(arrays).join(", ") });
  }
  return a;
}

function numbers(arrays: Arrays, file: string, key: string): ArrayLike<number> {
  const a = need(arrays, file, key);
  const data = a.data as unknown;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, Number);
  if (ArrayBuffer.isView(data) || Array.isArray(data)) return data as ArrayLike<number>;
  throw new BadInputError({ file, field: key, expected: "a numeric array", got: a.dtype });
}

function strings(arrays: Arrays, file: string, key: string): string[] | undefined {
  const a = arrays[key];
  if (a === undefined) return undefined;
  if (!Array.isArray(a.data)) throw new BadInputError({ file, field: key, expected: "a unicode string array (numpy dtype <U...)", got: a.dtype });
  return (a.data as unknown[]).map(String);
}

/** Reads the CSR triple `PREFIX_data/indices/indptr` plus `PREFIX_shape`, checking that they fit together. */
function csr(arrays: Arrays, file: string, prefix: string) {
  const data = numbers(arrays, file, `${prefix}_data`);
  const indices = numbers(arrays, file, `${prefix}_indices`);
  const indptr = numbers(arrays, file, `${prefix}_indptr`);
  const shape = numbers(arrays, file, `${prefix}_shape`);
  const rows = Number(shape[0]);
  const cols = Number(shape[1]);
  if (indptr.length !== rows + 1 || indices.length !== data.length || indptr[rows] !== indices.length) {
    throw new BadInputError({ file, field: `${prefix}_indptr`, expected: `a CSR matrix: ${rows + 1} row pointers ending at ${indices.length}`, got: `${indptr.length} pointers ending at ${indptr[indptr.length - 1]}` });
  }
  for (let k = 0; k < indices.length; k++) {
    const j = indices[k]!;
    if (!(j >= 0 && j < cols)) throw new BadInputError({ file, field: `${prefix}_indices[${k}]`, expected: `a column in 0..${cols - 1}`, got: j });
  }
  return { data, indices, indptr, rows, cols };
}

/**
 * Loads a gnn-benchmark `.npz` graph (a zip of `.npy` arrays, read with fflate and npyjs):
 * the adjacency as CSR `adj_*` (`A[i, j] ≠ 0` becomes an edge i → j), node attributes as
 * CSR `attr_*` (or a dense `attr_matrix`), optional `labels` with `class_names`, and
 * `node_names` for node keys (else 0, 1, ...). No pickled objects are read.
 *
 * @example
 * ```ts
 * const cora = loadNpz("data/cora.npz");
 * cora.graph.size; // 5429
 * ```
 */
export function loadNpz(path: string, options: { name?: string } = {}): GraphDataset {
  const name = options.name ?? basename(path).replace(/\.npz$/, "");
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(path));
  } catch (error) {
    throw new BadInputError({ file: path, expected: "a readable .npz (zip) file", hint: (error as Error).message, cause: error });
  }
  const arrays: Arrays = {};
  for (const [entry, bytes] of Object.entries(entries)) {
    if (!entry.endsWith(".npy")) continue;
    try {
      // npyjs views the buffer with typed arrays, which need their own aligned ArrayBuffer.
      arrays[entry.slice(0, -4)] = parseNpy(bytes.slice().buffer);
    } catch (error) {
      throw new BadInputError({ file: `${path}!${entry}`, expected: "a .npy array", hint: (error as Error).message, cause: error });
    }
  }
  const adj = csr(arrays, path, "adj");
  if (adj.rows !== adj.cols) throw new BadInputError({ file: path, field: "adj_shape", expected: "a square matrix", got: `${adj.rows}×${adj.cols}` });
  const n = adj.rows;
  const nodeNames = strings(arrays, path, "node_names") ?? Array.from({ length: n }, (_, i) => String(i));
  if (nodeNames.length !== n) throw new BadInputError({ file: path, field: "node_names", expected: `${n} names`, got: nodeNames.length });
  const classNames = strings(arrays, path, "class_names");
  const labels = arrays.labels !== undefined ? numbers(arrays, path, "labels") : undefined;
  if (labels !== undefined && labels.length !== n) throw new BadInputError({ file: path, field: "labels", expected: `${n} labels`, got: labels.length });

  const graph: FeatureGraph = new GraphClass({ type: "directed", allowSelfLoops: true, multi: false });
  const attrKeys = arrays.attr_data !== undefined ? "csr" : arrays.attr_matrix !== undefined ? "dense" : "none";
  let numFeatures = 0;
  let attr: ReturnType<typeof csr> | undefined;
  let binary = true;
  if (attrKeys === "csr") {
    attr = csr(arrays, path, "attr");
    if (attr.rows !== n) throw new BadInputError({ file: path, field: "attr_shape", expected: `${n} rows (one per node)`, got: attr.rows });
    numFeatures = attr.cols;
    for (let k = 0; k < attr.data.length; k++) if (attr.data[k] !== 1) binary = false;
  }
  let dense: ArrayLike<number> | undefined;
  if (attrKeys === "dense") {
    const m = need(arrays, path, "attr_matrix");
    if (m.shape.length !== 2 || m.shape[0] !== n) throw new BadInputError({ file: path, field: "attr_matrix", expected: `a ${n}×F matrix`, got: m.shape.join("×") });
    numFeatures = m.shape[1]!;
    dense = numbers(arrays, path, "attr_matrix");
  }
  for (let i = 0; i < n; i++) {
    const attrs: Record<string, unknown> = {};
    if (attr !== undefined) {
      const lo = attr.indptr[i]!;
      const hi = attr.indptr[i + 1]!;
      if (binary) {
        attrs.featureIndices = Array.from({ length: hi - lo }, (_, k) => attr!.indices[lo + k]!);
      } else {
        const row = new Float32Array(numFeatures);
        for (let k = lo; k < hi; k++) row[attr.indices[k]!] = attr.data[k]!;
        attrs.features = row;
      }
    } else if (dense !== undefined) {
      attrs.features = Float32Array.from({ length: numFeatures }, (_, j) => dense![i * numFeatures + j]!);
    }
    if (labels !== undefined) {
      const c = labels[i]!;
      attrs.label = classNames?.[c] ?? String(c);
    }
    if (graph.hasNode(nodeNames[i]!)) throw new BadInputError({ file: path, field: `node_names[${i}]`, expected: "distinct node names", got: nodeNames[i] });
    graph.addNode(nodeNames[i]!, attrs);
  }
  let duplicateEdges = 0;
  for (let i = 0; i < n; i++) {
    for (let k = adj.indptr[i]!; k < adj.indptr[i + 1]!; k++) {
      if (adj.data[k] === 0) continue;
      const s = nodeNames[i]!;
      const t = nodeNames[adj.indices[k]!]!;
      if (graph.hasEdge(s, t)) duplicateEdges++;
      else graph.addEdge(s, t);
    }
  }
  graph.mergeAttributes({ name, numFeatures, ...(classNames !== undefined ? { classNames } : {}) });
  return { name, graph, duplicateEdges, origin: `npz:${path}` };
}
