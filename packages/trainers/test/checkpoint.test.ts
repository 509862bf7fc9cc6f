import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { latestCheckpoint, listCheckpoints, pruneCheckpoints, readCheckpoint, writeCheckpoint } from "@ssl4rl/trainers";

const sample = (step: number) => ({
  step,
  optimizerStep: step,
  feeds: { "toy/bandit": { epoch: 0, consumed: step * 16 } },
  params: { "a/w": Float32Array.from([1, -2.5, 3e-8]), "b": Float32Array.from([Math.PI]) },
  moments: { "m/a/w": Float32Array.from([0.1, 0.2, 0.3]) },
});

describe("checkpoints", () => {
  it("round-trips weights, moments and feed positions exactly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ckpt-"));
    const path = await writeCheckpoint(dir, sample(7));
    const back = await readCheckpoint(path);
    expect(back.step).toBe(7);
    expect(back.feeds).toEqual({ "toy/bandit": { epoch: 0, consumed: 112 } });
    expect(Array.from(back.params["a/w"]!)).toEqual(Array.from(sample(7).params["a/w"]));
    expect(back.params.b![0]).toBe(Math.fround(Math.PI));
    expect(Array.from(back.moments["m/a/w"]!)).toEqual(Array.from(sample(7).moments["m/a/w"]));
  });

  it("round-trips a companion's tensors and JSON; a checkpoint written without one reads back without one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ckpt-"));
    const companion = { tensors: { "avg/graph/w": Float32Array.from([0.5, -1.25]) }, json: { curve: [{ step: 10, valAccuracy: 61.2 }], seconds: 3.5 } };
    const back = await readCheckpoint(await writeCheckpoint(dir, { ...sample(10), companion }));
    expect(Array.from(back.companion!.tensors["avg/graph/w"]!)).toEqual([0.5, -1.25]);
    expect(back.companion!.json).toEqual(companion.json);
    // The companion's tensors are kept apart from the weights and moments.
    expect(Object.keys(back.params).sort()).toEqual(["a/w", "b"]);
    expect(Object.keys(back.moments)).toEqual(["m/a/w"]);
    expect((await readCheckpoint(await writeCheckpoint(dir, sample(11)))).companion).toBeUndefined();
  });

  it("leaves no temp files, keeps the newest N, and finds the latest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ckpt-"));
    for (const s of [5, 10, 15]) await writeCheckpoint(dir, sample(s));
    expect(readdirSync(join(dir, "checkpoints")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await pruneCheckpoints(dir, 2);
    expect(listCheckpoints(dir).map((p) => p.split("/").at(-1))).toEqual(["step-0000010.ckpt", "step-0000015.ckpt"]);
    expect(latestCheckpoint(dir)).toMatch(/step-0000015\.ckpt$/);
  });

  it.each([
    ["truncated", (b: Buffer) => b.subarray(0, b.length - 3)],
    ["not a checkpoint", () => Buffer.from("hello world, not a checkpoint")],
    ["bad header", (b: Buffer) => Buffer.concat([b.subarray(0, 12), Buffer.from("{{{{"), b.subarray(16)])],
  ])("a damaged file (%s) is a BadInputError naming it", async (_, damage) => {
    const dir = mkdtempSync(join(tmpdir(), "ckpt-"));
    const path = await writeCheckpoint(dir, sample(3));
    writeFileSync(path, damage(readFileSync(path)));
    const error = await readCheckpoint(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect(String((error as Error).message)).toContain(path);
  });
});
