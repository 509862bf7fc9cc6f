import { BadInputError, type ChatPrompt, type EncodedImage, type Episode, IMAGE_PLACEHOLDER } from "@ssl4rl/core";
import type { ChatCompletionContentPart, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { messagesWithPlaceholders } from "./engine-row.js";

/** An image as a `data:` URL, which every OpenAI-compatible server (vLLM, Ollama, llama.cpp) accepts. */
export function imageDataUrl(image: EncodedImage): string {
  return `data:${image.mimeType};base64,${Buffer.from(image.bytes).toString("base64")}`;
}

/**
 * An episode's prompt as chat-completions messages: each `<image>` placeholder of a user
 * message becomes an `image_url` part at that spot, in order, so the model sees text and
 * images interleaved as the task wrote them. Messages without images stay plain strings.
 *
 * @example
 * ```ts
 * const messages = toOpenAIMessages(episode);
 * await client.chat.completions.create({ model, messages });
 * ```
 */
export function toOpenAIMessages(episode: Episode<{ readonly kind: string }>): ChatCompletionMessageParam[] {
  const prompt: ChatPrompt = { messages: messagesWithPlaceholders(episode), images: episode.prompt.images };
  let next = 0;
  return prompt.messages.map((message): ChatCompletionMessageParam => {
    const pieces = message.content.split(IMAGE_PLACEHOLDER);
    if (pieces.length === 1) return { role: message.role, content: message.content } as ChatCompletionMessageParam;
    if (message.role !== "user") {
      throw new BadInputError({ field: `episode ${episode.id} ${message.role} message`, expected: "images only in user messages (chat-completions allows no others)", hint: `Fix task ${episode.taskId}` });
    }
    const parts: ChatCompletionContentPart[] = [];
    for (const [i, text] of pieces.entries()) {
      if (i > 0) parts.push({ type: "image_url", image_url: { url: imageDataUrl(prompt.images[next++]!) } });
      if (text !== "") parts.push({ type: "text", text });
    }
    return { role: "user", content: parts };
  });
}
