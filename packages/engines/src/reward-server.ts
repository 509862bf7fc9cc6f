import { createHash, timingSafeEqual } from "node:crypto";
import { BadInputError, type Registry, type RewardResult, Ssl4rlError, UnknownIdError } from "@ssl4rl/core";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { parseRewardLabel } from "./reward-label.js";
import { type ScoreRequest, TaskScorer } from "./task-scorer.js";

/** Where structured access logs go: one JSON object per line. */
export interface LogSink {
  write(line: string): void;
}

/** Options of {@link createRewardServer}. */
export interface RewardServerOptions {
  readonly registry: Registry;
  /** When set, every route but `/health` needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Largest request body accepted, in bytes (default 32 MiB); larger ones get 413. */
  readonly bodyLimitBytes?: number;
  /** Longest single response text accepted, in UTF-16 code units (default 262,144); longer ones get 413. */
  readonly maxResponseChars?: number;
  /** Most items in one request (default 4,096). */
  readonly maxBatchItems?: number;
  /** Most `<answer>`/`<think>` opening tags in one response (default 1,024); more get 422. */
  readonly maxResponseTags?: number;
  /** Access log sink (JSON lines); none by default. */
  readonly log?: LogSink;
}

/** Defaults of {@link RewardServerOptions}. */
export const REWARD_SERVER_DEFAULTS = {
  bodyLimitBytes: 32 * 1024 * 1024,
  maxResponseChars: 256 * 1024,
  maxBatchItems: 4096,
  maxResponseTags: 1024,
} as const;

/** A 4xx answer: `status` plus a message that names the field and what was expected. */
class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const itemCounts = new WeakMap<FastifyRequest, number>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short description of a JSON value for messages; never serialises the value (it may be hostile). */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "string") return `a string of ${value.length} characters`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value).slice(0, 40)}`;
}

function stringArray(body: Record<string, unknown>, field: string, limits: { maxItems: number; maxChars: number }): string[] {
  const value = body[field];
  if (!Array.isArray(value)) throw new RequestProblem(400, "bad_request", `field "${field}": expected an array of strings, got ${describe(value)}`);
  if (value.length > limits.maxItems) {
    throw new RequestProblem(413, "too_many_items", `field "${field}": ${value.length} items, at most ${limits.maxItems} per request. Split the batch`);
  }
  for (const [i, item] of value.entries()) {
    if (typeof item !== "string") throw new RequestProblem(400, "bad_request", `field "${field}[${i}]": expected a string, got ${describe(item)}`);
  }
  return value as string[];
}

/** Counts opening tags with indexOf, in one linear pass; stops counting past `limit`. */
function countOpeningTags(text: string, limit: number): number {
  let count = 0;
  for (const tag of ["<answer>", "<think>"]) {
    for (let at = text.indexOf(tag); at !== -1 && count <= limit; at = text.indexOf(tag, at + tag.length)) count++;
  }
  return count;
}

function checkResponse(text: string, field: string, limits: { maxChars: number; maxTags: number }): void {
  if (text.length > limits.maxChars) {
    throw new RequestProblem(413, "response_too_long", `field "${field}": ${text.length} characters, at most ${limits.maxChars} are scored. Truncate the response or raise --max-response-chars`);
  }
  // A completion with thousands of answer/think tags is an attack or a degenerate sample, not an answer.
  if (countOpeningTags(text, limits.maxTags) > limits.maxTags) {
    throw new RequestProblem(422, "too_many_tags", `field "${field}": more than ${limits.maxTags} <answer>/<think> opening tags; a scored response holds one answer block`);
  }
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function resultJson(result: RewardResult): Record<string, unknown> {
  return { score: result.score, components: result.components, valid: result.valid, ...(result.answer !== undefined ? { answer: result.answer } : {}) };
}

/**
 * Builds the reward server (not yet listening). Routes:
 * - `GET /health`: `{status: "ok", tasks}`, no token needed;
 * - `POST /get_reward`: OpenRLHF's remote reward protocol. Body `{query, prompts?, labels}`
 *   (arrays of equal length; each label `TASK_ID:ANSWER` or `{"task","answer"}` JSON); the
 *   response text is read from each `query` after its last `assistant\n`. Answers
 *   `{rewards, scores, extra_logs}` with one entry per query, and each reward component
 *   (`accuracy`, `valid`, ...) as a list in `extra_logs`;
 * - `POST /score`: plain batches, body `{items: [{task, truth, response}]}`, answers
 *   `{results: [{score, components, valid, answer?}]}`.
 *
 * Malformed JSON, wrong shapes and unknown tasks get 400, over-long bodies or responses 413,
 * a missing or wrong token 401; every error body is `{error, message}`.
 *
 * @example
 * ```ts
 * const app = createRewardServer({ registry, token: "s3cret" });
 * await app.listen({ host: "127.0.0.1", port: 8000 });
 * // ... later, on SIGTERM: finishes requests in flight, then stops
 * await app.close();
 * ```
 */
export function createRewardServer(options: RewardServerOptions): FastifyInstance {
  const scorer = new TaskScorer(options.registry);
  const limits = {
    maxItems: options.maxBatchItems ?? REWARD_SERVER_DEFAULTS.maxBatchItems,
    maxChars: options.maxResponseChars ?? REWARD_SERVER_DEFAULTS.maxResponseChars,
    maxTags: options.maxResponseTags ?? REWARD_SERVER_DEFAULTS.maxResponseTags,
  };
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes ?? REWARD_SERVER_DEFAULTS.bodyLimitBytes,
    logger: options.log ? { level: "info", stream: options.log } : false,
    // One access line per request from our onResponse hook replaces fastify's two default lines.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });

  app.addHook("onRequest", async (request, reply) => {
    if (options.token === undefined || request.url === "/health") return;
    const header = request.headers.authorization ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (given === undefined || !sameSecret(given, options.token)) {
      reply.header("www-authenticate", 'Bearer realm="ssl4rl-reward"');
      return reply.code(401).send({ error: "unauthorized", message: "missing or wrong bearer token: send the header Authorization: Bearer <token>" });
    }
    return undefined;
  });

  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        items: itemCounts.get(request) ?? 0,
        remote: request.ip,
        bytesIn: Number(request.headers["content-length"] ?? 0),
      },
      "access",
    );
  });

  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof RequestProblem) return reply.code(error.status).send({ error: error.code, message: error.message });
    if (error instanceof UnknownIdError) return reply.code(400).send({ error: "unknown_task", message: error.message });
    if (error instanceof BadInputError) return reply.code(400).send({ error: "bad_request", message: error.message });
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
      // Fastify's own: malformed JSON (400), body too large (413), wrong content type (415).
      return reply.code(e.statusCode).send({ error: e.code ?? "bad_request", message: e.message ?? "bad request" });
    }
    request.log.error({ err: error instanceof Ssl4rlError ? error.message : error }, "scoring failed");
    return reply.code(500).send({ error: "internal", message: "the reward failed on this batch; see the server log" });
  });

  app.get("/health", async () => ({ status: "ok", tasks: options.registry.tasks().map((t) => t.item.id) }));

  app.post("/get_reward", async (request) => {
    const body = request.body;
    if (!isRecord(body)) throw new RequestProblem(400, "bad_request", `body: expected a JSON object {query, prompts, labels}, got ${describe(body)}`);
    const query = stringArray(body, "query", limits);
    const labels = body.labels;
    if (!Array.isArray(labels)) throw new RequestProblem(400, "bad_request", `field "labels": expected an array of "TASK_ID:ANSWER" strings, got ${describe(labels)}`);
    if (labels.length !== query.length) {
      throw new RequestProblem(400, "bad_request", `field "labels": ${labels.length} labels for ${query.length} queries; send one label per query`);
    }
    if (body.prompts !== undefined && body.prompts !== null) {
      const prompts = stringArray(body, "prompts", limits);
      if (prompts.length !== query.length) throw new RequestProblem(400, "bad_request", `field "prompts": ${prompts.length} prompts for ${query.length} queries`);
    }
    itemCounts.set(request, query.length);
    const items: ScoreRequest[] = query.map((text, i) => {
      checkResponse(text, `query[${i}]`, limits);
      const label = parseRewardLabel(labels[i], `labels[${i}]`);
      return { task: label.task, truth: label.answer, response: text };
    });
    const results = await scorer.scoreMany(items);
    const names = new Set<string>();
    for (const r of results) for (const name of Object.keys(r.components)) names.add(name);
    const extraLogs: Record<string, number[]> = {};
    for (const name of [...names].sort()) extraLogs[name] = results.map((r) => r.components[name] ?? 0);
    extraLogs.valid = results.map((r) => (r.valid ? 1 : 0));
    const rewards = results.map((r) => r.score);
    return { rewards, scores: rewards, extra_logs: extraLogs };
  });

  app.post("/score", async (request) => {
    const body = request.body;
    const rawItems = isRecord(body) ? body.items : undefined;
    if (!Array.isArray(rawItems)) throw new RequestProblem(400, "bad_request", `field "items": expected an array of {task, truth, response}, got ${describe(rawItems)}`);
    if (rawItems.length > limits.maxItems) {
      throw new RequestProblem(413, "too_many_items", `field "items": ${rawItems.length} items, at most ${limits.maxItems} per request. Split the batch`);
    }
    itemCounts.set(request, rawItems.length);
    const items: ScoreRequest[] = rawItems.map((item, i) => {
      if (!isRecord(item)) throw new RequestProblem(400, "bad_request", `field "items[${i}]": expected an object {task, truth, response}, got ${describe(item)}`);
      for (const key of ["task", "truth", "response"] as const) {
        if (typeof item[key] !== "string") throw new RequestProblem(400, "bad_request", `field "items[${i}].${key}": expected a string, got ${describe(item[key])}`);
      }
      checkResponse(item.response as string, `items[${i}].response`, limits);
      return { task: item.task as string, truth: item.truth as string, response: item.response as string };
    });
    const results = await scorer.scoreMany(items);
    return { results: results.map(resultJson) };
  });

  return app;
}
