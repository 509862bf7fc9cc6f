import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnyTask, BadConfigError, countingSource, createRegistry, type Episode, generateEpisodes, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import countOnes from "ssl4rl-plugin-count-ones";
import { afterAll, describe, expect, test } from "vitest";
import { evaluateEndpoint, type EvaluateOptions } from "../src/evaluate-endpoint.js";
import { imageDataUrl } from "../src/openai-messages.js";
import { type FakeReply, type SeenRequest, startFakeOpenAI, userText } from "./fake-openai-server.js";
import { brightestTask, testPlugin } from "./fixtures.js";

const registry = createRegistry([testPlugin, countOnes]);
const countTask = registry.task("toy/count-ones");
const dirs: string[] = [];
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const resultsPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "ssl4rl-eval-"));
  dirs.push(dir);
  return join(dir, "results.jsonl");
};

function episodes(task: AnyTask, count: number): AsyncIterable<Episode<{ readonly kind: string }>> {
  return generateEpisodes(task, countingSource(), { seed: 3, count, options: resolveTaskOptions(task, {}), skips: new SkipCounter() });
}

/** A model that counts the bits: right when the count is 1 mod 3, one too many when 2 mod 3, no tags when 0 mod 3. */
function countingModel(request: SeenRequest): FakeReply {
  const bits = /bits are 1\? ([01 ]+)/.exec(userText(request))![1]!.trim().split(" ");
  const ones = bits.filter((b) => b === "1").length;
  if (ones % 3 === 0) return { content: `I think it is ${ones}` };
  return { content: `<think>counting</think><answer>${ones % 3 === 1 ? ones : ones + 1}</answer>` };
}

async function server(model: (r: SeenRequest, attempt: number) => FakeReply) {
  const s = await startFakeOpenAI(model);
  servers.push(s);
  return s;
}

function options(url: string, task: AnyTask, count: number, path: string, extra: Partial<EvaluateOptions> = {}): EvaluateOptions {
  return {
    endpoint: url, model: "fake-vlm", task, taskOptions: resolveTaskOptions(task, {}), reward: registry.rewardFor(task),
    episodes: episodes(task, count), resultsPath: path, identity: { task: task.id, model: "fake-vlm", seed: 3 },
    backoffMs: 1, ...extra,
  };
}

async function expectedCounts(count: number) {
  const truths: number[] = [];
  for await (const e of episodes(countTask, count)) truths.push(Number(e.answer));
  return truths;
}

describe("evaluateEndpoint against a fake OpenAI-compatible server", () => {
  test("accuracy, valid-format rate and the confusion table match the model's known behaviour", async () => {
    const fake = await server(countingModel);
    const summary = await evaluateEndpoint(options(fake.url, countTask, 30, resultsPath(), { concurrency: 3 }));
    const truths = await expectedCounts(30);
    expect(summary.scored).toBe(30);
    expect(summary.failed).toBe(0);
    expect(summary.asked).toBe(30);
    expect(summary.accuracy).toBeCloseTo(truths.filter((n) => n % 3 === 1).length / 30, 12);
    expect(summary.validRate).toBeCloseTo(truths.filter((n) => n % 3 !== 0).length / 30, 12);
    // The table: truth t answered t (1 mod 3), t+1 (2 mod 3) or nothing (0 mod 3).
    const { truths: rows, predictions: cols, counts } = summary.confusion;
    for (const [i, row] of rows.entries()) {
      const t = Number(row);
      const expectedCol = t % 3 === 0 ? "(no answer)" : String(t % 3 === 1 ? t : t + 1);
      const n = truths.filter((x) => x === t).length;
      expect(counts[i]![cols.indexOf(expectedCol)]).toBe(n);
      expect(counts[i]!.reduce((a, b) => a + b, 0)).toBe(n);
    }
    expect(fake.seen.every((r) => r.temperature === 0 && r.model === "fake-vlm")).toBe(true);
  });

  test("never has more requests in flight than the concurrency limit", async () => {
    const fake = await server((r) => ({ ...countingModel(r), delayMs: 15 }));
    await evaluateEndpoint(options(fake.url, countTask, 12, resultsPath(), { concurrency: 3 }));
    expect(fake.maxInFlight).toBeLessThanOrEqual(3);
    expect(fake.maxInFlight).toBeGreaterThan(1);
  });

  test("retries 5xx answers and timeouts with backoff, and records the attempts", async () => {
    // The second attempt answers far past the timeout; the margins are wide so a loaded machine cannot flip the counts.
    const fake = await server((r, attempt) => (attempt === 1 ? { status: 503, message: "warming up" } : attempt === 2 ? { ...countingModel(r), delayMs: 6000 } : countingModel(r)));
    const path = resultsPath();
    const summary = await evaluateEndpoint(options(fake.url, countTask, 4, path, { timeoutMs: 1500, retries: 3 }));
    expect(summary.scored).toBe(4);
    const records = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(records.slice(1).map((r) => r.attempts)).toEqual([3, 3, 3, 3]);
  });

  test("an episode that keeps failing is recorded as an error and asked again on resume", async () => {
    let broken = true;
    const fake = await server((r) => (broken && userText(r).includes("bits are 1? 1") ? { status: 500, message: "boom" } : countingModel(r)));
    const path = resultsPath();
    const first = await evaluateEndpoint(options(fake.url, countTask, 10, path, { retries: 1 }));
    expect(first.failed).toBeGreaterThan(0);
    expect(first.scored + first.failed).toBe(10);
    broken = false;
    const second = await evaluateEndpoint(options(fake.url, countTask, 10, path));
    expect(second).toMatchObject({ scored: 10, failed: 0, asked: first.failed, resumed: first.scored });
  });

  test("resumes: episodes in the results file are not asked again, and a torn last line is dropped", async () => {
    const fake = await server(countingModel);
    const path = resultsPath();
    await evaluateEndpoint(options(fake.url, countTask, 8, path));
    expect(fake.seen).toHaveLength(8);
    appendFileSync(path, '{"type":"result","index":8,"id":"toy/cou'); // a crash mid-write
    const resumed = await evaluateEndpoint(options(fake.url, countTask, 12, path));
    expect(fake.seen).toHaveLength(12);
    expect(resumed).toMatchObject({ scored: 12, asked: 4, resumed: 8 });
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(13);
    expect(new Set(lines.slice(1).map((l) => l.id)).size).toBe(12);
    const once = await evaluateEndpoint(options(fake.url, countTask, 12, path));
    expect(fake.seen).toHaveLength(12);
    expect(once.accuracy).toBeCloseTo(resumed.accuracy, 12);
  });

  test("a results file of another run is refused, naming the field", async () => {
    const fake = await server(countingModel);
    const path = resultsPath();
    await evaluateEndpoint(options(fake.url, countTask, 2, path));
    const other = options(fake.url, countTask, 2, path, { identity: { task: countTask.id, model: "fake-vlm", seed: 4 } });
    await expect(evaluateEndpoint(other)).rejects.toThrow(/field "seed"/);
  });

  test("an unknown model stops the run with a configuration error", async () => {
    const fake = await server(countingModel);
    await expect(evaluateEndpoint({ ...options(fake.url, countTask, 3, resultsPath()), model: "no-such-model" })).rejects.toThrow(BadConfigError);
  });

  test("images travel as data URLs in placeholder order, interleaved with the text", async () => {
    const fake = await server(() => ({ content: "<answer>1</answer>" }));
    const summary = await evaluateEndpoint(options(fake.url.replace("/v1", ""), brightestTask, 5, resultsPath(), { concurrency: 1 }));
    expect(summary.scored).toBe(5);
    const sent: Episode<{ readonly kind: string }>[] = [];
    for await (const e of episodes(brightestTask, 5)) sent.push(e);
    for (const [i, request] of fake.seen.entries()) {
      expect(request.messages[0]).toEqual({ role: "system", content: "You look at images." });
      const parts = request.messages[1]!.content as { type: string; text?: string; image_url?: { url: string } }[];
      const images = parts.filter((p) => p.type === "image_url").map((p) => p.image_url!.url);
      expect(images).toEqual(sent[i]!.prompt.images.map(imageDataUrl));
      expect(parts[0]).toEqual({ type: "text", text: "Image 1: " });
      expect(parts[1]!.type).toBe("image_url");
    }
  });
});

describe("interruption", () => {
  test("an abort stops the run without recording the requests it cut short; a rerun finishes the rest", async () => {
    const controller = new AbortController();
    let answered = 0;
    const fake = await server((r) => {
      answered++;
      if (answered === 3) setTimeout(() => controller.abort(), 0);
      return { ...countingModel(r), delayMs: answered === 3 ? 2000 : 0 };
    });
    const path = resultsPath();
    const first = await evaluateEndpoint(options(fake.url, countTask, 10, path, { concurrency: 1, signal: controller.signal }));
    expect(first.scored).toBe(2);
    expect(first.failed).toBe(0);
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "error")).toEqual([]);
    const second = await evaluateEndpoint(options(fake.url.replace("/v1", ""), countTask, 10, path, { concurrency: 2 }));
    expect(second).toMatchObject({ scored: 10, resumed: 2, asked: 8 });
  });
});
