import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateEpisodes, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { CliContext, defaultSource } from "@ssl4rl/cli";
import { afterAll, describe, expect, it } from "vitest";
import { readWithArrow } from "../../engines/test/read-parquet.js";
import { repoRoot, runInProcess } from "./run-cli.js";

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "ssl4rl-cli-export-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const placeholders = (messages: { content: string }[]) => messages.reduce((n, m) => n + m.content.split("<image>").length - 1, 0);

describe("ssl4rl export", () => {
  it("writes verl parquet for a vision task whose embedded images are the episode's images, in placeholder order", async () => {
    const out = temp();
    const { code, out: stdout, err } = await runInProcess(["export", "--task", "vision/jigsaw", "--count", "6", "--test-count", "2", "--seed", "5", "--format", "verl", "--out", out]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/train: 6 rows/);
    const rows = [...readWithArrow(join(out, "train.parquet")).rows, ...readWithArrow(join(out, "test.parquet")).rows];
    expect(rows).toHaveLength(8);
    // The same episodes, made in-process from the same registry, seed and synthetic source.
    const registry = await new CliContext({ out() {}, err() {}, isTTY: false }, repoRoot).registry();
    const task = registry.task("vision/jigsaw");
    const options = resolveTaskOptions(task, {});
    const skips = new SkipCounter();
    const source = await defaultSource(registry, task.modality, undefined, { seed: 5, skips });
    let i = 0;
    for await (const episode of generateEpisodes(task, source, { seed: 5, count: 8, options, skips })) {
      const row = rows[i++]!;
      expect(row.data_source).toBe("vision/jigsaw");
      expect(row.ability).toBe("vision");
      expect(row.reward_model).toEqual({ style: "rule", ground_truth: episode.answer });
      expect(row.images).toHaveLength(4);
      expect(placeholders(row.prompt)).toBe(4);
      for (const [k, image] of (row.images as { bytes: Uint8Array }[]).entries()) {
        expect(startsWith(image.bytes, PNG) || startsWith(image.bytes, JPEG)).toBe(true);
        expect(Buffer.from(image.bytes).equals(Buffer.from(episode.prompt.images[k]!.bytes))).toBe(true);
      }
      expect(row.extra_info.label).toBe(`vision/jigsaw:${episode.answer}`);
    }
    expect(i).toBe(8);
  });

  const photos = join(repoRoot, "..", "shared", "datasets", "photos");
  it.skipIf(!existsSync(photos))("embeds real photographs (shared/datasets/photos): two encoded images per row, one placeholder each", async () => {
    const out = temp();
    const { code } = await runInProcess(["export", "--task", "vision/position", "--source", `folder:${photos}`, "--count", "3", "--test-count", "0", "--out", out]);
    expect(code).toBe(0);
    const { rows } = readWithArrow(join(out, "train.parquet"));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.images).toHaveLength(2);
      expect(placeholders(row.prompt)).toBe(2);
      for (const image of row.images as { bytes: Uint8Array }[]) expect(startsWith(image.bytes, PNG) || startsWith(image.bytes, JPEG)).toBe(true);
      expect(["top-left", "top-right", "bottom-left", "bottom-right"]).toContain(row.reward_model.ground_truth);
      expect(JSON.parse(row.extra_info.metadata)).toBeTypeOf("object");
    }
  });
  if (!existsSync(photos)) console.log(`skipping the real-photo export test: ${photos} is absent`);

  it("writes EasyR1 parquet for a graph task with the label in the answer column", async () => {
    const out = temp();
    const { code } = await runInProcess(["export", "--task", "graph/edge-prediction", "--count", "4", "--test-count", "0", "--format", "easyr1", "--out", out]);
    expect(code).toBe(0);
    const { schema, rows } = readWithArrow(join(out, "train.parquet"));
    expect(schema.fields.map((f) => f.name)).toEqual(["problem", "answer", "data_source", "extra_info"]);
    for (const row of rows) expect(row.answer).toBe(`graph/edge-prediction:${row.extra_info.answer}`);
  });

  it("writes JSONL for a plugin task, and a manifest", async () => {
    const out = temp();
    const { code } = await runInProcess(["--plugin", "ssl4rl-plugin-count-ones", "export", "--task", "toy/count-ones", "--count", "20", "--format", "jsonl", "--out", out]);
    expect(code).toBe(0);
    expect(readFileSync(join(out, "train.jsonl"), "utf8").trim().split("\n")).toHaveLength(20);
    expect(readFileSync(join(out, "test.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"))).toMatchObject({ format: "jsonl", task: "toy/count-ones", options: { bits: 8 } });
  });

  it.each([
    [["--format", "parquet"], /--format.*one of verl, easyr1, jsonl/],
    [["--count", "0"], /--count.*integer >= 1/],
    [["--row-group-size", "x"], /--row-group-size/],
  ])("exits 2 with one line for %j", async (extra, message) => {
    const { code, err } = await runInProcess(["export", "--task", "vision/rotation", "--count", "3", "--out", temp(), ...extra]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split("\n")).toHaveLength(1);
  });
});
