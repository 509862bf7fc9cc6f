import { describe, expect, it } from "vitest";
import {
  createRegistry,
  definePlugin,
  defineTask,
  DuplicateIdError,
  exactMatchReward,
  isPlugin,
  UnknownIdError,
  z,
} from "@ssl4rl/core";

const task = (id: string) =>
  defineTask({
    id,
    version: "1.0.0",
    modality: "vector",
    description: `task ${id}`,
    rewardId: "exact-match",
    options: z.object({ size: z.number().int().min(1).default(3) }),
    answerSpace: ({ size }) => Array.from({ length: size }, (_, i) => String(i)),
    makeEpisode: ({ rng, seed, index }) => {
      const k = rng.int(3);
      return {
        id: `${id}:${seed}:${index}`,
        taskId: id,
        taskVersion: "1.0.0",
        observation: { kind: "vector", values: new Float32Array([k]) },
        prompt: { messages: [{ role: "user", content: "?" }], images: [] },
        answer: String(k),
        answerIndex: k,
        metadata: { seed, k },
      };
    },
  });

describe("plugins and the registry", () => {
  it("looks up tasks and their rewards by id", () => {
    const plugin = definePlugin({ name: "alpha", version: "1.0.0", tasks: [task("toy/a"), task("toy/b")] });
    expect(isPlugin(plugin)).toBe(true);
    const registry = createRegistry([plugin]);
    expect(registry.tasks().map((t) => [t.item.id, t.plugin])).toEqual([
      ["toy/a", "alpha"],
      ["toy/b", "alpha"],
    ]);
    expect(registry.rewardFor("toy/a").id).toBe("exact-match");
    expect(registry.rewards().map((r) => r.item.id)).toEqual(["exact-match", "slot-match"]);
  });

  it("names both plugins when two register the same task id", () => {
    const one = definePlugin({ name: "one", version: "1.0.0", tasks: [task("toy/same")] });
    const two = definePlugin({ name: "two", version: "2.0.0", tasks: [task("toy/same")] });
    expect(() => createRegistry([one, two])).toThrow(DuplicateIdError);
    expect(() => createRegistry([one, two])).toThrow(/"toy\/same".*"one".*"two"/);
  });

  it("refuses a plugin that re-registers a core reward id", () => {
    const clash = definePlugin({ name: "clash", version: "1.0.0", rewards: [exactMatchReward()] });
    expect(() => createRegistry([clash])).toThrow(/exact-match.*@ssl4rl\/core.*clash/);
  });

  it("lists the known ids and the nearest match for an unknown id", () => {
    const registry = createRegistry([definePlugin({ name: "alpha", version: "1.0.0", tasks: [task("vision/rotation"), task("vision/jigsaw")] })]);
    let error: unknown;
    try {
      registry.task("vision/rotaton");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownIdError);
    expect((error as UnknownIdError).nearest).toBe("vision/rotation");
    expect((error as Error).message).toContain("vision/jigsaw, vision/rotation");
    expect(() => registry.reward("nope")).toThrow(/Unknown reward "nope"/);
  });

  it("is frozen once built", () => {
    const registry = createRegistry([]);
    expect(Object.isFrozen(registry)).toBe(true);
    expect(() => {
      (registry as unknown as { plugins: unknown }).plugins = [];
    }).toThrow(TypeError);
  });

  it("rejects a plugin loaded twice and a bad plugin name", () => {
    const p = definePlugin({ name: "alpha", version: "1.0.0" });
    expect(() => createRegistry([p, p])).toThrow(/Duplicate plugin id "alpha"/);
    expect(() => definePlugin({ name: "has spaces", version: "1" })).toThrow(/plugin name/);
  });
});
