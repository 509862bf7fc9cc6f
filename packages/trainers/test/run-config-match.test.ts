import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { assertSameRun } from "@ssl4rl/trainers";

const saved = { seed: 1, steps: 100, backend: "wasm", network: { channels: [16, 32], embedding: 64 }, tasks: [{ id: "vision/rotation", weight: 1 }] };

function folderWith(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "run-config-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  return dir;
}

function failure(run: () => void): BadInputError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
}

describe("assertSameRun", () => {
  it("passes the same run whatever the key order, with a field the file predates, and with a free field changed", () => {
    const dir = folderWith(saved);
    expect(() => assertSameRun(dir, { tasks: saved.tasks, network: { embedding: 64, channels: [16, 32] }, backend: "wasm", steps: 100, seed: 1 })).not.toThrow();
    expect(() => assertSameRun(dir, { ...saved, temperature: 1 })).not.toThrow();
    expect(() => assertSameRun(dir, { ...saved, steps: 300, backend: "tensorflow" }, ["steps", "backend"])).not.toThrow();
    expect(() => assertSameRun(join(dir, "absent"), { seed: 9 })).not.toThrow();
  });

  it("names config.json and the first top-level field that differs, at any depth", () => {
    const dir = folderWith(saved);
    const deep = failure(() => assertSameRun(dir, { ...saved, network: { channels: [16, 64], embedding: 64 } }));
    expect(deep?.details.file).toBe(join(dir, "config.json"));
    expect(deep?.details.field).toBe("network");
    expect(deep?.message).toContain("[16,64]");
    expect(failure(() => assertSameRun(dir, { ...saved, tasks: [...saved.tasks, { id: "vision/jigsaw", weight: 1 }] }))?.details.field).toBe("tasks");
    expect(failure(() => assertSameRun(dir, { ...saved, steps: 300 }))?.details.field).toBe("steps");
    const { seed: _seed, ...withoutSeed } = saved;
    expect(failure(() => assertSameRun(dir, withoutSeed))?.details.field).toBe("seed");
  });

  it("a config.json that is not JSON is an error naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "run-config-"));
    writeFileSync(join(dir, "config.json"), "{ seed: ");
    expect(failure(() => assertSameRun(dir, saved))?.message).toContain(join(dir, "config.json"));
  });
});
