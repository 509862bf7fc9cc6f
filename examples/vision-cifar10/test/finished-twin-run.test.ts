import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { type NetworkConfig, PolicyNetwork, selectBackend, tf, writeCheckpoint } from "@ssl4rl/trainers";
import { readFinishedTwinRun, saveTwinRun, twinSecondsBefore } from "../src/finished-twin-run.js";

/** What trainCrossEntropy leaves at a twin's last step: a checkpoint of its weights. */
async function checkpointAt(dir: string, step: number, net: PolicyNetwork): Promise<void> {
  await writeCheckpoint(dir, { step, optimizerStep: step, feeds: {}, params: await net.store.snapshot(), moments: {} });
}

const CONFIG: NetworkConfig = { imageSize: 16, channels: [4, 8], embedding: 8, headHidden: 8, graphHidden: [8], vectorHidden: 8 };

describe("a finished twin's saved weights", () => {
  beforeAll(async () => {
    await selectBackend("cpu");
  });

  it("come back as the same encoder (not the seed's fresh one), only for the steps they were saved at", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-"));
    const trained = new PolicyNetwork(CONFIG, 7);
    const images = tf.randomUniform([3, 16, 16, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const before = tf.tidy(() => trained.embedImages(images).arraySync() as number[][]);
    // Stand in for training: move every encoder weight away from the seed's initial values.
    for (const [name, v] of trained.store.variables) if (name.startsWith("image/")) v.assign(tf.add(v, 0.05));
    const after = tf.tidy(() => trained.embedImages(images).arraySync() as number[][]);
    await checkpointAt(dir, 120, trained);
    await saveTwinRun(dir, 120, 42.5);

    const back = await readFinishedTwinRun(dir, 120, CONFIG, 7);
    expect(back?.trainingSeconds).toBe(42.5);
    const seen = tf.tidy(() => back!.network.embedImages(images).arraySync() as number[][]);
    seen.flat().forEach((v, i) => expect(v).toBeCloseTo(after.flat()[i]!, 5));
    expect(Math.max(...after.flat().map((v, i) => Math.abs(v - before.flat()[i]!)))).toBeGreaterThan(1e-3);
    back!.network.dispose();

    expect(await readFinishedTwinRun(dir, 200, CONFIG, 7)).toBeUndefined();
    expect(await readFinishedTwinRun(join(dir, "absent"), 120, CONFIG, 7)).toBeUndefined();
    trained.dispose();
    images.dispose();
  });

  it("a damaged summary is an error naming its file, not a silent retrain", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-"));
    const net = new PolicyNetwork(CONFIG, 1);
    tf.tidy(() => net.embedImages(tf.zeros([1, 16, 16, 3])));
    await checkpointAt(dir, 10, net);
    await saveTwinRun(dir, 10, 1);
    net.dispose();
    writeFileSync(join(dir, "twin.json"), "{ not json");
    const error = await readFinishedTwinRun(dir, 10, CONFIG, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(join(dir, "twin.json"));
    writeFileSync(join(dir, "twin.json"), JSON.stringify({ steps: 10 }));
    await expect(readFinishedTwinRun(dir, 10, CONFIG, 1)).rejects.toThrow(/trainingSeconds/);
  });

  it("is not marked finished without the checkpoint of its last step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-"));
    const net = new PolicyNetwork(CONFIG, 1);
    tf.tidy(() => net.embedImages(tf.zeros([1, 16, 16, 3])));
    await checkpointAt(dir, 8, net);
    net.dispose();
    await expect(saveTwinRun(dir, 10, 1)).rejects.toThrow(/no checkpoint of step 10/);
    expect(existsSync(join(dir, "twin.json"))).toBe(false);
  });

  it("counts the training seconds logged before a resume, and none for a run from the start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-"));
    writeFileSync(join(dir, "metrics.jsonl"), [1, 2, 3, 4].map((step) => JSON.stringify({ step, loss: 1, seconds: step / 2 })).join("\n") + "\n");
    expect(await twinSecondsBefore(dir, 3)).toBeCloseTo(3, 10);
    expect(await twinSecondsBefore(dir, 0)).toBe(0);
  });
});
