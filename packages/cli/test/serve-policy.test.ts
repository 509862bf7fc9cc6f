import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runInProcess } from "./run-cli.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "ssl4rl-cli-policy-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("ssl4rl serve-policy", () => {
  it("serves a trained run's policy so that ssl4rl eval runs end to end against it", async () => {
    const run = join(temp(), "run");
    const trained = await runInProcess(["train", "--task", "vision/rotation", "--steps", "2", "--batch-size", "4", "--group-size", "2", "--checkpoint-every", "2", "--out", run]);
    expect(trained.code).toBe(0);

    const child = spawn(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", join(repoRoot, "packages/cli/src/main.ts"), "serve-policy", "--run", run, "--port", "0", "--no-access-log"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve-policy exited ${code}: ${err}`)));
    });
    expect(out).toMatch(/models: vision\/rotation/);

    const evaluated = await runInProcess(["eval", "--endpoint", url, "--model", "vision/rotation", "--task", "vision/rotation", "--count", "8", "--seed", "3", "--results", join(temp(), "r.jsonl"), "--json"]);
    expect(evaluated.code).toBe(0);
    const summary = JSON.parse(evaluated.out);
    expect(summary).toMatchObject({ scored: 8, failed: 0, validRate: 1 });
    // Every answer is one of the task's four angles: the policy answers in the <answer> format.
    expect(summary.confusion.predictions.every((p: string) => ["0", "90", "180", "270"].includes(p))).toBe(true);

    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["vision/rotation"]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/policy server stopped/);
  });

  it("refuses a run without vision tasks, with exit 2 and one line", async () => {
    const run = temp();
    writeFileSync(join(run, "config.json"), JSON.stringify({ tasks: [{ id: "graph/edge-prediction" }] }));
    mkdirSync(join(run, "checkpoints"));
    writeFileSync(join(run, "checkpoints", "step-0000001.ckpt"), "");
    const { code, err } = await runInProcess(["serve-policy", "--run", run, "--port", "0"]);
    expect(code).toBe(2);
    expect(err.trim().split("\n").at(-1)).toMatch(/expected at least one vision task/);
  });

  it("refuses a directory that is not a run", async () => {
    const { code, err } = await runInProcess(["serve-policy", "--run", temp()]);
    expect(code).toBe(2);
    expect(err).toMatch(/config\.json/);
  });
});
