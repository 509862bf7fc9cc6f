import { type ChatMessage, IMAGE_PLACEHOLDER } from "@ssl4rl/core";

/** An image a client sent, still encoded. */
export interface ChatImage {
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/**
 * A chat-completions request in core's prompt form: message texts with one `<image>`
 * placeholder where each image part was, and the images in that order.
 */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly images: readonly ChatImage[];
}

/** A 4xx problem with a request, with the field it concerns. */
export class ChatRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ROLES = new Set(["system", "user", "assistant"]);
const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an OpenAI chat-completions body: `model`, `messages` whose `content` is a string or
 * a list of `text` and `image_url` parts. Images must be `data:` URLs (a policy server fetches
 * nothing). Streaming and `n > 1` are refused with a clear 400.
 */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isRecord(body)) throw new ChatRequestError(400, "body: expected a JSON object {model, messages}");
  if (typeof body.model !== "string" || body.model === "") throw new ChatRequestError(400, 'field "model": expected a model name');
  if (body.stream === true) throw new ChatRequestError(400, 'field "stream": streaming is not supported; send stream: false');
  if (body.n !== undefined && body.n !== null && body.n !== 1) throw new ChatRequestError(400, 'field "n": only n = 1 is supported');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw new ChatRequestError(400, 'field "messages": expected a non-empty array');
  const images: ChatImage[] = [];
  const messages: ChatMessage[] = body.messages.map((raw, i) => {
    if (!isRecord(raw) || typeof raw.role !== "string" || !ROLES.has(raw.role)) {
      throw new ChatRequestError(400, `field "messages[${i}].role": expected system, user or assistant`);
    }
    const role = raw.role as ChatMessage["role"];
    if (typeof raw.content === "string") return { role, content: raw.content };
    if (!Array.isArray(raw.content)) throw new ChatRequestError(400, `field "messages[${i}].content": expected a string or an array of parts`);
    let text = "";
    for (const [j, part] of raw.content.entries()) {
      const where = `messages[${i}].content[${j}]`;
      if (isRecord(part) && part.type === "text" && typeof part.text === "string") {
        text += part.text;
      } else if (isRecord(part) && part.type === "image_url" && isRecord(part.image_url) && typeof part.image_url.url === "string") {
        const url = part.image_url.url;
        const m = DATA_URL.exec(url);
        if (!m) throw new ChatRequestError(400, `field "${where}.image_url.url": expected a data:<mime>;base64,... URL (this server fetches nothing)`);
        images.push({ mimeType: m[1]!.toLowerCase(), bytes: new Uint8Array(Buffer.from(url.slice(m[0].length), "base64")) });
        text += IMAGE_PLACEHOLDER;
      } else {
        throw new ChatRequestError(400, `field "${where}": expected {type: "text", text} or {type: "image_url", image_url: {url}}`);
      }
    }
    return { role, content: text };
  });
  return { model: body.model, messages, images };
}
