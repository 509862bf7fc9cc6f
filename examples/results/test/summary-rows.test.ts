import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockMeans, markdownTables, meanStd, referenceRow, rewardCurveSvg, type RunRecord, smooth, summaryRows, VISION_PROBE_LABELS } from "@ssl4rl/example-results";

const record = (over: Partial<RunRecord>): RunRecord => ({
  example: "vision-cifar10",
  dataset: "cifar10",
  task: "rotation",
  method: "grpo",
  seed: 1,
  steps: 100,
  batchSize: 32,
  episodesSeen: 3200,
  probeAccuracy: 30,
  finalReward: 0.5,
  firstReward: 0.25,
  chance: 0.25,
  wallSeconds: 10,
  backend: "wasm",
  command: "cmd",
  ...over,
});

describe("meanStd", () => {
  it.each([
    [[], Number.NaN, 0],
    [[5], 5, 0],
    [[1, 3], 2, Math.SQRT2],
    [[2, 4, 4, 4, 5, 5, 7, 9], 5, Math.sqrt(32 / 7)],
  ])("%j → mean %d, sample std %d", (values, mean, std) => {
    const r = meanStd(values);
    if (Number.isNaN(mean)) expect(r.mean).toBeNaN();
    else expect(r.mean).toBeCloseTo(mean, 10);
    expect(r.std).toBeCloseTo(std, 10);
  });

  it("shifting every value shifts the mean and leaves the std alone", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), fc.double({ min: -50, max: 50, noNaN: true }), (xs, k) => {
        const a = meanStd(xs);
        const b = meanStd(xs.map((x) => x + k));
        expect(b.mean).toBeCloseTo(a.mean + k, 6);
        expect(b.std).toBeCloseTo(a.std, 6);
      }),
    );
  });
});

describe("summaryRows", () => {
  it("groups seeds of one setting into a probe row and a reward row, seeds sorted", () => {
    const rows = summaryRows([record({ seed: 3, probeAccuracy: 33, finalReward: 0.7, wallSeconds: 30 }), record({ seed: 1, probeAccuracy: 31, finalReward: 0.5, wallSeconds: 10 })]);
    expect(rows.map((r) => r.metric)).toEqual(["linear-probe-accuracy", "final-reward"]);
    expect(rows[0]).toMatchObject({ method: "grpo", mean: 32, seeds: [1, 3], steps: 100, wall_s: 20, command: "cmd" });
    expect(rows[0]!.std).toBeCloseTo(Math.SQRT2, 2);
    expect(rows[1]!.mean).toBeCloseTo(0.6, 6);
  });

  it.each([
    ["method", { method: "cross-entropy" as const, finalReward: undefined }],
    ["task", { task: "jigsaw" }],
    ["steps", { steps: 50 }],
    ["dataset", { dataset: "citeseer" }],
  ])("keeps records that differ in %s apart", (_, over) => {
    const rows = summaryRows([record({}), record(over)]);
    const probes = rows.filter((r) => r.metric === "linear-probe-accuracy");
    expect(probes).toHaveLength(2);
    expect(probes.every((r) => r.seeds.length === 1)).toBe(true);
  });

  it("gives no reward row to methods without rewards", () => {
    const rows = summaryRows([record({ method: "random-init", steps: 0, finalReward: undefined })]);
    expect(rows.map((r) => r.metric)).toEqual(["linear-probe-accuracy"]);
  });

  it("adds the chosen steps' validation accuracy only when every seed was validation-selected", () => {
    const selected = (seed: number, valAccuracy: number) => record({ seed, selection: { every: 2, step: 4, valAccuracy, curve: [] } });
    const rows = summaryRows([selected(1, 78), selected(2, 80)]);
    expect(rows.map((r) => r.metric)).toEqual(["linear-probe-accuracy", "final-reward", "validation-probe-accuracy"]);
    expect(rows[2]!.mean).toBeCloseTo(79, 6);
    expect(rows[2]!.std).toBeCloseTo(Math.SQRT2, 2);
    const mixed = summaryRows([selected(1, 78), record({ seed: 2 })]);
    expect(mixed.map((r) => r.metric)).not.toContain("validation-probe-accuracy");
  });

  it("quotes a published figure as a reference row with no seeds", () => {
    expect(referenceRow("graph-cora", "cora", "DGI", 82.3, "paper")).toMatchObject({ method: "reference", mean: 82.3, std: 0, seeds: [], wall_s: 0 });
  });
});

describe("summaryRows commands", () => {
  it("names every seed of a group run in pieces in its one command", () => {
    const rows = summaryRows([
      record({ seed: 3, command: "run -- --settings jigsaw --seeds 2,3 --steps 100" }),
      record({ seed: 1, command: "run -- --settings jigsaw --seeds 1 --steps 100" }),
      record({ seed: 2, command: "run -- --settings jigsaw --seeds 2,3 --steps 100" }),
    ]);
    expect(rows.map((r) => r.command)).toEqual(["run -- --settings jigsaw --seeds 1,2,3 --steps 100", "run -- --settings jigsaw --seeds 1,2,3 --steps 100"]);
  });
});

describe("markdownTables", () => {
  it("puts each number from the rows in its table and marks what was not run", () => {
    const rows = summaryRows([
      record({ seed: 1, probeAccuracy: 30 }),
      record({ seed: 2, probeAccuracy: 32 }),
      record({ seed: 3, probeAccuracy: 34 }),
      record({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 25 }),
    ]);
    const tables = markdownTables(rows, new Map([["vision-cifar10/rotation", 0.25]]));
    const embedding = tables["vision-embedding"]!;
    const rotation = embedding.split("\n").find((l) => l.startsWith("| rotation "))!;
    expect(rotation).toContain("32.0 ± 2.0");
    expect(rotation).toContain("+7.0");
    expect(rotation).toContain("0.500 ± 0.000 (chance 0.250)");
    expect(embedding).toContain("25.0 ± 0.0 (n=1)");
    expect(embedding).toContain("| jigsaw | not run |");
    expect(tables.graph).toContain("| random-init GCN | not run |");
  });

  it("keeps the conv-probe rows of vision apart from the embedding-probe rows", () => {
    const conv = (over: Partial<RunRecord>) => record({ ...over, task: `${over.task ?? "rotation"} ${VISION_PROBE_LABELS.conv}` });
    const rows = summaryRows([
      record({ probeAccuracy: 30 }),
      record({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 25 }),
      conv({ probeAccuracy: 41 }),
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 40 }),
    ]);
    const tables = markdownTables(rows, new Map());
    const line = (table: string) => table.split("\n").find((l) => l.startsWith("| rotation "))!;
    expect(line(tables.vision!)).toContain("| 41.0 ± 0.0 (n=1) | +1.0 |");
    expect(line(tables["vision-embedding"]!)).toContain("| 30.0 ± 0.0 (n=1) | +5.0 |");
    expect(tables.sweep!.split("\n").find((l) => l.startsWith("| rotation "))).toContain("| 41.0 ± 0.0 (n=1) | +1.0 | 30.0 ± 0.0 (n=1) | +5.0 |");
  });

  it("lists the sweep once per budget its harder settings ran with, and no other budget", () => {
    const conv = (task: string, steps: number, probeAccuracy: number) => record({ task: `${task} ${VISION_PROBE_LABELS.conv}`, steps, probeAccuracy });
    const rows = summaryRows([
      conv("rotation", 100, 39),
      conv("rotation", 500, 38),
      conv("rotation", 1500, 37),
      conv("rotation-45", 100, 40),
      conv("rotation-45", 500, 42),
      conv("random-init", 0, 36),
    ]);
    const lines = markdownTables(rows, new Map()).sweep!.split("\n").slice(2);
    expect(lines.map((l) => l.split(" | ").slice(0, 1).concat(l.split(" | ")[7]!))).toEqual([
      ["| rotation", "100 × 32"],
      ["| rotation-45", "100 × 32"],
      ["| rotation", "500 × 32"],
      ["| rotation-45", "500 × 32"],
    ]);
    expect(lines[3]).toContain("| 42.0 ± 0.0 (n=1) |");
  });

  it("gives another CNN its own block, measured against its own random init, in its probe's table only", () => {
    const conv = (over: Partial<RunRecord>) => record({ ...over, task: `${over.task ?? "jigsaw"} ${VISION_PROBE_LABELS.conv}` });
    const rows = summaryRows([
      conv({ task: "jigsaw", probeAccuracy: 44 }),
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ task: "jigsaw [CNN 32-64-64]", probeAccuracy: 46 }),
      conv({ task: "jigsaw [CNN 32-64-64]", method: "cross-entropy", finalReward: undefined, probeAccuracy: 47 }),
      conv({ method: "random-init", task: "random-init [CNN 32-64-64]", steps: 0, finalReward: undefined, probeAccuracy: 42 }),
    ]);
    const tables = markdownTables(rows, new Map());
    const lines = tables.vision!.split("\n");
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    // the default block first (every task listed), then the variant's random init and only the task it ran
    expect(lines[at("| jigsaw |")]).toContain("| 44.0 ± 0.0 (n=1) | +6.0 |");
    expect(at("| random-init encoder [CNN 32-64-64] |")).toBeGreaterThan(at("| mix |"));
    expect(lines[at("| random-init encoder [CNN 32-64-64] |")]).toContain("| 42.0 ± 0.0 (n=1) |");
    expect(lines[at("| jigsaw [CNN 32-64-64] |")]).toContain("| 46.0 ± 0.0 (n=1) | +4.0 | 47.0 ± 0.0 (n=1) | -1.0 | +5.0 |");
    expect(lines.filter((l) => l.includes("[CNN 32-64-64]"))).toHaveLength(2);
    expect(tables["vision-embedding"]).not.toContain("CNN 32-64-64");
  });

  it("lists a training variant (another learning rate, the match head) after the default block, against the default random init", () => {
    const conv = (over: Partial<RunRecord>) => record({ ...over, task: `${over.task ?? "jigsaw"} ${VISION_PROBE_LABELS.conv}` });
    const rows = summaryRows([
      conv({ task: "jigsaw", probeAccuracy: 44 }),
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ task: "jigsaw [lr 0.003]", steps: 500, probeAccuracy: 43 }),
      conv({ task: "jigsaw [lr 0.003]", steps: 500, method: "cross-entropy", finalReward: undefined, probeAccuracy: 45 }),
      conv({ task: "contrastive [match head]", steps: 500, probeAccuracy: 41 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(at("| jigsaw [lr 0.003] |")).toBeGreaterThan(at("| mix |"));
    expect(lines[at("| jigsaw [lr 0.003] |")]).toContain("| 43.0 ± 0.0 (n=1) | +5.0 | 45.0 ± 0.0 (n=1) | -2.0 | +7.0 |");
    expect(lines[at("| contrastive [match head] |")]).toContain("| 41.0 ± 0.0 (n=1) | +3.0 |");
    // No random-init row of their own, and no "not run" rows for tasks a variant did not run.
    expect(lines.filter((l) => l.startsWith("| random-init"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("[lr 0.003]") || l.includes("[match head]"))).toHaveLength(2);
  });

  it("lists rotation with its original hidden and the class-label reference where they ran, each budget its own row", () => {
    const conv = (over: Partial<RunRecord>) => record({ ...over, task: `${over.task ?? "rotation"} ${VISION_PROBE_LABELS.conv}` });
    const without = markdownTables(summaryRows([conv({ probeAccuracy: 40 })]), new Map()).vision!;
    expect(without).not.toContain("rotation-upright");
    expect(without).not.toContain("class-labels");
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ task: "rotation-upright", steps: 500, probeAccuracy: 39 }),
      conv({ task: "rotation-upright", steps: 3000, probeAccuracy: 41 }),
      conv({ task: "rotation-upright", steps: 3000, method: "cross-entropy", finalReward: undefined, probeAccuracy: 46 }),
      conv({ task: "class-labels", steps: 3000, method: "cross-entropy", finalReward: undefined, probeAccuracy: 50 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    const upright = lines.filter((l) => l.startsWith("| rotation-upright |"));
    expect(upright.map((l) => l.split(" | ")[7])).toEqual(["500 × 32", "3000 × 32"]);
    expect(upright[1]).toContain("| 41.0 ± 0.0 (n=1) | +3.0 | 46.0 ± 0.0 (n=1) | -5.0 | +8.0 |");
    expect(lines.find((l) => l.startsWith("| class-labels |"))).toContain("| not run | – | 50.0 ± 0.0 (n=1) | – | +12.0 |");
  });

  it("lists rotation with all four turns in a batch as its own setting, against its own twin, not rotation-upright's", () => {
    const conv = (over: Partial<RunRecord>) => record({ ...over, steps: 8000, task: `${over.task ?? "rotation-upright"} ${VISION_PROBE_LABELS.conv}` });
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ method: "cross-entropy", finalReward: undefined, probeAccuracy: 45 }),
      conv({ task: "rotation-upright-all-turns", method: "cross-entropy", finalReward: undefined, probeAccuracy: 47 }),
      conv({ task: "rotation-upright-all-turns [entropy 0.5]", probeAccuracy: 44 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    expect(lines.find((l) => l.startsWith("| rotation-upright-all-turns [entropy 0.5] |"))).toContain("| 44.0 ± 0.0 (n=1) | +6.0 | 47.0 ± 0.0 (n=1) | -3.0 | +9.0 |");
    expect(lines.find((l) => l.startsWith("| rotation-upright-all-turns |"))).toContain("| not run | – | 47.0 ± 0.0 (n=1) | – | +9.0 |");
    expect(lines.find((l) => l.startsWith("| rotation-upright |"))).toContain("| not run | – | 45.0 ± 0.0 (n=1) | – | +7.0 |");
  });

  it("compares a GRPO group-size variant with its setting's twin (the twin does not sample, so it has no group)", () => {
    const conv = (over: Partial<RunRecord>) => record({ ...over, steps: 3000, task: `${over.task ?? "rotation-upright"} ${VISION_PROBE_LABELS.conv}` });
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ probeAccuracy: 40 }),
      conv({ method: "cross-entropy", finalReward: undefined, probeAccuracy: 45 }),
      conv({ task: "rotation-upright [group 16]", probeAccuracy: 42 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    expect(lines.find((l) => l.startsWith("| rotation-upright [group 16] |"))).toContain("| 42.0 ± 0.0 (n=1) | +4.0 | 45.0 ± 0.0 (n=1) | -3.0 | +7.0 |");
  });

  it("lists a larger CNN's GRPO variants after its block, against its random init and its twin trained without the GRPO-only parts", () => {
    const conv = (over: Partial<RunRecord>) => record({ steps: 3000, ...over, task: `${over.task ?? "rotation-upright"} ${VISION_PROBE_LABELS.conv}` });
    const big = "rotation-upright [CNN 32-64-128]";
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ task: "jigsaw [group 16]", probeAccuracy: 39 }),
      conv({ method: "random-init", task: "random-init [CNN 32-64-128]", steps: 0, finalReward: undefined, probeAccuracy: 41 }),
      conv({ task: big, probeAccuracy: 40 }),
      conv({ task: big, method: "cross-entropy", finalReward: undefined, probeAccuracy: 48 }),
      conv({ task: big, steps: 8000, method: "cross-entropy", finalReward: undefined, probeAccuracy: 52 }),
      conv({ task: `${big} [entropy 0.2]`, probeAccuracy: 44 }),
      conv({ task: `${big} [group 16] [entropy 0.2]`, probeAccuracy: 46 }),
      conv({ task: `${big} [group 16]`, steps: 8000, probeAccuracy: 42 }),
      // another probe set is not a variant the table lists
      conv({ task: `${big} [probe 10000/1000/2000]`, probeAccuracy: 50 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(at("| jigsaw [group 16] |")).toBeLessThan(at("| random-init encoder [CNN 32-64-128] |"));
    expect(lines[at("| jigsaw [group 16] |")]).toContain("| 39.0 ± 0.0 (n=1) | +1.0 | not run |");
    const bigRows = lines.filter((l) => l.startsWith("| rotation-upright [CNN 32-64-128]"));
    expect(bigRows.map((l) => l.split(" | ").slice(0, 1).concat(l.split(" | ")[7]!))).toEqual([
      ["| rotation-upright [CNN 32-64-128]", "3000 × 32"],
      ["| rotation-upright [CNN 32-64-128]", "8000 × 32"],
      ["| rotation-upright [CNN 32-64-128] [entropy 0.2]", "3000 × 32"],
      ["| rotation-upright [CNN 32-64-128] [group 16]", "8000 × 32"],
      ["| rotation-upright [CNN 32-64-128] [group 16] [entropy 0.2]", "3000 × 32"],
    ]);
    expect(bigRows[1]).toContain("| not run | – | 52.0 ± 0.0 (n=1) | – | +11.0 |");
    expect(bigRows[2]).toContain("| 44.0 ± 0.0 (n=1) | +3.0 | 48.0 ± 0.0 (n=1) | -4.0 | +7.0 |");
    expect(bigRows[3]).toContain("| 42.0 ± 0.0 (n=1) | +1.0 | 52.0 ± 0.0 (n=1) | -10.0 | +11.0 |");
    expect(bigRows[4]).toContain("| 46.0 ± 0.0 (n=1) | +5.0 | 48.0 ± 0.0 (n=1) | -2.0 | +7.0 |");
    expect(lines.join("\n")).not.toContain("probe 10000");
  });

  it("shows a batch variant's own batch size, and lists its twin once: beside the GRPO row, not as a twin-only block", () => {
    const conv = (over: Partial<RunRecord>) => record({ steps: 3000, ...over, task: `${over.task ?? "rotation-upright"} ${VISION_PROBE_LABELS.conv}` });
    const big = "rotation-upright [CNN 32-64-128]";
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init [CNN 32-64-128]", steps: 0, finalReward: undefined, probeAccuracy: 41 }),
      conv({ task: `${big} [lr 0.002] [batch 128] [entropy 0.5]`, batchSize: 128, probeAccuracy: 53 }),
      conv({ task: `${big} [lr 0.002] [batch 128]`, method: "cross-entropy", batchSize: 128, finalReward: undefined, probeAccuracy: 54 }),
      // a twin-only variant with no GRPO variant beside it keeps its own block
      conv({ task: `${big} [lr 0.003]`, method: "cross-entropy", finalReward: undefined, probeAccuracy: 50 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    const bigRows = lines.filter((l) => l.startsWith("| rotation-upright [CNN 32-64-128]"));
    expect(bigRows.map((l) => [l.split(" | ")[0], l.split(" | ")[7]])).toEqual([
      ["| rotation-upright [CNN 32-64-128] [lr 0.002] [batch 128] [entropy 0.5]", "3000 × 128"],
      ["| rotation-upright [CNN 32-64-128] [lr 0.003]", "3000 × 32"],
    ]);
    expect(bigRows[0]).toContain("| 53.0 ± 0.0 (n=1) | +12.0 | 54.0 ± 0.0 (n=1) | -1.0 | +13.0 |");
    expect(bigRows[1]).toContain("| not run | – | 50.0 ± 0.0 (n=1) | – | +9.0 |");
  });

  it("lists a decaying learning rate as a variant of its own, set against the twin trained on the same decay", () => {
    const conv = (over: Partial<RunRecord>) => record({ steps: 3000, batchSize: 128, ...over, task: `${over.task} ${VISION_PROBE_LABELS.conv}` });
    const big = "rotation-upright [CNN 32-64-128]";
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init [CNN 32-64-128]", steps: 0, finalReward: undefined, probeAccuracy: 41 }),
      conv({ task: `${big} [lr 0.002] [batch 128] [entropy 0.5]`, probeAccuracy: 51 }),
      conv({ task: `${big} [lr 0.002] [batch 128]`, method: "cross-entropy", finalReward: undefined, probeAccuracy: 53 }),
      conv({ task: `${big} [lr 0.002] [cosine lr] [batch 128] [entropy 0.5]`, probeAccuracy: 55 }),
      conv({ task: `${big} [lr 0.002] [cosine lr] [batch 128]`, method: "cross-entropy", finalReward: undefined, probeAccuracy: 56 }),
    ]);
    const bigRows = markdownTables(rows, new Map()).vision!.split("\n").filter((l) => l.startsWith("| rotation-upright [CNN 32-64-128]"));
    expect(bigRows).toHaveLength(2);
    const cosine = bigRows.find((l) => l.includes("[cosine lr]"))!;
    expect(cosine).toContain("| 55.0 ± 0.0 (n=1) | +14.0 | 56.0 ± 0.0 (n=1) | -1.0 | +15.0 |");
    expect(bigRows.find((l) => !l.includes("[cosine lr]"))).toContain("| 51.0 ± 0.0 (n=1) | +10.0 | 53.0 ± 0.0 (n=1) | -2.0 | +12.0 |");
  });

  it("gives a CNN with group normalisation its own block, against its own random init and its own twin", () => {
    const conv = (over: Partial<RunRecord>) => record({ steps: 8000, ...over, task: `${over.task ?? "rotation-upright"} ${VISION_PROBE_LABELS.conv}` });
    const plain = "rotation-upright [CNN 32-64-128]";
    const normed = "rotation-upright [CNN 32-64-128, group norm]";
    const rows = summaryRows([
      conv({ method: "random-init", task: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 38 }),
      conv({ method: "random-init", task: "random-init [CNN 32-64-128]", steps: 0, finalReward: undefined, probeAccuracy: 41 }),
      conv({ method: "random-init", task: "random-init [CNN 32-64-128, group norm]", steps: 0, finalReward: undefined, probeAccuracy: 43 }),
      conv({ task: plain, method: "cross-entropy", finalReward: undefined, probeAccuracy: 52 }),
      conv({ task: normed, method: "cross-entropy", finalReward: undefined, probeAccuracy: 57 }),
      conv({ task: `${normed} [entropy 0.5]`, probeAccuracy: 55 }),
    ]);
    const lines = markdownTables(rows, new Map()).vision!.split("\n");
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines[at("| random-init encoder [CNN 32-64-128, group norm] |")]).toContain("| 43.0 ± 0.0 (n=1) |");
    expect(at("| random-init encoder [CNN 32-64-128, group norm] |")).toBeGreaterThan(at("| rotation-upright [CNN 32-64-128] |"));
    expect(lines[at("| rotation-upright [CNN 32-64-128] |")]).toContain("| not run | – | 52.0 ± 0.0 (n=1) | – | +11.0 |");
    expect(lines[at("| rotation-upright [CNN 32-64-128, group norm] |")]).toContain("| not run | – | 57.0 ± 0.0 (n=1) | – | +14.0 |");
    expect(lines[at("| rotation-upright [CNN 32-64-128, group norm] [entropy 0.5] |")]).toContain("| 55.0 ± 0.0 (n=1) | +12.0 | 57.0 ± 0.0 (n=1) | -2.0 | +14.0 |");
  });

  it("gives another probe set its own table of what ran on it, against the random init probed the same way", () => {
    const set = "[probe 10000/1000/5000] [tensor fit] [conv probe]";
    const big = (over: Partial<RunRecord>, task: string) => record({ steps: 8000, ...over, task: `${task} ${set}` });
    const rows = summaryRows([
      big({ method: "random-init", steps: 0, finalReward: undefined, probeAccuracy: 51 }, "random-init [CNN 32-64-128]"),
      big({ probeAccuracy: 58 }, "rotation-upright [CNN 32-64-128] [entropy 0.5]"),
      big({ method: "cross-entropy", finalReward: undefined, probeAccuracy: 60 }, "rotation-upright [CNN 32-64-128]"),
      // the same runs on the tables' probe stay in the vision table
      record({ steps: 8000, task: `rotation-upright [CNN 32-64-128] [entropy 0.5] ${VISION_PROBE_LABELS.conv}`, probeAccuracy: 50 }),
    ]);
    const tables = markdownTables(rows, new Map());
    const text = tables["vision-probe-sets"]!;
    expect(text.split("\n")[0]).toBe(`**conv probe on 10,000 / 1,000 / 5,000 images (train / val / test), fitted with the tensor objective** (rows \`${set}\`):`);
    const lines = text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| setting") && !l.startsWith("| ---"));
    // Only what ran: no row for the default CNN's tasks, which did not run on this probe set.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\| random-init encoder \[CNN 32-64-128\] \| 51\.0 ± 0\.0 \(n=1\) \|/);
    expect(lines[1]).toMatch(/^\| rotation-upright \[CNN 32-64-128\] \| not run \| – \| 60\.0 ± 0\.0 \(n=1\) \| – \| \+9\.0 \|/);
    expect(lines[2]).toContain("| rotation-upright [CNN 32-64-128] [entropy 0.5] | 58.0 ± 0.0 (n=1) | +7.0 | 60.0 ± 0.0 (n=1) | -2.0 | +9.0 |");
    expect(tables.vision).not.toContain("58.0");
    expect(tables.vision).toContain("50.0");
    expect(markdownTables(summaryRows([record({})]), new Map())["vision-probe-sets"]).toBe("");
  });
});

describe("graph table variants", () => {
  it("lists each GCN variant as a block: its random-init row first, then its GRPO rows", () => {
    const graph = (over: Partial<RunRecord>) => record({ example: "graph-cora", dataset: "cora", task: "node-masking", ...over });
    const baseline = { method: "random-init" as const, steps: 0, finalReward: undefined };
    const rows = summaryRows([
      graph({ task: "node-masking [GCN 512, batch 256]", steps: 40, probeAccuracy: 80 }),
      graph({ task: "node-masking [GCN 256-256]", probeAccuracy: 74 }),
      graph({ ...baseline, task: "random-init [GCN 512]", probeAccuracy: 72 }),
      graph({ ...baseline, task: "random-init [GCN 256-256]", probeAccuracy: 65 }),
    ]);
    const labels = markdownTables(rows, new Map([["graph-cora/node-masking [GCN 512, batch 256]", 0.25]]))
      .graph!.split("\n")
      .map((l) => l.split(" | ")[0]!.slice(2));
    expect(labels.filter((l) => l.includes("["))).toEqual([
      "random-init GCN [GCN 256-256]",
      "GRPO node-masking [GCN 256-256], 100 steps",
      "random-init GCN [GCN 512]",
      "GRPO node-masking [GCN 512, batch 256], 40 steps",
    ]);
    expect(markdownTables(rows, new Map([["graph-cora/node-masking [GCN 512, batch 256]", 0.25]])).graph).toContain("| 80.0 ± 0.0 (n=1) | not run | 0.500 ± 0.000 (n=1) (chance 0.250) |");
  });

  it("keeps an encoder with more hops per layer apart from the one-hop encoder of the same width", () => {
    const graph = (over: Partial<RunRecord>) => record({ example: "graph-cora", dataset: "cora", task: "edge-prediction", steps: 80, ...over });
    const baseline = { method: "random-init" as const, steps: 0, finalReward: undefined };
    const rows = summaryRows([
      graph({ task: "edge-prediction [GCN 512 linear, 2 hops, lr 0.001]", probeAccuracy: 83 }),
      graph({ task: "edge-prediction [GCN 512 linear, lr 0.001]", probeAccuracy: 78 }),
      graph({ ...baseline, task: "random-init [GCN 512 linear, 2 hops]", probeAccuracy: 80 }),
      graph({ ...baseline, task: "random-init [GCN 512 linear]", probeAccuracy: 75 }),
    ]);
    const labels = markdownTables(rows, new Map())
      .graph!.split("\n")
      .map((l) => l.split(" | ")[0]!.slice(2))
      .filter((l) => l.includes("["));
    expect(labels).toEqual([
      "random-init GCN [GCN 512 linear]",
      "GRPO edge-prediction [GCN 512 linear, lr 0.001], 80 steps",
      "random-init GCN [GCN 512 linear, 2 hops]",
      "GRPO edge-prediction [GCN 512 linear, 2 hops, lr 0.001], 80 steps",
    ]);
  });

  it("names a cross-entropy twin's row as such, with no reward cells", () => {
    const graph = (over: Partial<RunRecord>) => record({ example: "graph-cora", dataset: "cora", task: "edge-prediction [GCN 512-512 linear]", steps: 80, ...over });
    const rows = summaryRows([graph({ probeAccuracy: 81 }), graph({ method: "cross-entropy", finalReward: undefined, probeAccuracy: 82 })]);
    const line = markdownTables(rows, new Map())
      .graph!.split("\n")
      .find((l) => l.startsWith("| cross-entropy twin "))!;
    expect(line).toBe("| cross-entropy twin edge-prediction [GCN 512-512 linear], 80 steps | 82.0 ± 0.0 (n=1) | not run | – | – | 80 | 10, – |");
  });
});

describe("reward curves", () => {
  it.each([
    [[1, 2, 3, 4], 2, [1, 1.5, 2.5, 3.5]],
    [[0, 1], 5, [0, 0.5]],
    [[], 3, []],
  ])("smooth(%j, %d) = %j", (values, window, expected) => {
    smooth(values, window).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));
    expect(smooth(values, window)).toHaveLength(expected.length);
  });

  it.each([
    [[1, 2, 3, 4, 5, 6], 3, [2, 5], [3, 6]],
    [[1, 2, 3, 4, 5], 2, [1.5, 3.5, 5], [2, 4, 5]],
    [[7], 10, [7], [1]],
    [[], 4, [], []],
  ])("blockMeans(%j, %d) draws means %j at steps %j", (values, size, means, steps) => {
    const out = blockMeans(values, size);
    expect(out.values).toHaveLength(means.length);
    out.values.forEach((v, i) => expect(v).toBeCloseTo(means[i]!, 10));
    expect(out.steps).toEqual(steps);
  });

  it.each([0, -1, 2.5, Number.NaN])("blockMeans refuses a block size of %s", (size) => {
    expect(() => blockMeans([1, 2], size)).toThrow(/size must be a positive integer/);
  });

  it("places each block mean at its block's last step", () => {
    const svg = rewardCurveSvg("t", [{ label: "blocks", ...blockMeans([0, 0, 1, 1], 2) }]);
    // Default chart: the plot spans x 44 to 430 for steps 1 to 4, and y 286 (reward 0) to 28 (reward 1).
    const points = /<polyline[^>]*points="([^"]+)"/.exec(svg)![1]!.split(" ").map((p) => p.split(",").map(Number));
    expect(points).toHaveLength(2);
    expect(points[0]![0]).toBeCloseTo(44 + 386 / 3, 1);
    expect(points[0]![1]).toBeCloseTo(286, 1);
    expect(points[1]![0]).toBeCloseTo(430, 1);
    expect(points[1]![1]).toBeCloseTo(28, 1);
  });

  it("draws one polyline per series and a dashed chance line, escaping labels", () => {
    const svg = rewardCurveSvg("a <b>", [
      { label: "x & y", values: [0.2, 0.4, 0.6], chance: 0.25 },
      { label: "z", values: [0.5, 0.5] },
    ]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toContain("a &lt;b&gt;");
    expect(svg).toContain("x &amp; y");
  });
});
