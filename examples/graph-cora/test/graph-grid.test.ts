import { describe, expect, it } from "vitest";
import { DEFAULT_VARIANT, GRAPH_SETTINGS, taskVariantParts, withTaskVariant } from "../src/graph-grid.js";

const setting = (name: string) => GRAPH_SETTINGS.get(name)!;

describe("task variants of the graph settings", () => {
  it.each(["node-masking", "edge-prediction", "edge-choice", "corruption", "node-contrast", "attribute-masking", "mix", "mask-contrast"])("the default variant leaves %s as defined", (name) => {
    expect(withTaskVariant(setting(name), DEFAULT_VARIANT)).toEqual(setting(name));
    expect(taskVariantParts(DEFAULT_VARIANT)).toEqual([]);
  });

  it.each([
    [{ candidates: 8 }, "node-masking", 1 / 8, ["K=8"]],
    [{ maskRate: 0.75 }, "node-masking", 0.25, ["mask 0.75"]],
    [{ negatives: "degree" as const }, "edge-prediction", 0.5, ["degree negatives"]],
    [{ negatives: "degree" as const }, "edge-choice", 1 / 8, ["degree negatives"]],
    [{ candidates: 8 }, "corruption", 1 / 4, ["K=8"]],
    [{ candidates: 16, negatives: "degree" as const }, "mix", (1 / 16 + 0.5) / 2, ["K=16", "degree negatives"]],
  ])("%j on %s: chance %d, labelled %j", (over, name, chance, parts) => {
    const variant = { ...DEFAULT_VARIANT, ...over };
    const s = withTaskVariant(setting(name), variant);
    expect(s.chance).toBeCloseTo(chance, 10);
    expect(taskVariantParts(variant)).toEqual(parts);
    for (const t of s.tasks) {
      if (t.id === "graph/node-masking") {
        expect(t.options.maskRate).toBe(variant.maskRate);
        expect(t.options.candidates).toBe(variant.candidates === 4 ? undefined : variant.candidates);
      }
      if (t.id === "graph/edge-prediction") expect(t.options.negatives).toBe(variant.negatives === "uniform" ? undefined : variant.negatives);
    }
  });
});
