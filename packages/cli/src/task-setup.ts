import { type AnyTask, BadInputError, parseSeed, type Registry, resolveTaskOptions, type SampleSource, SkipCounter } from "@ssl4rl/core";
import type { CliContext } from "./context.js";
import { defaultSource } from "./default-source.js";

/** Parses a `--options` flag (task options as a JSON object); absent means `{}`. */
export function parseOptionsFlag(text: string | undefined, field = "--options"): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadInputError({ field, expected: "a JSON object, e.g. '{\"granularity\":45}'", got: text });
  }
}

/** What a command that makes episodes of one task needs. */
export interface TaskSetup {
  readonly registry: Registry;
  readonly task: AnyTask;
  /** Validated options, defaults filled. */
  readonly options: unknown;
  readonly seed: number | string;
  readonly skips: SkipCounter;
  readonly source: SampleSource;
}

/**
 * The shared start of `make`, `preview`, `export` and `eval`: the task by id, its options
 * from `--options`, the seed, and the source (`--source`, else the modality's default).
 */
export async function setUpTask(ctx: CliContext, flags: { task: string; options?: string; source?: string; seed: string }): Promise<TaskSetup> {
  const registry = await ctx.registry();
  const task = registry.task(flags.task);
  const options = resolveTaskOptions(task, parseOptionsFlag(flags.options), "--options");
  const seed = parseSeed(flags.seed);
  const skips = new SkipCounter();
  const source = await defaultSource(registry, task.modality, flags.source, { seed, skips });
  return { registry, task, options, seed, skips, source };
}
