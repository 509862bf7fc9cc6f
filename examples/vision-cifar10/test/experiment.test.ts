import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { killOnOutput, readRunRecords } from "@ssl4rl/example-results";

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

/** Runs the quick experiment and kills it (SIGKILL, as a crash) once its output matches `until`. */
async function runUntil(args: readonly string[], until: RegExp): Promise<string> {
  const seen = await killOnOutput(here, "src/experiment.ts", args, until);
  expect(seen).toMatch(until);
  return seen;
}

describe.skipIf(!present)("vision-cifar10 after a crash (--quick checkpoints every 20 steps)", () => {
  it("a killed GRPO run and a killed twin continue from their step-40 checkpoints and end as uninterrupted runs do", { timeout: 600_000 }, async () => {
    const quick = ["--quick", "--methods", "grpo,cross-entropy"];
    const whole = mkdtempSync(join(tmpdir(), "vision-whole-"));
    await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", ...quick, "--out", whole], { cwd: here, maxBuffer: 1 << 24 });

    const cut = mkdtempSync(join(tmpdir(), "vision-cut-"));
    await runUntil([...quick, "--out", cut], /grpo-s1-n60 step 40\/60 reward/);
    expect(readdirSync(join(cut, "cifar10-sample-rotation-grpo-s1-n60", "checkpoints"))).toEqual(["step-0000040.ckpt"]);
    expect(existsSync(join(cut, "records"))).toBe(false);
    // Started again: GRPO goes on from step 40 and finishes; then the twin is killed after its own step 40.
    const second = await runUntil([...quick, "--out", cut], /cross-entropy-s1-n60 step 40\/60 cross-entropy/);
    expect(second).toContain("continued a stopped run from its step-40 checkpoint");
    expect(second).not.toMatch(/grpo-s1-n60 step 20\/60/);
    const third = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", ...quick, "--out", cut], { cwd: here, maxBuffer: 1 << 24 });
    expect(third.stdout).toContain("continued a stopped twin from its step-40 checkpoint");
    expect(third.stdout).not.toMatch(/cross-entropy-s1-n60 step 20\/60/);

    const expected = await readRunRecords(join(whole, "records"));
    const resumed = await readRunRecords(join(cut, "records"));
    expect(resumed.map((r) => r.method).sort()).toEqual(["cross-entropy", "grpo"]);
    for (const r of resumed) {
      const twin = expected.find((e) => e.method === r.method)!;
      // The same weights as the uninterrupted run, so the same probe; the same rewards read back from metrics.jsonl.
      expect(r.probeAccuracy, r.method).toBeCloseTo(twin.probeAccuracy, 6);
      if (r.method === "grpo") {
        expect(r.finalReward!).toBeCloseTo(twin.finalReward!, 9);
        expect(r.firstReward!).toBeCloseTo(twin.firstReward!, 9);
      }
    }
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
