import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  BadInputError,
  type Episode,
  generateEpisodes,
  IMAGE_PLACEHOLDER,
  type RawImage,
} from "@ssl4rl/core";
import type { Command } from "commander";
import sharp from "sharp";
import { writeFileAtomic } from "@ssl4rl/core";
import type { CliContext } from "../context.js";
import { setUpTask } from "../task-setup.js";

interface PreviewOptions {
  task: string;
  source?: string;
  seed: string;
  index: string;
  options?: string;
  out: string;
  height: string;
}

const PAD = 12;
const LABEL_HEIGHT = 22;
const FOOTER_HEIGHT = 54;

/** One picture of the row: PNG bytes with its size. */
interface Cell {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly label: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The label of each image: the text before its placeholder on the same line of the prompt
 * ("Tile 3:", "Candidate B:"), so the picture uses the words the model reads.
 */
export function imageLabels(prompt: string, count: number): string[] {
  const labels: string[] = [];
  for (const line of prompt.split("\n")) {
    let rest = line;
    let at = rest.indexOf(IMAGE_PLACEHOLDER);
    while (at !== -1) {
      labels.push(rest.slice(0, at).replace(/[:\s]+$/, "").trim());
      rest = rest.slice(at + IMAGE_PLACEHOLDER.length);
      at = rest.indexOf(IMAGE_PLACEHOLDER);
    }
  }
  return Array.from({ length: count }, (_, i) => labels[i] || `image ${i + 1}`);
}

/** The episode's pictures, scaled to `height`: the prompt images, else the tensor images. */
async function cells(episode: Episode<{ readonly kind: string }>, height: number): Promise<Cell[]> {
  const prompt = episode.prompt.messages.map((m) => m.content).join("\n");
  const sources: sharp.Sharp[] = [];
  if (episode.prompt.images.length > 0) {
    for (const image of episode.prompt.images) sources.push(sharp(image.bytes));
  } else {
    const observation = episode.observation as { kind: string; images?: readonly RawImage[] };
    for (const image of observation.images ?? []) {
      const bytes = new Uint8Array(image.data.length);
      // Tensor images are float in [0, 1]; decoded ones are already 8-bit.
      for (let i = 0; i < bytes.length; i++) bytes[i] = image.data instanceof Float32Array ? Math.round(Math.min(1, Math.max(0, image.data[i]!)) * 255) : image.data[i]!;
      sources.push(sharp(bytes, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 } }));
    }
  }
  if (sources.length === 0) {
    throw new BadInputError({
      field: "--task",
      expected: "a task whose episodes have images (prompt images or an images observation)",
      got: episode.taskId,
      hint: "Preview draws image tasks such as vision/rotation; use ssl4rl make for other tasks",
    });
  }
  const labels = imageLabels(prompt, sources.length);
  return Promise.all(
    sources.map(async (s, i) => {
      // Small images (tensors, tiles) are enlarged with nearest neighbour so pixels stay visible.
      const { data, info } = await s.resize({ height, width: height * 2, fit: "inside", kernel: "nearest" }).png().toBuffer({ resolveWithObject: true });
      return { png: data, width: info.width, height: info.height, label: labels[i]! };
    }),
  );
}

/** Lays the cells out in one labelled row with the answer beneath; returns PNG bytes. */
export async function previewSheet(episode: Episode<{ readonly kind: string }>, height = 192): Promise<Buffer> {
  const row = await cells(episode, height);
  const width = Math.max(360, PAD + row.reduce((sum, c) => sum + c.width + PAD, 0));
  const total = PAD + LABEL_HEIGHT + height + PAD + FOOTER_HEIGHT;
  let x = PAD;
  const texts: string[] = [];
  const composites: sharp.OverlayOptions[] = [];
  for (const c of row) {
    texts.push(`<text x="${x}" y="${PAD + 15}" font-family="sans-serif" font-size="14" fill="#222">${escapeXml(c.label)}</text>`);
    composites.push({ input: c.png, left: x, top: PAD + LABEL_HEIGHT });
    x += c.width + PAD;
  }
  const footerTop = PAD + LABEL_HEIGHT + height + PAD;
  texts.push(`<text x="${PAD}" y="${footerTop + 20}" font-family="sans-serif" font-size="18" font-weight="bold" fill="#000">answer: ${escapeXml(episode.answer)}</text>`);
  texts.push(`<text x="${PAD}" y="${footerTop + 42}" font-family="sans-serif" font-size="12" fill="#555">${escapeXml(`${episode.id} (${episode.taskId} v${episode.taskVersion})`)}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}">${texts.join("")}</svg>`;
  composites.push({ input: Buffer.from(svg), left: 0, top: 0 });
  return sharp({ create: { width, height: total, channels: 3, background: "#ffffff" } }).composite(composites).png().toBuffer();
}

function parseIndex(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new BadInputError({ field: "--index", expected: "a non-negative integer", got: text });
  return n;
}

/**
 * `ssl4rl preview`: draws one episode as a PNG (its images in a labelled row, the answer
 * beneath) for people to check what a task asks.
 */
export function registerPreviewCommand(program: Command, ctx: CliContext): void {
  program
    .command("preview")
    .description("write one episode of an image task as a PNG: its images in a labelled row, the answer beneath")
    .requiredOption("--task <id>", "task id, e.g. vision/jigsaw")
    .option("--source <spec>", "source spec, e.g. synthetic, folder:DIR (default: the modality's synthetic source)")
    .option("--seed <seed>", "seed", "0")
    .option("--index <n>", "which episode of the seeded stream to draw (0 = the first)", "0")
    .option("--options <json>", "task options as JSON, e.g. '{\"grid\":3}'")
    .option("--height <px>", "height of each drawn image", "192")
    .requiredOption("--out <file>", "PNG file to write")
    .action(async (opts: PreviewOptions) => {
      const index = parseIndex(opts.index);
      const height = Number(opts.height);
      if (!Number.isInteger(height) || height < 16 || height > 2048) throw new BadInputError({ field: "--height", expected: "an integer from 16 to 2048", got: opts.height });
      const { task, options, seed, skips, source } = await setUpTask(ctx, opts);
      let chosen: Episode<{ readonly kind: string }> | undefined;
      let n = 0;
      for await (const episode of generateEpisodes(task, source, { seed, count: index + 1, options, skips })) {
        if (n++ === index) chosen = episode;
      }
      if (chosen === undefined) {
        throw new BadInputError({ field: "--index", expected: `an episode the source can make (it made ${n})`, got: index, hint: skips.summary().join("; ") || "Use a larger source" });
      }
      const png = await previewSheet(chosen, height);
      const out = resolve(ctx.cwd, opts.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFileAtomic(out, png);
      ctx.io.out(`wrote ${out}: ${chosen.id}, answer ${chosen.answer}\n`);
      for (const line of skips.summary()) ctx.io.err(`skipped: ${line}\n`);
    });
}
