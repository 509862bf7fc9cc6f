import { describe, expect, it } from "vitest";
import { BadConfigError, linearProbe, Random } from "@ssl4rl/core";
import { CONTEXTUAL_SBM_DEFAULTS, compactGraph, contextualSbm, contextualSbmArrays, graphStats } from "@ssl4rl/graph-tasks";

describe("contextual SBM", () => {
  it("has the asked size, no self-loops, and about nodes·degree/2 edges", () => {
    const d = contextualSbm(CONTEXTUAL_SBM_DEFAULTS, Random.fromSeed(1));
    const s = graphStats(d);
    expect(s.nodes).toBe(1000);
    expect(s.selfLoops).toBe(0);
    expect(s.edges + s.duplicateEdges).toBe(4000);
    expect(s.classes).toBe(4);
    expect(s.features).toBe(32);
  });

  it("has the asked homophily (within 0.03)", () => {
    const a = contextualSbmArrays({ ...CONTEXTUAL_SBM_DEFAULTS, nodes: 2000, homophily: 0.7 }, Random.fromSeed(2));
    let same = 0;
    for (let e = 0; e < a.sources.length; e++) if (a.labels[a.sources[e]!] === a.labels[a.targets[e]!]) same++;
    // Cross-class draws land in the same class 1/classes of the time.
    const expected = 0.7 + 0.3 * 0.25;
    expect(same / a.sources.length).toBeGreaterThan(expected - 0.03);
    expect(same / a.sources.length).toBeLessThan(expected + 0.03);
  });

  it("has class-correlated features: a linear probe beats chance by far, and not at signal 0", () => {
    const probe = (signal: number) => {
      const d = contextualSbm({ ...CONTEXTUAL_SBM_DEFAULTS, nodes: 800, signal }, Random.fromSeed(3));
      const g = compactGraph(d);
      const idx = Array.from({ length: 800 }, (_, i) => i);
      return linearProbe({ embeddings: g.features, dim: g.numFeatures, labels: g.labels, train: idx.slice(0, 400), val: idx.slice(400, 600), test: idx.slice(600) }).testAccuracy;
    };
    expect(probe(1)).toBeGreaterThan(0.9);
    expect(probe(0)).toBeLessThan(0.4);
  });

  it("is the same graph for the same seed", () => {
    const a = contextualSbmArrays(CONTEXTUAL_SBM_DEFAULTS, Random.fromSeed(4));
    const b = contextualSbmArrays(CONTEXTUAL_SBM_DEFAULTS, Random.fromSeed(4));
    expect([...a.sources.slice(0, 50)]).toEqual([...b.sources.slice(0, 50)]);
    expect(a.features.slice(0, 50)).toEqual(b.features.slice(0, 50));
  });

  it.each([
    ["nodes", { nodes: 1 }],
    ["homophily", { homophily: 1.5 }],
    ["degree", { degree: 0 }],
  ])("rejects a bad %s", (field, bad) => {
    expect(() => contextualSbmArrays({ ...CONTEXTUAL_SBM_DEFAULTS, ...bad }, Random.fromSeed(0))).toThrow(BadConfigError);
    expect(() => contextualSbmArrays({ ...CONTEXTUAL_SBM_DEFAULTS, ...bad }, Random.fromSeed(0))).toThrow(`synthetic ${field}`);
  });
});
