import { inflateSync } from "node:zlib";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ActionSample, countingSource, createRegistry, type Episode, generateEpisodes, type Policy, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ChatRequestError, parseChatRequest, type ChatRequest } from "../src/chat-request.js";
import { evaluateEndpoint } from "../src/evaluate-endpoint.js";
import { imageDataUrl } from "../src/openai-messages.js";
import { policyResponder } from "../src/policy-responder.js";
import { createPolicyServer } from "../src/policy-server.js";
import { brightestTask, testPlugin, tinyPng } from "./fixtures.js";

/** The gray level of a fixture PNG (one IDAT chunk, filter byte 0, one value everywhere). */
function grayOf(png: Uint8Array): number {
  const buf = Buffer.from(png);
  const length = buf.readUInt32BE(33);
  return inflateSync(buf.subarray(41, 41 + length))[1]!;
}

/** Observation rebuilt from the request: the gray level of each image, as the task's observation holds it. */
async function observe(request: ChatRequest): Promise<Episode<{ readonly kind: string }>> {
  return {
    id: "request", taskId: brightestTask.id, taskVersion: "1.0.0",
    observation: { kind: "vector", values: Float32Array.from(request.images.map((i) => grayOf(i.bytes))) } as { readonly kind: string },
    prompt: { messages: request.messages, images: [] }, answer: "", metadata: {},
  };
}

/** A policy that knows the task: the brightest image's index, as an action. */
const brightestPolicy: Policy<Episode<{ readonly kind: string }>> = {
  id: "test/brightest-oracle",
  async sample() {
    throw new Error("not used");
  },
  async greedy(episodes): Promise<ActionSample[]> {
    return episodes.map((e) => {
      const values = [...(e.observation as unknown as { values: Float32Array }).values];
      return { choices: [values.indexOf(Math.max(...values))], logProb: 0 };
    });
  },
  toCompletion: (action) => ({ action: action.choices[0]! }),
};

const space = brightestTask.answerSpace({ maxImages: 4 });
const app = createPolicyServer({ responder: policyResponder(brightestPolicy, new Map([[brightestTask.id, { task: brightestTask, answerSpace: space, observe }]])), token: "pt" });
let url = "";
const dir = mkdtempSync(join(tmpdir(), "ssl4rl-policy-"));
beforeAll(async () => {
  await app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1`;
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("parseChatRequest", () => {
  const png = tinyPng(2, 9);
  test("text and image parts become placeholders and images, in order", () => {
    const request = parseChatRequest({
      model: "m",
      messages: [
        { role: "system", content: "sys" },
        { role: "user", content: [{ type: "text", text: "A: " }, { type: "image_url", image_url: { url: imageDataUrl(png) } }, { type: "text", text: " B: " }, { type: "image_url", image_url: { url: imageDataUrl(tinyPng(2, 7)) } }] },
      ],
    });
    expect(request.messages).toEqual([{ role: "system", content: "sys" }, { role: "user", content: "A: <image> B: <image>" }]);
    expect(request.images.map((i) => grayOf(i.bytes))).toEqual([9, 7]);
    expect(request.images[0]!.mimeType).toBe("image/png");
  });

  test.each([
    ["no model", { messages: [{ role: "user", content: "x" }] }, /model/],
    ["no messages", { model: "m", messages: [] }, /messages/],
    ["a bad role", { model: "m", messages: [{ role: "tool", content: "x" }] }, /role/],
    ["a remote image", { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] }] }, /data:/],
    ["an unknown part", { model: "m", messages: [{ role: "user", content: [{ type: "audio" }] }] }, /content\[0\]/],
    ["streaming", { model: "m", stream: true, messages: [{ role: "user", content: "x" }] }, /stream/],
    ["n = 2", { model: "m", n: 2, messages: [{ role: "user", content: "x" }] }, /"n"/],
  ])("rejects %s", (_, body, message) => {
    expect(() => parseChatRequest(body)).toThrow(ChatRequestError);
    expect(() => parseChatRequest(body)).toThrow(message);
  });
});

describe("policy server", () => {
  test("eval runs end to end against it: the oracle policy scores 100% in the <answer> format", async () => {
    const registry = createRegistry([testPlugin]);
    const options = resolveTaskOptions(brightestTask, {});
    const summary = await evaluateEndpoint({
      endpoint: url, model: brightestTask.id, apiKey: "pt", task: brightestTask, taskOptions: options, reward: registry.rewardFor(brightestTask),
      episodes: generateEpisodes(brightestTask, countingSource(), { seed: 11, count: 20, options, skips: new SkipCounter() }),
      resultsPath: join(dir, "r.jsonl"), identity: { task: brightestTask.id, seed: 11 },
    });
    expect(summary).toMatchObject({ scored: 20, failed: 0, accuracy: 1, validRate: 1 });
  });

  test("lists its models, and answers OpenAI-shaped errors", async () => {
    const auth = { authorization: "Bearer pt", "content-type": "application/json" };
    const models = await (await fetch(`${url}/models`, { headers: auth })).json();
    expect(models).toEqual({ object: "list", data: [{ id: "test/brightest", object: "model", created: 0, owned_by: "ssl4rl" }] });
    const unknown = await fetch(`${url}/chat/completions`, { method: "POST", headers: auth, body: JSON.stringify({ model: "test/brightes", messages: [{ role: "user", content: "x" }] }) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/Did you mean "test\/brightest"/);
    const bad = await fetch(`${url}/chat/completions`, { method: "POST", headers: auth, body: "{" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: unknown }).error).toBeDefined();
    const noToken = await fetch(`${url}/models`);
    expect(noToken.status).toBe(401);
  });
});
