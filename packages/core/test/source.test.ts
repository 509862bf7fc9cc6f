import { describe, expect, it } from "vitest";
import {
  countingSource,
  createRegistry,
  definePlugin,
  defineTask,
  generateEpisodes,
  intParam,
  parseSourceSpec,
  repeatSamples,
  resolveTaskOptions,
  SampleSkipped,
  SkipCounter,
  type SourceKind,
  z,
} from "@ssl4rl/core";

describe("parseSourceSpec", () => {
  it.each([
    ["synthetic", "synthetic", undefined, {}],
    ["synthetic?count=5", "synthetic", undefined, { count: "5" }],
    ["folder:/data/x", "folder", "/data/x", {}],
    ["cora:../shared/datasets/cora?split=public", "cora", "../shared/datasets/cora", { split: "public" }],
    ["./photos", undefined, "./photos", {}],
    ["/abs/path", undefined, "/abs/path", {}],
    ["Photos/x", undefined, "Photos/x", {}],
  ])("%j", (text, kind, location, params) => {
    const spec = parseSourceSpec(text);
    expect(spec.kind).toBe(kind);
    expect(spec.location).toBe(location);
    expect(spec.params).toEqual(params);
  });

  it("rejects an empty spec and bad integer params", () => {
    expect(() => parseSourceSpec(" ")).toThrow(/source spec/);
    expect(intParam(parseSourceSpec("synthetic?count=12"), "count", 1)).toBe(12);
    expect(() => intParam(parseSourceSpec("synthetic?count=-1"), "count", 1)).toThrow(/field "count".*integer >= 0/);
  });
});

const evens = defineTask({
  id: "toy/evens",
  version: "1.0.0",
  modality: "vector",
  description: "is the sample even?",
  rewardId: "exact-match",
  options: z.object({ flip: z.boolean().default(false) }),
  answerSpace: () => ["even", "odd"],
  makeEpisode: ({ samples, rng, seed, index }, { flip }) => {
    const n = samples[0] as number;
    if (n % 5 === 4) throw new SampleSkipped("multiple of five minus one");
    const noise = rng.int(1000);
    const even = (n % 2 === 0) !== flip;
    return {
      id: `toy/evens:${seed}:${index}`,
      taskId: "toy/evens",
      taskVersion: "1.0.0",
      observation: { kind: "vector", values: new Float32Array([n, noise]) },
      prompt: { messages: [{ role: "user", content: `${n}?` }], images: [] },
      answer: even ? "even" : "odd",
      answerIndex: even ? 0 : 1,
      metadata: { seed, n, noise },
    };
  },
});

describe("generateEpisodes", () => {
  const run = async (seed: number, count: number) => {
    const skips = new SkipCounter();
    const out = [];
    for await (const e of generateEpisodes(evens, countingSource(), { seed, count, options: resolveTaskOptions(evens, {}), skips })) out.push(e);
    return { out, skips };
  };

  it("is deterministic for a seed and differs across seeds", async () => {
    const a = await run(1, 8);
    const b = await run(1, 8);
    const c = await run(2, 8);
    expect(JSON.stringify(a.out.map((e) => [e.id, e.metadata]))).toBe(JSON.stringify(b.out.map((e) => [e.id, e.metadata])));
    expect(a.out.map((e) => e.metadata.noise)).not.toEqual(c.out.map((e) => e.metadata.noise));
  });

  it("counts skipped samples and still yields the requested count", async () => {
    const { out, skips } = await run(1, 9);
    expect(out).toHaveLength(9);
    expect(skips.byReason()).toEqual({ "multiple of five minus one": 2 });
    expect(skips.summary()[0]).toMatch(/^2 × multiple of five minus one \(sample #4, sample #9\)/);
    expect(out.map((e) => e.metadata.n)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 10]);
  });

  it("validates options with the field named", () => {
    expect(resolveTaskOptions(evens, { flip: true })).toEqual({ flip: true });
    expect(() => resolveTaskOptions(evens, { flip: "yes" })).toThrow(/toy\/evens option flip/);
  });

  it("opens sources by kind, and bare paths through the bare-path kind", async () => {
    const seen: string[] = [];
    const kind = (name: string, bare = false): SourceKind<string> => ({
      kind: name,
      modality: "vector",
      description: name,
      acceptsBarePath: bare,
      open: (spec) => {
        seen.push(`${name}:${spec.location ?? ""}`);
        return { description: name, samples: async function* () {} };
      },
    });
    const registry = createRegistry([definePlugin({ name: "src", version: "1.0.0", sources: [kind("folder", true), kind("synthetic")] })]);
    const ctx = { seed: 1, skips: new SkipCounter() };
    await registry.openSource("synthetic", "vector", ctx);
    await registry.openSource("./some/dir", "vector", ctx);
    await registry.openSource("folder:/x", "vector", ctx);
    expect(seen).toEqual(["synthetic:", "folder:./some/dir", "folder:/x"]);
    await expect(registry.openSource("mnist:/x", "vector", ctx)).rejects.toThrow(/Unknown vector source "mnist".*folder, synthetic/);
  });

  it("repeatSamples yields each sample n times in a row, and refuses a count below 1", async () => {
    const out: number[] = [];
    for await (const n of repeatSamples(countingSource(3), 4).samples()) out.push(n);
    expect(out).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(repeatSamples(countingSource(3), 4).description).toContain("each sample 4 times in a row");
    expect(() => repeatSamples(countingSource(), 0)).toThrow(/at least 1, got 0/);
    expect(() => repeatSamples(countingSource(), 1.5)).toThrow(/whole number/);
  });

  it("every source kind takes ?repeat=N through the registry; a bad N names the spec and the field", async () => {
    const kind: SourceKind<number> = { kind: "count", modality: "vector", description: "count", acceptsBarePath: false, open: () => countingSource(2) };
    const registry = createRegistry([definePlugin({ name: "src", version: "1.0.0", sources: [kind] })]);
    const ctx = { seed: 1, skips: new SkipCounter() };
    const read = async (spec: string) => {
      const out: unknown[] = [];
      for await (const n of (await registry.openSource(spec, "vector", ctx)).samples()) out.push(n);
      return out;
    };
    expect(await read("count?repeat=3")).toEqual([0, 0, 0, 1, 1, 1]);
    expect(await read("count")).toEqual([0, 1]);
    await expect(registry.openSource("count?repeat=0", "vector", ctx)).rejects.toThrow(/count\?repeat=0.*repeat/s);
  });
});
