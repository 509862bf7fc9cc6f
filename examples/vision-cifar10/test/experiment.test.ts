import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readRunRecords } from "@ssl4rl/example-results";

const run = promisify(execFile);
const here = resolve(import.meta.dirname, "..");
const sample = resolve(here, "../../../shared/datasets/cifar10-jpeg/sample/test");
const present = existsSync(sample);
if (!present) console.log(`skipped: the CIFAR-10 sample folder ${sample} is absent (see ../shared/datasets/README.md)`);

describe.skipIf(!present)("vision-cifar10 --quick (rotation on the 100-image CIFAR-10 sample)", () => {
  it("GRPO's reward rises above chance, and every method leaves a probe record under both probes", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "vision-quick-"));
    const { stdout } = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", "--quick", "--out", out], { cwd: here, maxBuffer: 1 << 24 });
    expect(stdout).not.toContain("skipped:");
    const records = await readRunRecords(join(out, "records"));
    expect(records.map((r) => r.method).sort()).toEqual(["cross-entropy", "grpo", "random-init"]);
    const grpo = records.find((r) => r.method === "grpo")!;
    // Loose on purpose: chance is 0.25; the seed-1 run ends near 0.55.
    expect(grpo.chance).toBeCloseTo(0.25, 6);
    expect(grpo.finalReward!).toBeGreaterThan(grpo.chance! + 0.1);
    expect(grpo.finalReward!).toBeGreaterThan(grpo.firstReward!);
    for (const r of records) {
      expect(r.probeAccuracy).toBeGreaterThanOrEqual(0);
      expect(r.probeAccuracy).toBeLessThanOrEqual(100);
      expect(r.command).toContain("--quick");
    }
    expect(existsSync(join(out, "cifar10-sample-rotation-grpo-s1-n60", "metrics.jsonl"))).toBe(true);

    // The conv-feature probe: GRPO's finished run is probed again (not retrained), and its rows carry the probe in the task name.
    const second = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", "--quick", "--features", "conv", "--out", out], { cwd: here, maxBuffer: 1 << 24 });
    expect(second.stdout).toContain("reusing the finished run");
    // The twin too is probed again from the weights it saved, not trained a second time.
    expect(second.stdout).toContain("reusing the finished twin");
    expect(second.stdout).not.toMatch(/cross-entropy \d/);
    const conv = (await readRunRecords(join(out, "records"))).filter((r) => r.task.endsWith("[conv probe]"));
    expect(conv.map((r) => `${r.method} ${r.task}`).sort()).toEqual(["cross-entropy rotation [conv probe]", "grpo rotation [conv probe]", "random-init random-init [conv probe]"]);
    const convGrpo = conv.find((r) => r.method === "grpo")!;
    expect(convGrpo.finalReward).toBeCloseTo(grpo.finalReward!, 10);
    expect(convGrpo.firstReward).toBeCloseTo(grpo.firstReward!, 10);
    for (const r of conv) expect(r.command).toContain("--features conv");
  });
});

describe("experiment flags", () => {
  it("an unknown setting exits with code 2 and one line naming the choices", { timeout: 60_000 }, async () => {
    const failure = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", "--settings", "nope"], { cwd: here }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure?.stderr).toContain("unknown setting nope; one of");
  });

  it("an unknown probe exits with code 2 and names the probes", { timeout: 60_000 }, async () => {
    const failure = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", "--features", "pixels"], { cwd: here }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("unknown features pixels; one of embedding, conv");
  });
});
