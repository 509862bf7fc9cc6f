import Fastify from "fastify";

/** What the fake model does with one request. */
export type FakeReply = { content: string; delayMs?: number } | { status: number; message: string };

/** A request the fake server received. */
export interface SeenRequest {
  readonly model: string;
  readonly messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] }[];
  readonly temperature?: number;
}

/** The user text of a request (text parts joined). */
export function userText(request: SeenRequest): string {
  return request.messages
    .filter((m) => m.role === "user")
    .map((m) => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("")))
    .join("\n");
}

/**
 * An OpenAI-compatible chat-completions server on loopback whose "model" is a function of the
 * request: tests decide answers, failures and delays, and read back what was sent.
 */
export async function startFakeOpenAI(model: (request: SeenRequest, attempt: number) => FakeReply, servedModel = "fake-vlm") {
  const seen: SeenRequest[] = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  // Requests the client gave up on (timeouts) would otherwise hold close() for the keep-alive timeout.
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true });
  app.post("/v1/chat/completions", async (request, reply) => {
    const body = request.body as SeenRequest;
    if (body.model !== servedModel) return reply.code(404).send({ error: { message: `The model ${body.model} does not exist`, type: "invalid_request_error" } });
    seen.push(body);
    const key = JSON.stringify(body.messages);
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const answer = model(body, attempt);
      if ("status" in answer) return reply.code(answer.status).send({ error: { message: answer.message, type: "server_error" } });
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      return {
        id: `chatcmpl-${seen.length}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: answer.content }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      };
    } finally {
      inFlight--;
    }
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => app.close(),
  };
}
