import { createHash, timingSafeEqual } from "node:crypto";
import { BadInputError, UnknownIdError } from "@ssl4rl/core";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { type ChatRequest, ChatRequestError, parseChatRequest } from "./chat-request.js";
import type { LogSink } from "./reward-server.js";

/** Answers chat requests: what {@link createPolicyServer} serves. */
export interface ChatResponder {
  /** Model names clients may ask for (listed by `GET /v1/models`). */
  readonly models: readonly string[];
  /** The assistant's reply text. Throw core's UnknownIdError for an unknown model, BadInputError for a request it cannot answer. */
  respond(request: ChatRequest): Promise<string>;
}

/** Options of {@link createPolicyServer}. */
export interface PolicyServerOptions {
  readonly responder: ChatResponder;
  /** When set, `/v1/*` needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Largest request body in bytes (default 64 MiB: several full-size images as base64). */
  readonly bodyLimitBytes?: number;
  /** Access log sink (JSON lines). */
  readonly log?: LogSink;
}

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(expected).digest());
}

const openAIError = (message: string, type: string) => ({ error: { message, type, param: null, code: null } });

/**
 * An OpenAI-compatible chat-completions server in front of a {@link ChatResponder}:
 * `POST /v1/chat/completions` (non-streaming), `GET /v1/models`, `GET /health`. Errors use
 * OpenAI's `{error: {message, type}}` shape, so official clients report them as usual; an
 * unknown model is a 404, as on OpenAI.
 *
 * @example
 * ```ts
 * const app = createPolicyServer({ responder: policyResponder(policy, served) });
 * await app.listen({ host: "127.0.0.1", port: 8001 });
 * // ssl4rl eval --endpoint http://127.0.0.1:8001/v1 --model vision/rotation --task vision/rotation
 * ```
 */
export function createPolicyServer(options: PolicyServerOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024 * 1024,
    logger: options.log ? { level: "info", stream: options.log } : false,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  let served = 0;

  app.addHook("onRequest", async (request, reply) => {
    if (options.token === undefined || !request.url.startsWith("/v1/")) return undefined;
    const header = request.headers.authorization ?? "";
    if (!header.startsWith("Bearer ") || !sameSecret(header.slice(7), options.token)) {
      return reply.code(401).send(openAIError("missing or wrong bearer token", "invalid_request_error"));
    }
    return undefined;
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 }, "access");
  });
  app.setErrorHandler(async (error: unknown, request, reply) => {
    if (error instanceof ChatRequestError) return reply.code(error.status).send(openAIError(error.message, "invalid_request_error"));
    if (error instanceof UnknownIdError) return reply.code(404).send(openAIError(error.message, "invalid_request_error"));
    if (error instanceof BadInputError) return reply.code(400).send(openAIError(error.message, "invalid_request_error"));
    const e = error as { statusCode?: number; message?: string };
    if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send(openAIError(e.message ?? "bad request", "invalid_request_error"));
    request.log.error({ err: error }, "policy failed");
    return reply.code(500).send(openAIError("the policy failed on this request; see the server log", "server_error"));
  });

  app.get("/health", async () => ({ status: "ok", models: options.responder.models }));
  app.get("/v1/models", async () => ({
    object: "list",
    data: options.responder.models.map((id) => ({ id, object: "model", created: 0, owned_by: "ssl4rl" })),
  }));
  app.post("/v1/chat/completions", async (request) => {
    const chat = parseChatRequest(request.body);
    const content = await options.responder.respond(chat);
    served++;
    return {
      id: `chatcmpl-ssl4rl-${served}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
      // A tensor policy reads no tokens; zero counts keep clients that sum usage working.
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
  });
  return app;
}
