import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runInProcess } from "./run-cli.js";

/** Real data lives beside the repository, never in it (../shared/datasets). */
const CORA = join(repoRoot, "..", "shared", "datasets", "cora");

describe("ssl4rl probe", () => {
  let run: string;
  beforeAll(async () => {
    run = join(mkdtempSync(join(tmpdir(), "probe-")), "run");
    const trained = await runInProcess(["train", "--task", "vision/rotation", "--steps", "4", "--batch-size", "16", "--backend", "wasm", "--out", run]);
    expect(trained.code).toBe(0);
  }, 120_000);

  it.each(["trained", "random"])("--init %s prints a test accuracy of the frozen encoder's linear probe", async (init) => {
    const { code, out, err } = await runInProcess(["probe", "--run", run, "--source", "synthetic", "--limit", "300", "--backend", "wasm", "--init", init]);
    expect(err).toMatch(/backend wasm/);
    expect(code).toBe(0);
    expect(out).toMatch(init === "random" ? /random init \(untrained\)/ : /trained encoder from .*step-0000004\.ckpt \(step 4\)/);
    expect(out).toMatch(/300 labelled images, random 60\/20\/20 split/);
    const accuracy = Number(/test accuracy ([\d.]+)%/.exec(out)?.[1]);
    // 5 synthetic shape classes: a frozen CNN's features separate them better than chance (20%).
    expect(accuracy).toBeGreaterThan(25);
    expect(accuracy).toBeLessThanOrEqual(100);
  });

  it("--layers all probes every conv block pooled 2×2, --layers last the embedding", async () => {
    const probe = async (layers: string) => {
      const { code, out } = await runInProcess(["probe", "--run", run, "--source", "synthetic", "--limit", "300", "--backend", "wasm", "--layers", layers]);
      expect(code).toBe(0);
      return out;
    };
    const all = await probe("all");
    expect(all).toMatch(/every conv block pooled 2×2 of the trained encoder/);
    expect((await probe("last"))).toMatch(/the embedding of the trained encoder/);
    expect(Number(/test accuracy ([\d.]+)%/.exec(all)?.[1])).toBeGreaterThan(25);
  });

  it.each([
    [["probe", "--run", "/no/such/run", "--source", "synthetic"], /config\.json.*expected the config\.json of a run/],
    [["probe", "--run", "RUN", "--source", "synthetic", "--layers", "first"], /--layers.*expected last or all/],
    [["probe", "--run", "RUN", "--source", "synthetic", "--init", "pretrained"], /--init.*expected trained or random/],
    [["probe", "--run", "RUN", "--source", "synthetic", "--modality", "graph"], /expected graph encoder weights .*This run trained no graph task/],
  ])("%j exits 2 with one clear line", async (args, message) => {
    const { code, err } = await runInProcess(args.map((a) => (a === "RUN" ? run : a)));
    expect(code).toBe(2);
    expect(err.trim().split("\n").at(-1)).toMatch(/^ssl4rl: /);
    expect(err).toMatch(message);
  });

  it.skipIf(!existsSync(CORA))("graphs: the GCN of a node-masking run, probed on Cora's public split", async () => {
    const graphRun = join(mkdtempSync(join(tmpdir(), "probe-g-")), "run");
    const trained = await runInProcess(["train", "--task", "graph/node-masking", "--source", `cora:${CORA}`, "--steps", "2", "--batch-size", "8", "--backend", "wasm", "--out", graphRun]);
    expect(trained.code).toBe(0);
    const { code, out } = await runInProcess(["probe", "--run", graphRun, "--source", `cora:${CORA}`, "--backend", "wasm"]);
    expect(code).toBe(0);
    expect(out).toMatch(/its public split \(140\/500\/1000\); the last GCN layer of the trained encoder/);
    expect(Number(/test accuracy ([\d.]+)%/.exec(out)?.[1])).toBeGreaterThan(30);
    const all = await runInProcess(["probe", "--run", graphRun, "--source", `cora:${CORA}`, "--backend", "wasm", "--layers", "all"]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/every GCN layer of the trained encoder/);
    expect(Number(/test accuracy ([\d.]+)%/.exec(all.out)?.[1])).toBeGreaterThan(30);
  });
  if (!existsSync(CORA)) console.log(`probe graph test skipped: Cora not found at ${CORA}`);
});
