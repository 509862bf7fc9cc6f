import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadableBackends } from "@ssl4rl/trainers";
import { parseTaskFlags } from "../src/commands/train.js";
import { repoRoot, runInProcess, runProcess } from "./run-cli.js";

const metricsWithoutTime = (dir: string) =>
  readFileSync(join(dir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => {
      const { seconds: _s, episodesPerSecond: _e, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });

/** Where tfjs-node did install, `--backend tensorflow` is valid and its error case does not apply. */
const nativeLoads = (await loadableBackends()).includes("tensorflow");

describe("ssl4rl train", () => {
  it.each([
    [["vision/rotation"], [{ id: "vision/rotation" }]],
    [["a,b:2"], [{ id: "a" }, { id: "b", weight: 2 }]],
    [["a=0.5", "c"], [{ id: "a", weight: 0.5 }, { id: "c" }]],
  ])("--task %j parses to %j", (flags, expected) => {
    expect(parseTaskFlags(flags)).toEqual(expected);
  });

  it.each([
    [["train"], /at least one task/],
    [["train", "--task", "vision/rotaton", "--steps", "1"], /Unknown task "vision\/rotaton"\. Did you mean "vision\/rotation"/],
    [["train", "--task", "vision/rotation", "--steps", "0"], /field "steps": expected .*>=1/],
    [["train", "--task", "vision/rotation", "--advantage", "zscore"], /field "advantage.normalisation"/],
    [["train", "--task", "a:-1"], /ID:WEIGHT with a positive weight/],
    ...(nativeLoads
      ? []
      : [[["train", "--task", "vision/rotation", "--backend", "tensorflow", "--out", join(tmpdir(), "ssl4rl-no-native")], /field "backend": expected a loadable @tensorflow\/tfjs-node-gpu or @tensorflow\/tfjs-node.*Use --backend wasm or auto/] as [string[], RegExp]]),
  ] as [string[], RegExp][])("%j exits 2 with one clear line", async (args, message) => {
    const { code, err } = await runInProcess(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split("\n").at(-1)).toMatch(/^ssl4rl: /);
  });

  it("a config file field error names the file and the field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "train-cfg-"));
    const file = join(dir, "train.yaml");
    writeFileSync(file, "tasks:\n  - id: vision/rotation\ngroupSize: 1\n");
    const { code, err } = await runInProcess(["train", "--config", file]);
    expect(code).toBe(2);
    expect(err).toContain(file);
    expect(err).toMatch(/groupSize/);
  });

  it("trains from a YAML config (flags override it) and writes the run directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "train-run-"));
    const file = join(dir, "train.yaml");
    writeFileSync(file, "tasks:\n  - id: toy/count-ones\nsteps: 50\nbatchSize: 8\noptimizer:\n  learningRate: 0.01\n");
    const out = join(dir, "run");
    const { code, out: stdout, err } = await runInProcess(["--plugin", "ssl4rl-plugin-count-ones", "train", "--config", file, "--steps", "6", "--out", out, "--backend", "wasm", "--checkpoint-every", "3"]);
    expect(err).toMatch(/backend wasm via @tensorflow\/tfjs-backend-wasm/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^step 1\/6 {2}reward /m);
    expect(stdout).toMatch(/done: reward .* at step 1 → .* at step 6; report /);
    for (const f of ["config.json", "metrics.jsonl", "report.html", "checkpoints/step-0000006.ckpt"]) expect(existsSync(join(out, f)), f).toBe(true);
    const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
    expect(config.steps).toBe(6);
    expect(config.groupSize).toBe(5);
    expect(metricsWithoutTime(out)).toHaveLength(6);
  });

  it("a run killed with SIGKILL and resumed ends with the same metrics as an uninterrupted run", async () => {
    const base = mkdtempSync(join(tmpdir(), "train-kill-"));
    const args = (out: string) => ["train", "--task", "vision/rotation", "--steps", "14", "--batch-size", "8", "--checkpoint-every", "4", "--seed", "5", "--backend", "wasm", "--out", out];
    const whole = join(base, "whole");
    expect(runProcess(args(whole)).code).toBe(0);

    const killed = join(base, "killed");
    const child = spawn(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", join(repoRoot, "packages/cli/src/main.ts"), ...args(killed)], { cwd: repoRoot, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // Kill as soon as the first checkpoint exists: the run is then mid-way, between checkpoints.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(join(killed, "checkpoints", "step-0000004.ckpt")) || child.exitCode !== null) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve();
        }
      }, 5);
    });
    expect(await exited).toBe("SIGKILL");
    expect(existsSync(join(killed, "report.html"))).toBe(false);

    const resumed = runProcess(["train", "--resume", killed]);
    expect(resumed.err).toMatch(/resuming from .*step-00000\d\d\.ckpt/);
    expect(resumed.code).toBe(0);
    expect(metricsWithoutTime(killed)).toEqual(metricsWithoutTime(whole));
    expect(existsSync(join(killed, "report.html"))).toBe(true);
  });
});
