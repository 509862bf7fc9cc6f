import { describe, expect, it } from "vitest";
import { type AnyTask, createRegistry, generateEpisodes, SkipCounter, type SampleSource } from "@ssl4rl/core";
import { graphTasks } from "@ssl4rl/graph-tasks";
import { smallGraph } from "./small-graphs.js";

const registry = createRegistry([graphTasks()]);
// Every task the plugin registers, so a new task is held to the same rule.
const TASKS = registry.tasks().map((t) => t.item.id);

async function viewIds(task: AnyTask, options: Record<string, unknown>, count: number, seed = 3): Promise<string[]> {
  const graph = smallGraph(150, 11);
  const source: SampleSource = {
    description: "one graph, repeated",
    async *samples() {
      for (;;) yield graph;
    },
  };
  const ids: string[] = [];
  for await (const e of generateEpisodes(task, source, { seed, count, options: task.options.parse(options), skips: new SkipCounter() })) {
    ids.push((e.metadata as { viewId: string }).viewId);
  }
  return ids;
}

describe.each(TASKS)("%s viewEvery", (id) => {
  const task = registry.task(id);

  it("0 (the default) keeps one view for the whole pass", async () => {
    const ids = await viewIds(task, {}, 9);
    expect(new Set(ids).size).toBe(1);
  });

  it("N draws a new view every N episodes, the same ones on every run", async () => {
    const ids = await viewIds(task, { viewEvery: 3 }, 9);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids.slice(3, 6)).size).toBe(1);
    expect(new Set(ids.slice(6, 9)).size).toBe(1);
    expect(new Set([ids[0], ids[3], ids[6]]).size).toBe(3);
    expect(await viewIds(task, { viewEvery: 3 }, 9)).toEqual(ids);
    // The first view of a pass is not the pass's single view under viewEvery 0.
    expect(ids[0]).not.toBe((await viewIds(task, {}, 1))[0]);
  });

  it("refuses a negative or fractional viewEvery, naming the field", () => {
    expect(() => task.options.parse({ viewEvery: -1 })).toThrow(/viewEvery/);
    expect(() => task.options.parse({ viewEvery: 1.5 })).toThrow(/viewEvery/);
  });
});
