import { describe, expect, it } from "vitest";
import { meanProbeCurve, rewardCurveSvg, type RunRecord } from "@ssl4rl/example-results";

const run = (seed: number, curve: [number, number, number][]): RunRecord => ({
  example: "graph-cora",
  dataset: "cora",
  task: "edge-prediction",
  method: "grpo",
  seed,
  steps: 12,
  batchSize: 1024,
  episodesSeen: 12 * 1024,
  probeAccuracy: 80,
  wallSeconds: 1,
  backend: "wasm",
  command: "cmd",
  selection: { every: 4, step: 4, valAccuracy: 70, curve: curve.map(([step, valAccuracy, testAccuracy]) => ({ step, valAccuracy, testAccuracy })) },
});

describe("meanProbeCurve", () => {
  it("averages validation and test accuracy over seeds at the steps every run probed", () => {
    const curve = meanProbeCurve([
      run(1, [
        [4, 70, 72],
        [8, 74, 76],
        [12, 78, 80],
      ]),
      run(2, [
        [8, 76, 80],
        [4, 72, 70],
      ]),
    ])!;
    expect(curve.steps).toEqual([4, 8]);
    expect(curve.seeds).toBe(2);
    [71, 75].forEach((v, i) => expect(curve.valAccuracy[i]).toBeCloseTo(v, 10));
    [71, 78].forEach((v, i) => expect(curve.testAccuracy[i]).toBeCloseTo(v, 10));
  });

  it("gives nothing for an empty group or a run without a probe curve", () => {
    expect(meanProbeCurve([])).toBeUndefined();
    const { selection: _, ...plain } = run(1, [[4, 70, 72]]);
    expect(meanProbeCurve([run(2, [[4, 70, 72]]), plain])).toBeUndefined();
  });
});

describe("rewardCurveSvg with a y range and steps", () => {
  const points = (svg: string) =>
    svg
      .match(/points="([^"]+)"/)![1]!
      .split(" ")
      .map((p) => p.split(",").map(Number) as [number, number]);

  it("places values by their step and scales y to the range, clamping outside it", () => {
    const svg = rewardCurveSvg("probe", [{ label: "test", values: [70, 80, 90, 100], steps: [1, 5, 9, 9] }], { yMin: 70, yMax: 90, yLabel: "probe %", dashed: "DGI" });
    const [a, b, c, d] = points(svg);
    // x: step 1 at the left edge, 9 (the last) at the right, 5 half-way.
    expect(b![0] - a![0]).toBeCloseTo(c![0] - b![0], 1);
    // y: 70 at the bottom, 80 half-way, 90 and (clamped) 100 at the top.
    expect(a![1] - b![1]).toBeCloseTo(b![1] - c![1], 1);
    expect(d![1]).toBeCloseTo(c![1], 5);
    expect(svg).toContain(">probe %<");
    expect(svg).toContain("dashed: DGI");
    expect(svg).toContain(">75<");
  });

  it("refuses an empty y range", () => {
    expect(() => rewardCurveSvg("x", [], { yMin: 1, yMax: 1 })).toThrow(/yMax/);
  });
});
