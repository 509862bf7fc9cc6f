import { join } from "node:path";
import { zipSync } from "fflate";
import { dump } from "npyjs";
import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { compactGraph, graphStats, loadNpz } from "@ssl4rl/graph-tasks";
import { tempFiles } from "./temp-files.js";

const npy = (values: ArrayLike<number> | string[], dtype?: Parameters<typeof dump>[2]) => new Uint8Array(dump(Array.isArray(values) ? values : Array.from(values as ArrayLike<number>), undefined, dtype));

/** A 3-node gnn-benchmark npz: edges 0→1, 1→2, 1→2 again is not possible in CSR so 2→2 (a self-loop). */
function toyNpz(overrides: Record<string, Uint8Array | undefined> = {}): Uint8Array {
  const entries: Record<string, Uint8Array | undefined> = {
    "adj_data.npy": npy(Float32Array.of(1, 1, 1), { dtype: "f4" }),
    "adj_indices.npy": npy(Int32Array.of(1, 2, 2), { dtype: "i4" }),
    "adj_indptr.npy": npy(Int32Array.of(0, 1, 2, 3), { dtype: "i4" }),
    "adj_shape.npy": npy(Int32Array.of(3, 3), { dtype: "i4" }),
    "attr_data.npy": npy(Float32Array.of(1, 1, 1, 1), { dtype: "f4" }),
    "attr_indices.npy": npy(Int32Array.of(0, 3, 1, 2), { dtype: "i4" }),
    "attr_indptr.npy": npy(Int32Array.of(0, 2, 3, 4), { dtype: "i4" }),
    "attr_shape.npy": npy(Int32Array.of(3, 4), { dtype: "i4" }),
    "labels.npy": npy(Int32Array.of(1, 0, 1), { dtype: "i4" }),
    "node_names.npy": npy(["a", "bb", "c"]),
    "class_names.npy": npy(["AI", "ML"]),
    ...overrides,
  };
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) files[k] = v;
  return zipSync(files, { level: 0 });
}

describe("loadNpz", () => {
  it("reads the adjacency, binary attributes, labels and names", () => {
    const dir = tempFiles({ "toy.npz": toyNpz() });
    const d = loadNpz(join(dir, "toy.npz"));
    expect(d.graph.nodes()).toEqual(["a", "bb", "c"]);
    expect(d.graph.hasDirectedEdge("a", "bb")).toBe(true);
    expect(graphStats(d)).toMatchObject({ nodes: 3, edges: 3, undirectedEdges: 2, selfLoops: 1, features: 4, binaryFeatures: true, classes: 2 });
    const g = compactGraph(d);
    expect([...g.features.subarray(0, 4)]).toEqual([1, 0, 0, 1]);
    expect([...g.labels]).toEqual([1, 0, 1]);
    expect(g.classNames).toEqual(["AI", "ML"]);
  });

  it.each([
    ["a missing adjacency array", { "adj_indices.npy": undefined }, /field "adj_indices": expected an array "adj_indices"/],
    ["row pointers that do not fit", { "adj_indptr.npy": npy(Int32Array.of(0, 1, 3), { dtype: "i4" }) }, /field "adj_indptr": expected a CSR matrix/],
    ["a column out of range", { "adj_indices.npy": npy(Int32Array.of(1, 7, 2), { dtype: "i4" }) }, /adj_indices\[1\].*a column in 0\.\.2/],
    ["too few labels", { "labels.npy": npy(Int32Array.of(1), { dtype: "i4" }) }, /field "labels": expected 3 labels/],
    ["a broken .npy", { "labels.npy": Uint8Array.of(1, 2, 3) }, /toy\.npz!labels\.npy.*expected a \.npy array/],
  ])("rejects %s with BadInputError", (_name, overrides, message) => {
    const dir = tempFiles({ "toy.npz": toyNpz(overrides) });
    const load = () => loadNpz(join(dir, "toy.npz"));
    expect(load).toThrow(BadInputError);
    expect(load).toThrow(message);
  });

  it("rejects a file that is not a zip", () => {
    const dir = tempFiles({ "toy.npz": "not a zip" });
    expect(() => loadNpz(join(dir, "toy.npz"))).toThrow(/toy\.npz: expected a readable \.npz \(zip\) file/);
  });
});
