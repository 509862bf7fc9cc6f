import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { killOnOutput, readRunRecords } from "@ssl4rl/example-results";

const run = promisify(execFile);
const here = resolve(import.meta.dirname, "..");
const cora = resolve(here, "../../../shared/datasets/cora");
const present = existsSync(join(cora, "cora.npz"));
if (!present) console.log(`skipped: the Cora folder ${cora} is absent (see ../shared/datasets/README.md)`);

describe.skipIf(!present)("graph-cora --quick (node masking on Cora)", () => {
  it("GRPO's reward rises above chance and the probe beats the 7-class chance level; the twin trains and is selected on validation", { timeout: 360_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "graph-quick-"));
    const { stdout } = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", "--quick", "--out", out], { cwd: here, maxBuffer: 1 << 24 });
    expect(stdout).not.toContain("skipped:");
    const records = await readRunRecords(join(out, "records"));
    expect(records.map((r) => r.method).sort()).toEqual(["grpo", "random-init"]);
    const grpo = records.find((r) => r.method === "grpo")!;
    expect(grpo.chance).toBeCloseTo(0.25, 6);
    expect(grpo.finalReward!).toBeGreaterThan(grpo.chance! + 0.05);
    for (const r of records) {
      expect(r.dataset).toBe("cora");
      // Seven classes: chance is about 14%; even a random GCN's embedding is well above it.
      expect(r.probeAccuracy).toBeGreaterThan(30);
      expect(r.probeAccuracy).toBeLessThanOrEqual(100);
    }

    // The cross-entropy twin on the same quick setting, probed every 20 steps for model selection.
    await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", "--quick", "--methods", "cross-entropy", "--select-every", "20", "--out", out], { cwd: here, maxBuffer: 1 << 24 });
    const twin = (await readRunRecords(join(out, "records"))).find((r) => r.method === "cross-entropy")!;
    expect(twin.task).toBe("node-masking [val-selected every 20]");
    expect(twin.finalReward).toBeUndefined();
    expect(twin.selection!.curve.map((p) => p.step)).toEqual([20, 40]);
    expect(twin.probeAccuracy).toBe(twin.selection!.curve.find((p) => p.step === twin.selection!.step)!.testAccuracy);
    expect(twin.probeAccuracy).toBeGreaterThan(30);
    expect(twin.command).toContain("--quick --methods cross-entropy --select-every 20");
  });
});

/** Runs the quick experiment and kills it (SIGKILL, as a crash) once its output matches `until`. */
async function runUntil(args: readonly string[], until: RegExp): Promise<string> {
  const seen = await killOnOutput(here, "src/experiment.ts", args, until);
  expect(seen).toMatch(until);
  return seen;
}

describe.skipIf(!present)("graph-cora after a crash (--quick checkpoints every 10 steps)", () => {
  it("killed GRPO and twin runs with a weight average and validation selection continue from their step-20 checkpoints and end as uninterrupted runs do", { timeout: 360_000 }, async () => {
    const quick = ["--quick", "--methods", "grpo,cross-entropy", "--select-every", "10", "--average", "0.9"];
    const name = (method: string) => `cora-node-masking-average0.9-val-selectedevery10-${method}-s1-n40`;
    const whole = mkdtempSync(join(tmpdir(), "graph-whole-"));
    await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", ...quick, "--out", whole], { cwd: here, maxBuffer: 1 << 24 });

    const cut = mkdtempSync(join(tmpdir(), "graph-cut-"));
    await runUntil([...quick, "--out", cut], new RegExp(`${name("grpo")} step 20/40 reward`));
    expect(readdirSync(join(cut, name("grpo"), "checkpoints"))).toEqual(["step-0000020.ckpt"]);
    expect(existsSync(join(cut, "records"))).toBe(false);
    // Started again: GRPO goes on from step 20; then the twin is killed after its own step 20.
    const second = await runUntil([...quick, "--out", cut], new RegExp(`${name("cross-entropy")} step 20/40 cross-entropy`));
    expect(second).toContain(`${name("grpo")}: continued a stopped run from its step-20 checkpoint`);
    const third = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", ...quick, "--out", cut], { cwd: here, maxBuffer: 1 << 24 });
    expect(third.stdout).toContain(`${name("cross-entropy")}: continued a stopped run from its step-20 checkpoint`);
    expect(third.stdout).not.toMatch(/cross-entropy-s1-n40 step 20\/40/);

    const expected = await readRunRecords(join(whole, "records"));
    const resumed = await readRunRecords(join(cut, "records"));
    expect(resumed.map((r) => r.method).sort()).toEqual(["cross-entropy", "grpo"]);
    for (const r of resumed) {
      const twin = expected.find((e) => e.method === r.method)!;
      // The probes before the crash come back from the checkpoint, those after it from the averaged weights restored with it.
      expect(r.selection!.curve.map((p) => p.step), r.method).toEqual([10, 20, 30, 40]);
      r.selection!.curve.forEach((p, i) => {
        expect(p.valAccuracy, `${r.method} val @${p.step}`).toBeCloseTo(twin.selection!.curve[i]!.valAccuracy, 6);
        expect(p.testAccuracy, `${r.method} test @${p.step}`).toBeCloseTo(twin.selection!.curve[i]!.testAccuracy, 6);
      });
      expect(r.probeAccuracy, r.method).toBeCloseTo(twin.probeAccuracy, 6);
      if (r.method === "grpo") expect(r.finalReward!).toBeCloseTo(twin.finalReward!, 9);
      expect(r.wallSeconds).toBeGreaterThan(0);
    }
  });
});

describe("experiment flags", () => {
  it.each([
    [["--datasets", "pubmed"], "unknown dataset pubmed; one of"],
    [["--probe", "middle"], "unknown probe middle; one of last, all"],
    [["--negatives", "hard"], "unknown negatives hard; one of uniform, degree"],
    [["--activation", "tanh"], "unknown activation tanh; one of relu, prelu"],
    [["--group-size", "1"], "--group-size must be at least 2"],
    [["--mask-rate", "1.5"], "--mask-rate must be in (0, 1], got 1.5"],
    [["--resample", "2.5"], "--resample must be a non-negative integer, got 2.5"],
    [["--select-every", "five"], "--select-every must be a non-negative integer, got five"],
    [["--checkpoint-every", "0"], "--checkpoint-every must be at least 1, got 0"],
  ])("%j exits with code 2 and one line: %s", { timeout: 60_000 }, async (args, message) => {
    const failure = await run(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", "src/experiment.ts", ...args], { cwd: here }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure?.stderr).toContain(message);
  });
});
