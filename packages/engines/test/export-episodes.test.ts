import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadInputError, countingSource, defineTask, type Episode, generateEpisodes, resolveTaskOptions, SkipCounter, type AnyTask, z } from "@ssl4rl/core";
import { parquetMetadata } from "hyparquet";
import { afterAll, describe, expect, test } from "vitest";
import { exportEpisodes, type ExportOptions } from "../src/export-episodes.js";
import { brightestTask, coinTask } from "./fixtures.js";
import { plain, readWithArrow } from "./read-parquet.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ssl4rl-export-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function episodesOf(task: AnyTask, count: number, seed: number | string = 7): AsyncIterable<Episode<{ readonly kind: string }>> {
  return generateEpisodes(task, countingSource(), { seed, count, options: resolveTaskOptions(task, {}), skips: new SkipCounter() });
}

async function collect(task: AnyTask, count: number, seed: number | string = 7): Promise<Episode<{ readonly kind: string }>[]> {
  const out = [];
  for await (const e of episodesOf(task, count, seed)) out.push(e);
  return out;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("verl parquet", () => {
  test("every column reads back with an independent reader: prompts, images, answers, extra_info", async () => {
    const out = tempDir();
    const result = await exportEpisodes({ format: "verl", outDir: out, episodes: episodesOf(brightestTask, 32), trainCount: 25, testCount: 7, seed: 7, modality: "vision", rowGroupSize: 4 });
    expect(result.withImages).toBe(true);
    expect(result.files.map((f) => [f.split, f.rows])).toEqual([["train", 25], ["test", 7]]);
    const expected = await collect(brightestTask, 32);

    const train = readWithArrow(join(out, "train.parquet"));
    expect(train.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "data_source: Utf8",
      "prompt: List<Struct<{role:Utf8, content:Utf8}>>",
      "images: List<Struct<{bytes:Binary, path:Utf8}>>",
      "ability: Utf8",
      "reward_model: Struct<{style:Utf8, ground_truth:Utf8}>",
      "extra_info: Struct<{split:Utf8, index:Int64, episode_id:Utf8, task:Utf8, task_version:Utf8, seed:Utf8, answer:Utf8, answer_index:Int64, label:Utf8, metadata:Utf8}>",
    ]);
    const test_ = readWithArrow(join(out, "test.parquet"));
    const rows = [...train.rows, ...test_.rows].map((r) => plain(r) as Record<string, any>);
    expect(rows).toHaveLength(32);
    for (const [i, row] of rows.entries()) {
      const episode = expected[i]!;
      const split = i < 25 ? "train" : "test";
      const index = i < 25 ? i : i - 25;
      expect(row.data_source).toBe("test/brightest");
      expect(row.ability).toBe("vision");
      expect(row.prompt).toEqual(episode.prompt.messages.map((m) => ({ role: m.role, content: m.content })));
      const placeholders = row.prompt.reduce((n: number, m: { content: string }) => n + count(m.content, "<image>"), 0);
      expect(row.images).toHaveLength(episode.prompt.images.length);
      expect(placeholders).toBe(row.images.length);
      for (const [k, image] of row.images.entries()) {
        expect(Buffer.from(image.bytes).equals(Buffer.from(episode.prompt.images[k]!.bytes))).toBe(true);
        expect(image.path).toBe(`${split}-${String(index).padStart(6, "0")}-${k}.png`);
      }
      expect(row.reward_model).toEqual({ style: "rule", ground_truth: episode.answer });
      expect(row.extra_info).toEqual({
        split,
        index,
        episode_id: episode.id,
        task: "test/brightest",
        task_version: "1.0.0",
        seed: "7",
        answer: episode.answer,
        answer_index: episode.answerIndex,
        label: `test/brightest:${episode.answer}`,
        metadata: JSON.stringify(episode.metadata),
      });
    }
    const meta = parquetMetadata(readFileSync(join(out, "train.parquet")).buffer as ArrayBuffer);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(readdirSync(out).sort()).toEqual(["manifest.json", "test.parquet", "train.parquet"]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ format: "verl", seed: 7, withImages: true, files: { train: { file: "train.parquet", rows: 25 }, test: { file: "test.parquet", rows: 7 } } });
  });

  test("the same seed gives byte-identical files", async () => {
    const [a, b] = [tempDir(), tempDir()];
    for (const out of [a, b]) await exportEpisodes({ format: "verl", outDir: out, episodes: episodesOf(brightestTask, 10), trainCount: 10, testCount: 0, seed: 7, modality: "vision" });
    expect(readFileSync(join(a, "train.parquet")).equals(readFileSync(join(b, "train.parquet")))).toBe(true);
    expect(readdirSync(a)).not.toContain("test.parquet");
  });

  test("streams: at most one row group of episodes is pulled ahead of the disk", async () => {
    let pulled = 0;
    let maxAhead = 0;
    const source = episodesOf(coinTask, 5000);
    const counting = {
      async *[Symbol.asyncIterator]() {
        for await (const e of source) {
          pulled++;
          yield e;
        }
      },
    };
    let written = 0;
    const groups: number[] = [];
    const out = tempDir();
    await exportEpisodes({
      format: "verl", outDir: out, episodes: counting, trainCount: 4500, testCount: 500, seed: 7, modality: "vector", rowGroupSize: 300,
      onRowGroup: ({ rows }) => {
        written += rows;
        groups.push(rows);
        maxAhead = Math.max(maxAhead, pulled - written);
      },
    });
    expect(written).toBe(5000);
    expect(Math.max(...groups)).toBeLessThanOrEqual(300);
    // The next row group's first row may be pulled before the previous group is flushed.
    expect(maxAhead).toBeLessThanOrEqual(300 + 1);
    const rows = readWithArrow(join(out, "test.parquet")).rows;
    expect(rows).toHaveLength(500);
    expect(plain(rows[499]!.extra_info)).toMatchObject({ split: "test", index: 499, episode_id: "test/coin:7:4999" });
  });
});

describe("EasyR1 parquet", () => {
  test("problem, answer label, no image column for a task without images", async () => {
    const out = tempDir();
    await exportEpisodes({ format: "easyr1", outDir: out, episodes: episodesOf(coinTask, 6, "s"), trainCount: 4, testCount: 2, seed: "s", modality: "vector" });
    const expected = await collect(coinTask, 6, "s");
    const train = readWithArrow(join(out, "train.parquet"));
    expect(train.schema.fields.map((f) => f.name)).toEqual(["problem", "answer", "data_source", "extra_info"]);
    const rows = [...train.rows, ...readWithArrow(join(out, "test.parquet")).rows].map((r) => plain(r) as Record<string, any>);
    expect(rows.map((r) => r.answer)).toEqual(expected.map((e) => `test/coin:${e.answer}`));
    expect(rows.map((r) => r.problem)).toEqual(expected.map((e) => e.prompt.messages[0]!.content));
    expect(rows[5]!.extra_info).toMatchObject({ split: "test", index: 1, seed: "s", answer: expected[5]!.answer });
  });

  test("images column and the system text joined into the problem", async () => {
    const out = tempDir();
    await exportEpisodes({ format: "easyr1", outDir: out, episodes: episodesOf(brightestTask, 3), trainCount: 3, testCount: 0, seed: 1, modality: "vision" });
    const [row] = readWithArrow(join(out, "train.parquet")).rows.map((r) => plain(r) as Record<string, any>);
    expect(row!.problem.startsWith("You look at images.\n\nImage 1: <image>")).toBe(true);
    expect(count(row!.problem, "<image>")).toBe(row!.images.length);
  });
});

describe("JSONL", () => {
  test("one line per episode, images as files named in the row", async () => {
    const out = tempDir();
    await exportEpisodes({ format: "jsonl", outDir: out, episodes: episodesOf(brightestTask, 5), trainCount: 3, testCount: 2, seed: 7, modality: "vision", rowGroupSize: 2 });
    const expected = await collect(brightestTask, 5);
    const lines = [...readFileSync(join(out, "train.jsonl"), "utf8").trim().split("\n"), ...readFileSync(join(out, "test.jsonl"), "utf8").trim().split("\n")].map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    for (const [i, line] of lines.entries()) {
      expect(line.reward_model.ground_truth).toBe(expected[i]!.answer);
      expect(line.images).toHaveLength(expected[i]!.prompt.images.length);
      for (const [k, image] of line.images.entries()) expect(readFileSync(join(out, image.path)).equals(Buffer.from(expected[i]!.prompt.images[k]!.bytes))).toBe(true);
    }
    expect(lines[4].extra_info).toMatchObject({ split: "test", index: 1 });
  });
});

describe("placeholders and failures", () => {
  const base = { id: "test/imgs", version: "1.0.0", modality: "vision", description: "", rewardId: "exact-match", options: z.object({}), answerSpace: () => undefined } as const;
  const withPrompt = (content: string, images: number) =>
    defineTask({
      ...base,
      makeEpisode: ({ index }) => ({
        id: `test/imgs:0:${index}`, taskId: "test/imgs", taskVersion: "1.0.0",
        observation: { kind: "vector" as const, values: new Float32Array() },
        prompt: { messages: [{ role: "user" as const, content }], images: Array.from({ length: images }, () => ({ mimeType: "image/png" as const, bytes: new Uint8Array([1]), width: 1, height: 1 })) },
        answer: "a", metadata: {},
      }),
    });

  test("a prompt without placeholders gets one per image in front", async () => {
    const out = tempDir();
    await exportEpisodes({ format: "verl", outDir: out, episodes: episodesOf(withPrompt("Which?", 2), 1), trainCount: 1, testCount: 0, seed: 0, modality: "vision" });
    expect(plain(readWithArrow(join(out, "train.parquet")).rows[0]!.prompt)).toEqual([{ role: "user", content: "<image><image>Which?" }]);
  });

  test("a prompt whose placeholders disagree with its images fails and leaves no files", async () => {
    const out = tempDir();
    const run = exportEpisodes({ format: "verl", outDir: out, episodes: episodesOf(withPrompt("<image> and?", 2), 3), trainCount: 3, testCount: 0, seed: 0, modality: "vision" } satisfies ExportOptions);
    await expect(run).rejects.toThrow(BadInputError);
    await expect(run).rejects.toThrow(/one <image> placeholder per image \(2\)/);
    expect(readdirSync(out)).toEqual([]);
  });
});
