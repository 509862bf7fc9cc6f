import { readFileSync } from "node:fs";
import { BadInputError, resolveTaskOptions } from "@ssl4rl/core";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { parseOptionsFlag } from "../task-setup.js";

interface ScoreOptions {
  task: string;
  truth: string;
  response?: string;
  responseFile?: string;
  options?: string;
}

function readResponse(opts: ScoreOptions): string {
  if (opts.response !== undefined && opts.responseFile !== undefined) {
    throw new BadInputError({ field: "--response / --response-file", expected: "exactly one of the two" });
  }
  if (opts.response !== undefined) return opts.response;
  if (opts.responseFile === undefined) {
    throw new BadInputError({ field: "--response / --response-file", expected: "a response text or a file holding one" });
  }
  try {
    return readFileSync(opts.responseFile === "-" ? 0 : opts.responseFile, "utf8");
  } catch (error) {
    throw new BadInputError({ file: opts.responseFile, expected: "a readable file", hint: (error as Error).message, cause: error });
  }
}

/** `ssl4rl score`: scores one response with a task's reward and prints `{score, components, valid}`. */
export function registerScoreCommand(program: Command, ctx: CliContext): void {
  program
    .command("score")
    .description("score one response against a ground truth with the task's reward")
    .requiredOption("--task <id>", "task id, e.g. vision/rotation")
    .requiredOption("--truth <answer>", "the ground-truth answer in the official format, e.g. 90 or 3,1,4,2")
    .option("--response <text>", "the model's completion text")
    .option("--response-file <file>", "a file holding the completion (- for stdin)")
    .option("--options <json>", "task options as JSON (they decide the answer space)")
    .action(async (opts: ScoreOptions) => {
      const registry = await ctx.registry();
      const task = registry.task(opts.task);
      const options = resolveTaskOptions(task, parseOptionsFlag(opts.options), "--options");
      const response = readResponse(opts);
      const answerSpace = task.answerSpace(options);
      const result = await registry.rewardFor(task).score(response, { taskId: task.id, answer: opts.truth, ...(answerSpace ? { answerSpace } : {}) });
      ctx.io.out(`${JSON.stringify({ score: result.score, components: result.components, valid: result.valid })}\n`);
    });
}
