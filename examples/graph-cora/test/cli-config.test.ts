import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createRegistry } from "@ssl4rl/core";
import { graphTasks } from "@ssl4rl/graph-tasks";
import { resolveTrainConfig } from "@ssl4rl/trainers";

const file = resolve(import.meta.dirname, "../cli-edge-prediction.json");

describe("cli-edge-prediction.json (the README's command-line recipe)", () => {
  it("is a valid training config whose task options the graph plugin accepts", () => {
    const config = resolveTrainConfig(JSON.parse(readFileSync(file, "utf8")));
    const registry = createRegistry([graphTasks()]);
    expect(config.tasks.map((t) => t.id)).toEqual(["graph/edge-prediction"]);
    const options = registry.task("graph/edge-prediction").options.parse(config.tasks[0]!.options) as { viewEvery: number };
    // A new holdout every step: as many episodes per view as per step.
    expect(options.viewEvery).toBe(config.batchSize);
    expect(config.network.graphHidden).toEqual([512, 512]);
    expect(config.network.graphActivation).toBe("linear");
  });
});
