import { describe, expect, it } from "vitest";
import { createRegistry, generateEpisodes, resolveTaskOptions, SkipCounter, UnknownIdError } from "@ssl4rl/core";
import graphTasksDefault, { graphTasks } from "@ssl4rl/graph-tasks";

describe("graphTasks plugin", () => {
  it("is the default and a named export, and registers the five tasks and all source kinds", () => {
    expect(graphTasksDefault).toBe(graphTasks);
    const registry = createRegistry([graphTasks()]);
    expect(registry.tasks().map((t) => t.item.id)).toEqual(["graph/attribute-masking", "graph/corruption-detection", "graph/edge-prediction", "graph/node-contrast", "graph/node-masking"]);
    expect(registry.sources().map((s) => s.item.kind).sort()).toEqual(["citeseer", "cora", "edgelist", "gexf", "graphml", "linqs", "npz", "synthetic"]);
    for (const s of registry.sources()) expect(s.item.modality).toBe("graph");
    expect(registry.rewardFor("graph/node-masking").id).toBe("exact-match");
  });

  it("runs every task end to end from the synthetic source through the registry, scored by the reward", async () => {
    const registry = createRegistry([graphTasks()]);
    for (const id of ["graph/node-masking", "graph/edge-prediction", "graph/node-contrast", "graph/corruption-detection"]) {
      const task = registry.task(id);
      const skips = new SkipCounter();
      const source = await registry.openSource("synthetic?nodes=300", "graph", { seed: 1, skips });
      const options = resolveTaskOptions(task, {});
      const reward = registry.rewardFor(task);
      let n = 0;
      for await (const e of generateEpisodes(task, source, { seed: 1, count: 20, options, skips })) {
        expect((await reward.score(`<think>x</think><answer>${e.answer}</answer>`, e)).score).toBe(1);
        expect((await reward.score({ action: e.answerIndex! }, { ...e, answerSpace: task.answerSpace(options)! })).score).toBe(1);
        n++;
      }
      expect(n).toBe(20);
      expect(skips.total).toBe(0);
    }
  });

  it("names the graph source kinds on an unknown one", async () => {
    const registry = createRegistry([graphTasks()]);
    await expect(registry.openSource("corra:x", "graph", { seed: 0, skips: new SkipCounter() })).rejects.toThrow(UnknownIdError);
    await expect(registry.openSource("corra:x", "graph", { seed: 0, skips: new SkipCounter() })).rejects.toThrow(/Did you mean "cora"/);
  });

  it("reports bad synthetic params with the spec and key", async () => {
    const registry = createRegistry([graphTasks()]);
    await expect(registry.openSource("synthetic?homophily=lots", "graph", { seed: 0, skips: new SkipCounter() })).rejects.toThrow(/synthetic\?homophily=lots, field "homophily": expected a number/);
  });
});
