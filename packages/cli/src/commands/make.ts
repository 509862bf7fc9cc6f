import { createWriteStream } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { BadInputError, type Episode, generateEpisodes, writeFileAtomic } from "@ssl4rl/core";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { setUpTask } from "../task-setup.js";

interface MakeOptions {
  task: string;
  source?: string;
  count: string;
  seed: string;
  out: string;
  options?: string;
}

const EXTENSION: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** One JSONL line: everything but the pixels, which go to files named in `images`. */
export function episodeRecord(episode: Episode<{ readonly kind: string }>, imageFiles: readonly string[]): Record<string, unknown> {
  return {
    id: episode.id,
    task: episode.taskId,
    taskVersion: episode.taskVersion,
    prompt: episode.prompt.messages,
    images: imageFiles,
    answer: episode.answer,
    ...(episode.answerIndex !== undefined ? { answerIndex: episode.answerIndex } : {}),
    metadata: episode.metadata,
  };
}

function parsePositiveInt(text: string, field: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new BadInputError({ field, expected: "a positive integer", got: text });
  return n;
}

/**
 * `ssl4rl make`: writes `episodes.jsonl` (one episode a line) and the prompt images under
 * `images/`. The same task, source, options and seed give identical files.
 */
export function registerMakeCommand(program: Command, ctx: CliContext): void {
  program
    .command("make")
    .description("write episodes of a task as JSONL plus image files")
    .requiredOption("--task <id>", "task id, e.g. vision/rotation")
    .option("--source <spec>", "source spec, e.g. synthetic, folder:DIR, cora:DIR (default: the modality's synthetic source)")
    .option("--count <n>", "number of episodes", "100")
    .option("--seed <seed>", "seed", "0")
    .option("--options <json>", "task options as JSON, e.g. '{\"granularity\":45}'")
    .requiredOption("--out <dir>", "output directory")
    .action(async (opts: MakeOptions) => {
      const count = parsePositiveInt(opts.count, "--count");
      const { task, options, seed, skips, source } = await setUpTask(ctx, opts);
      await mkdir(join(opts.out, "images"), { recursive: true });
      const finalPath = join(opts.out, "episodes.jsonl");
      const tempPath = join(opts.out, ".episodes.jsonl.partial");
      const lines = createWriteStream(tempPath);
      let written = 0;
      for await (const episode of generateEpisodes(task, source, { seed, count, options, skips })) {
        const files: string[] = [];
        for (const [k, image] of episode.prompt.images.entries()) {
          const name = `images/${String(written).padStart(6, "0")}-${k}.${EXTENSION[image.mimeType] ?? "bin"}`;
          await writeFileAtomic(join(opts.out, name), image.bytes);
          files.push(name);
        }
        if (!lines.write(`${JSON.stringify(episodeRecord(episode, files))}\n`)) await once(lines, "drain");
        written++;
      }
      lines.end();
      await once(lines, "finish");
      await rename(tempPath, finalPath);
      await writeFileAtomic(
        join(opts.out, "manifest.json"),
        `${JSON.stringify({ task: task.id, taskVersion: task.version, source: source.description, seed, options, episodes: written, skipped: skips.byReason() }, null, 2)}\n`,
      );
      ctx.io.err(`wrote ${written} episodes of ${task.id} to ${finalPath}${skips.total > 0 ? `; skipped ${skips.total}` : ""}\n`);
      for (const line of skips.summary()) ctx.io.err(`  skipped: ${line}\n`);
      if (written < count) ctx.io.err(`note: the source ran out after ${written} of ${count} episodes\n`);
    });
}
