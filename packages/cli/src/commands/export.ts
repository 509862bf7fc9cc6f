import { BadInputError, generateEpisodes } from "@ssl4rl/core";
import { EXPORT_FORMATS, type ExportFormat, exportEpisodes } from "@ssl4rl/engines";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { setUpTask } from "../task-setup.js";

interface ExportCommandOptions {
  task: string;
  source?: string;
  count: string;
  testCount?: string;
  seed: string;
  format: string;
  out: string;
  options?: string;
  rowGroupSize: string;
}

function nonNegativeInt(text: string, field: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new BadInputError({ field, expected: `an integer >= ${min}`, got: text });
  return n;
}

/**
 * `ssl4rl export`: streams episodes into train/test files for verl, EasyR1 (parquet with the
 * images embedded) or JSONL. The test split takes the episodes right after the train ones,
 * so the two share no source sample.
 */
export function registerExportCommand(program: Command, ctx: CliContext): void {
  program
    .command("export")
    .description("write train/test files that verl or EasyR1 read unchanged (parquet, images embedded) or JSONL")
    .requiredOption("--task <id>", "task id, e.g. vision/rotation")
    .option("--source <spec>", "source spec, e.g. synthetic, folder:DIR, cora:DIR (default: the modality's synthetic source)")
    .requiredOption("--count <n>", "train episodes")
    .option("--test-count <n>", "test episodes, taken after the train ones (default: a tenth of --count)")
    .option("--seed <seed>", "seed", "0")
    .option("--format <format>", `one of ${EXPORT_FORMATS.join(", ")}`, "verl")
    .requiredOption("--out <dir>", "output directory")
    .option("--options <json>", "task options as JSON, e.g. '{\"granularity\":45}'")
    .option("--row-group-size <n>", "rows per parquet row group (the most rows held in memory)", "256")
    .action(async (opts: ExportCommandOptions) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new BadInputError({ field: "--format", expected: `one of ${EXPORT_FORMATS.join(", ")}`, got: opts.format });
      }
      const trainCount = nonNegativeInt(opts.count, "--count", 1);
      const testCount = opts.testCount !== undefined ? nonNegativeInt(opts.testCount, "--test-count") : Math.round(trainCount / 10);
      const rowGroupSize = nonNegativeInt(opts.rowGroupSize, "--row-group-size", 1);
      const { task, options, seed, skips, source } = await setUpTask(ctx, opts);
      const episodes = generateEpisodes(task, source, { seed, count: trainCount + testCount, options, skips });
      const result = await exportEpisodes({
        format: opts.format as ExportFormat,
        outDir: opts.out,
        episodes,
        trainCount,
        testCount,
        seed,
        modality: task.modality,
        rowGroupSize,
        manifest: { task: task.id, taskVersion: task.version, options: options as never, source: source.description, skipped: skips.byReason() },
        onRowGroup: ({ split, written }) => {
          if (ctx.verbose) ctx.io.err(`${split}: ${written} rows\n`);
        },
      });
      for (const file of result.files) ctx.io.out(`${file.split}: ${file.rows} rows -> ${file.path}\n`);
      ctx.io.out(`manifest: ${result.manifestPath}\n`);
      if (skips.total > 0) for (const line of skips.summary()) ctx.io.err(`skipped: ${line}\n`);
      const written = result.files.reduce((n, f) => n + f.rows, 0);
      if (written < trainCount + testCount) ctx.io.err(`note: the source ran out after ${written} of ${trainCount + testCount} episodes\n`);
    });
}
