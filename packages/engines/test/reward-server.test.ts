import { createRegistry, definePlugin } from "@ssl4rl/core";
import countOnes from "ssl4rl-plugin-count-ones";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRewardServer } from "../src/reward-server.js";
import { coinTask, testPlugin } from "./fixtures.js";

const registry = createRegistry([testPlugin, countOnes]);
const lines: string[] = [];
const app = createRewardServer({ registry, token: "s3cret", maxResponseChars: 300_000, log: { write: (line) => void lines.push(line) } });
const auth = { authorization: "Bearer s3cret" };

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

async function post(url: string, payload: unknown, headers: Record<string, string> = auth) {
  const res = await app.inject({ method: "POST", url, headers: { "content-type": "application/json", ...headers }, payload: typeof payload === "string" ? payload : JSON.stringify(payload) });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

describe("OpenRLHF protocol: POST /get_reward", () => {
  test("scores each query against its label, reading the reply after the last assistant marker", async () => {
    const { status, body } = await post("/get_reward", {
      query: [
        "user\nflip<|im_end|>\nassistant\n<think>h</think><answer>heads</answer>",
        "user\n<answer>heads</answer>\nassistant\n<answer>tails</answer>",
        "assistant\nno answer here",
        "assistant\n<answer>3,1,2,4</answer>",
        "assistant\n<answer>5</answer>",
      ],
      prompts: ["p", "p", "p", "p", "p"],
      labels: ["test/coin:heads", "test/coin:heads", '{"task":"test/coin","answer":"tails"}', "test/slots:3,1,4,2", "toy/count-ones:4"],
    });
    expect(status).toBe(200);
    expect(body.rewards).toEqual([1, 0, 0, 0.5, expect.closeTo(1 - 1 / 8, 9)]);
    expect(body.scores).toEqual(body.rewards);
    const logs = body.extra_logs as Record<string, number[]>;
    expect(logs.accuracy).toEqual([1, 0, 0, 0.5, 0]);
    expect(logs.valid).toEqual([1, 1, 0, 1, 1]);
    expect(logs.closeness).toEqual([0, 0, 0, 0, expect.closeTo(0.875, 9)]);
  });

  test.each([
    ["malformed JSON", '{"query": [', 400],
    ["a body that is not an object", "[1,2,3]", 400],
    ["query not an array", { query: "x", labels: [] }, 400],
    ["a number in query", { query: [1], labels: ["test/coin:heads"] }, 400],
    ["fewer labels than queries", { query: ["a", "b"], labels: ["test/coin:heads"] }, 400],
    ["a label without a colon", { query: ["a"], labels: ["heads"] }, 400],
    ["an unknown task", { query: ["a"], labels: ["vision/nope:1"] }, 400],
    ["prompts of the wrong length", { query: ["a"], prompts: [], labels: ["test/coin:heads"] }, 400],
    ["a deeply nested JSON body", `{"query":${"[".repeat(100_000)}${"]".repeat(100_000)},"labels":[]}`, 400],
  ])("%s gets a 4xx with a message", async (_, payload, code) => {
    const { status, body } = await post("/get_reward", payload);
    expect(status).toBe(code);
    expect(typeof body.message).toBe("string");
    expect((body.message as string).length).toBeGreaterThan(5);
  });

  test("an unknown task names the nearest known one", async () => {
    const { body } = await post("/get_reward", { query: ["a"], labels: ["test/con:heads"] });
    expect(body.error).toBe("unknown_task");
    expect(body.message).toMatch(/test\/coin/);
  });

  test("a 1 MB response gets 413 and the server keeps answering", async () => {
    const hostile = "<answer>".repeat(131_072);
    const { status, body } = await post("/get_reward", { query: [hostile], labels: ["test/coin:heads"] });
    expect(status).toBe(413);
    expect(body.message).toMatch(/query\[0\]/);
    const again = await post("/get_reward", { query: ["<answer>heads</answer>"], labels: ["test/coin:heads"] });
    expect(again.body.rewards).toEqual([1]);
  });

  test("deeply nested tags get 422 naming the field, and the server keeps answering", async () => {
    const nested = `${"<answer><think>".repeat(8_000)}heads${"</think></answer>".repeat(8_000)}`;
    const { status, body } = await post("/get_reward", { query: ["<answer>heads</answer>", nested], labels: ["test/coin:heads", "test/coin:heads"] });
    expect(status).toBe(422);
    expect(body.message).toMatch(/query\[1\].*<answer>\/<think> opening tags/);
    const plain = await post("/score", { items: [{ task: "test/coin", truth: "heads", response: "<answer>".repeat(30_000) }] });
    expect(plain.status).toBe(422);
    expect(plain.body.message).toMatch(/items\[0\]\.response/);
    const again = await post("/get_reward", { query: ["<answer>heads</answer>"], labels: ["test/coin:heads"] });
    expect(again.body.rewards).toEqual([1]);
  });

  test("a few nested tags under the limit are scored normally", async () => {
    const nested = `${"<answer><think>".repeat(100)}heads${"</think></answer>".repeat(100)}`;
    const { status, body } = await post("/get_reward", { query: [nested], labels: ["test/coin:heads"] });
    expect(status).toBe(200);
    expect(body.rewards).toEqual([0]);
  });
});

describe("plain batches: POST /score", () => {
  test("returns score, components, validity and the answer read", async () => {
    const { status, body } = await post("/score", {
      items: [
        { task: "test/coin", truth: "tails", response: "<answer> tails </answer>" },
        { task: "test/slots", truth: "1,2,3,4", response: "<answer>1,2,4,3</answer>" },
        { task: "test/coin", truth: "tails", response: "tails" },
      ],
    });
    expect(status).toBe(200);
    expect(body.results).toEqual([
      { score: 1, components: { accuracy: 1 }, valid: true, answer: "tails" },
      { score: 0.5, components: { accuracy: 0.5 }, valid: true, answer: "1,2,4,3" },
      { score: 0, components: { accuracy: 0 }, valid: false },
    ]);
  });

  test.each([
    ["no items", {}],
    ["an item that is not an object", { items: ["x"] }],
    ["a missing truth", { items: [{ task: "test/coin", response: "x" }] }],
    ["an unknown task", { items: [{ task: "nope", truth: "x", response: "x" }] }],
  ])("%s gets 400", async (_, payload) => {
    expect((await post("/score", payload)).status).toBe(400);
  });
});

describe("auth, limits, health and logs", () => {
  test("a missing or wrong token gets 401; health needs none", async () => {
    expect((await post("/score", { items: [] }, {})).status).toBe(401);
    expect((await post("/score", { items: [] }, { authorization: "Bearer nope" })).status).toBe(401);
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "ok", tasks: expect.arrayContaining(["test/coin", "toy/count-ones"]) });
  });

  test("a body over the limit gets 413", async () => {
    const small = createRewardServer({ registry, bodyLimitBytes: 1024 });
    const res = await small.inject({ method: "POST", url: "/score", headers: { "content-type": "application/json" }, payload: JSON.stringify({ items: [{ task: "test/coin", truth: "x", response: "y".repeat(2000) }] }) });
    expect(res.statusCode).toBe(413);
    await small.close();
  });

  test("writes one structured access log line per request", async () => {
    lines.length = 0;
    await post("/score", { items: [{ task: "test/coin", truth: "heads", response: "<answer>heads</answer>" }] });
    await post("/score", "{bad");
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === "access");
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ method: "POST", url: "/score", status: 200, items: 1 });
    expect(records[1]).toMatchObject({ status: 400 });
    expect(typeof records[0]!.ms).toBe("number");
  });

  test("graceful shutdown answers the request in flight, then refuses new connections", async () => {
    // A reward that waits on a gate keeps a request in flight for as long as the test wants.
    let entered!: () => void;
    const started = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowReward = { id: "test/slow", description: "waits", async score() { entered(); await gate; return { score: 1, components: {}, valid: true }; } };
    const slowTask = { ...coinTask, id: "test/slow-coin", rewardId: "test/slow" };
    const live = createRewardServer({ registry: createRegistry([definePlugin({ name: "slow", version: "0.0.0", tasks: [slowTask], rewards: [slowReward] })]) });
    await live.listen({ host: "127.0.0.1", port: 0 });
    const port = (live.server.address() as { port: number }).port;
    const inFlight = fetch(`http://127.0.0.1:${port}/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: [{ task: "test/slow-coin", truth: "heads", response: "x" }] }),
    });
    await started;
    const closing = live.close();
    release();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(1);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
