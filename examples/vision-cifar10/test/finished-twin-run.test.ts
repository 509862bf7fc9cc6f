import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { type NetworkConfig, PolicyNetwork, selectBackend, tf } from "@ssl4rl/trainers";
import { readFinishedTwinRun, saveTwinRun } from "../src/finished-twin-run.js";

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
    await saveTwinRun(dir, 120, trained, 42.5);

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
    await saveTwinRun(dir, 10, net, 1);
    net.dispose();
    writeFileSync(join(dir, "twin.json"), "{ not json");
    const error = await readFinishedTwinRun(dir, 10, CONFIG, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(join(dir, "twin.json"));
    writeFileSync(join(dir, "twin.json"), JSON.stringify({ steps: 10 }));
    await expect(readFinishedTwinRun(dir, 10, CONFIG, 1)).rejects.toThrow(/trainingSeconds/);
  });
});
