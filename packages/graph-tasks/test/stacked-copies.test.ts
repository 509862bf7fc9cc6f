import { describe, expect, it } from "vitest";
import { adjacencyFromPairs, stackedCopies } from "@ssl4rl/graph-tasks";

describe("stackedCopies", () => {
  const path = adjacencyFromPairs(3, [0, 1], [1, 2]);
  const star = adjacencyFromPairs(3, [0, 0], [1, 2]);

  it("shifts copy c's nodes by c × numNodes, keeps its edges inside it and its rows in place", () => {
    const view = stackedCopies("v", 2, [
      { adjacency: path, features: Float32Array.from([1, 2, 3, 4, 5, 6]) },
      { adjacency: star, features: Float32Array.from([7, 8, 9, 10, 11, 12]) },
    ]);
    expect(view.id).toBe("v");
    expect(view.numNodes).toBe(6);
    expect(Array.from(view.features)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const edges = Array.from(view.edgeSources, (s, e) => `${s}-${view.edgeTargets[e]}`).sort();
    expect(edges).toEqual(["0-1", "1-0", "1-2", "2-1", "3-4", "3-5", "4-3", "5-3"]);
    expect(Array.from(view.masked)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("refuses copies of different sizes, naming the copy", () => {
    const small = adjacencyFromPairs(2, [0], [1]);
    expect(() => stackedCopies("v", 1, [{ adjacency: path, features: new Float32Array(3) }, { adjacency: small, features: new Float32Array(2) }])).toThrow(/copy 1 has 2 nodes/);
    expect(() => stackedCopies("v", 2, [{ adjacency: path, features: new Float32Array(3) }])).toThrow(/copy 0 .* expected 3 and 6/);
  });
});
