import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjacencyFromPairs, degreeOf, directedEdgeArrays, edgeCount, hasEdge } from "@ssl4rl/graph-tasks";

const pairs = (n: number) => fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 80 });

describe("adjacencyFromPairs", () => {
  it.each([
    ["one edge", 2, [[0, 1]], [[1], [0]]],
    ["repeats and both orders merge", 3, [[0, 1], [1, 0], [0, 1]], [[1], [0], []]],
    ["self-loops are dropped", 2, [[0, 0], [0, 1]], [[1], [0]]],
    ["rows are sorted", 4, [[0, 3], [0, 1], [0, 2]], [[1, 2, 3], [0], [0], [0]]],
    ["no edges", 3, [], [[], [], []]],
  ])("%s", (_name, n, edges, rows) => {
    const a = adjacencyFromPairs(n, edges.map((e) => e[0]!), edges.map((e) => e[1]!));
    const got = Array.from({ length: n }, (_, u) => [...a.neighbours.subarray(a.offsets[u]!, a.offsets[u + 1]!)]);
    expect(got).toEqual(rows);
  });

  it("matches a set model: symmetric, sorted, no repeats, hasEdge agrees (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), pairs(n))), ([n, edges]) => {
        const a = adjacencyFromPairs(n, edges.map((e) => e[0]), edges.map((e) => e[1]));
        const model = new Set(edges.filter(([u, v]) => u !== v).flatMap(([u, v]) => [`${u},${v}`, `${v},${u}`]));
        expect(edgeCount(a)).toBe(model.size / 2);
        for (let u = 0; u < n; u++) {
          const row = [...a.neighbours.subarray(a.offsets[u]!, a.offsets[u + 1]!)];
          expect(row).toEqual([...new Set(row)].sort((x, y) => x - y));
          expect(degreeOf(a, u)).toBe(row.length);
          for (let v = 0; v < n; v++) expect(hasEdge(a, u, v)).toBe(model.has(`${u},${v}`));
        }
        const { sources, targets } = directedEdgeArrays(a);
        expect(sources.length).toBe(model.size);
        for (let k = 0; k < sources.length; k++) expect(model.has(`${sources[k]},${targets[k]}`)).toBe(true);
      }),
    );
  });
});
