import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type SeenRequest, startFakeOpenAI, userText } from "../../engines/test/fake-openai-server.js";
import { runInProcess } from "./run-cli.js";

const dirs: string[] = [];
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "ssl4rl-cli-eval-"));
  dirs.push(d);
  return d;
};

/** Counts the ones right, except that it always says 0 when there are none... with no tags. */
function counter(request: SeenRequest) {
  const bits = /bits are 1\? ([01 ]+)/.exec(userText(request))![1]!.trim().split(" ");
  const ones = bits.filter((b) => b === "1").length;
  return { content: ones === 4 ? "four" : `<answer>${ones}</answer>` };
}

describe("ssl4rl eval", () => {
  it("prints accuracy, valid-format rate and a confusion table, and resumes from the results file", async () => {
    const fake = await startFakeOpenAI(counter);
    servers.push(fake);
    const results = join(temp(), "r.jsonl");
    const args = ["--plugin", "ssl4rl-plugin-count-ones", "eval", "--endpoint", fake.url, "--model", "fake-vlm", "--task", "toy/count-ones", "--count", "40", "--results", results, "--concurrency", "2"];
    const first = await runInProcess(args);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const records = readFileSync(results, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const scored = records.slice(1);
    const fours = scored.filter((r) => r.truth === "4").length;
    expect(scored).toHaveLength(40);
    const pct = (x: number) => `${((100 * x) / 40).toFixed(1)}%`;
    expect(first.out).toContain(`accuracy ${pct(40 - fours)}`);
    expect(first.out).toContain(`valid format ${pct(40 - fours)}`);
    expect(first.out).toMatch(/scored 40 \(40 asked now, 0 from the results file\), failed 0/);
    // The row for truth 4 puts every episode under "(no answer)".
    const lines = first.out.split("\n");
    const header = lines.find((l) => l.startsWith("truth"))!.split(/\s{2,}/);
    const row4 = lines.find((l) => /^4\s/.test(l))!.trim().split(/\s+/);
    expect(row4[header.indexOf("(no answer)")]).toBe(String(fours));
    const again = await runInProcess(args);
    expect(again.out).toMatch(/scored 40 \(0 asked now, 40 from the results file\)/);
    expect(fake.seen).toHaveLength(40);
  });

  it("sends a vision task's images and prints JSON with --json", async () => {
    const fake = await startFakeOpenAI(() => ({ content: "<think>looks upright</think><answer>0</answer>" }));
    servers.push(fake);
    const { code, out } = await runInProcess(["eval", "--endpoint", fake.url, "--model", "fake-vlm", "--task", "vision/rotation", "--count", "8", "--results", join(temp(), "r.jsonl"), "--json"]);
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ task: "vision/rotation", scored: 8, validRate: 1 });
    expect(summary.confusion.predictions).toEqual(["0", "90", "180", "270"].filter((a) => summary.confusion.truths.includes(a) || a === "0"));
    for (const request of fake.seen) {
      const parts = request.messages.flatMap((m) => (typeof m.content === "string" ? [] : m.content));
      expect(parts.filter((p) => p.type === "image_url")).toHaveLength(2);
      expect(parts.filter((p) => p.type === "image_url").every((p) => /^data:image\/(png|jpeg);base64,/.test(p.image_url!.url))).toBe(true);
    }
  });

  it("exits 2 with one line when the endpoint does not serve the model", async () => {
    const fake = await startFakeOpenAI(() => ({ content: "" }));
    servers.push(fake);
    const { code, err } = await runInProcess(["--plugin", "ssl4rl-plugin-count-ones", "eval", "--endpoint", fake.url, "--model", "other", "--task", "toy/count-ones", "--count", "2", "--results", join(temp(), "r.jsonl")]);
    expect(code).toBe(2);
    expect(err).toMatch(/expected an endpoint that serves the model/);
    expect(err.trim().split("\n")).toHaveLength(1);
  });
});
