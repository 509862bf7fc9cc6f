import { deflateSync } from "node:zlib";
import { definePlugin, defineTask, type EncodedImage, z } from "@ssl4rl/core";

/** A two-answer task scored by core's exact-match reward. */
export const coinTask = defineTask({
  id: "test/coin",
  version: "1.0.0",
  modality: "vector",
  description: "heads or tails",
  rewardId: "exact-match",
  options: z.object({}),
  answerSpace: () => ["heads", "tails"],
  makeEpisode: ({ rng, seed, index }) => {
    const k = rng.int(2);
    return {
      id: `test/coin:${seed}:${index}`,
      taskId: "test/coin",
      taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values: new Float32Array([k]) },
      prompt: { messages: [{ role: "user" as const, content: `The coin shows ${k === 0 ? "H" : "T"}. Answer heads or tails in <answer></answer>.` }], images: [] },
      answer: ["heads", "tails"][k]!,
      answerIndex: k,
      metadata: { seed, k },
    };
  },
});

/** A four-slot order task scored by core's slot-match reward (jigsaw-like partial credit). */
export const slotsTask = defineTask({
  id: "test/slots",
  version: "1.0.0",
  modality: "vector",
  description: "order four items",
  rewardId: "slot-match",
  options: z.object({}),
  answerSpace: () => undefined,
  makeEpisode: ({ rng, seed, index }) => {
    const order = rng.permutation(4).map((i) => i + 1);
    return {
      id: `test/slots:${seed}:${index}`,
      taskId: "test/slots",
      taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values: Float32Array.from(order) },
      prompt: { messages: [{ role: "user" as const, content: `Order: ${order.join(" ")}` }], images: [] },
      answer: order.join(","),
      metadata: { seed },
    };
  },
});

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A valid grayscale PNG of `size`×`size` filled with `value`, made without any image library. */
export function tinyPng(size: number, value: number): EncodedImage {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "ascii");
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  const raw = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) raw.fill(value, y * (size + 1) + 1, (y + 1) * (size + 1));
  const bytes = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array())]);
  return { mimeType: "image/png", bytes: new Uint8Array(bytes), width: size, height: size };
}

/** An image task: which of the k shown gray squares is the brightest? k varies by episode. */
export const brightestTask = defineTask({
  id: "test/brightest",
  version: "1.0.0",
  modality: "vision",
  description: "which image is brightest",
  rewardId: "exact-match",
  options: z.object({ maxImages: z.number().int().min(2).default(4) }),
  answerSpace: ({ maxImages }) => Array.from({ length: maxImages }, (_, i) => String(i + 1)),
  makeEpisode: ({ rng, seed, index }, { maxImages }) => {
    const k = 2 + rng.int(maxImages - 1);
    const values = rng.sampleDistinct(250, k).map((v) => v + 3);
    const best = values.indexOf(Math.max(...values));
    const images = values.map((v) => tinyPng(4, v));
    return {
      id: `test/brightest:${seed}:${index}`,
      taskId: "test/brightest",
      taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values: Float32Array.from(values) },
      prompt: {
        messages: [
          { role: "system" as const, content: "You look at images." },
          { role: "user" as const, content: `${images.map((_, i) => `Image ${i + 1}: <image>`).join("\n")}\nWhich is brightest? Answer in <answer></answer>.` },
        ],
        images,
      },
      answer: String(best + 1),
      answerIndex: best,
      metadata: { seed, values },
    };
  },
});

/** The test tasks as a plugin. */
export const testPlugin = definePlugin({ name: "engines-test-tasks", version: "0.0.0", tasks: [coinTask, slotsTask, brightestTask] });
