import { BadInputError, generateEpisodes } from "@ssl4rl/core";
import { evaluateEndpoint } from "@ssl4rl/engines";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { formatTable } from "../table.js";
import { setUpTask } from "../task-setup.js";

interface EvalOptions {
  endpoint: string;
  model: string;
  task: string;
  source?: string;
  count: string;
  seed: string;
  options?: string;
  results?: string;
  concurrency: string;
  retries: string;
  timeout: string;
  maxTokens?: string;
  temperature: string;
  apiKey?: string;
  json?: boolean;
}

function integer(text: string, field: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new BadInputError({ field, expected: `an integer >= ${min}`, got: text });
  return n;
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_");

/**
 * `ssl4rl eval`: asks an OpenAI-compatible chat-completions endpoint (vLLM, Ollama, llama.cpp,
 * a hosted API, `ssl4rl serve-policy`) every episode's prompt with its images, scores the
 * answers with the task's reward and prints accuracy, valid-format rate and a confusion table.
 * Rerun the same command to resume after a crash.
 */
export function registerEvalCommand(program: Command, ctx: CliContext): void {
  program
    .command("eval")
    .description("evaluate a served model (OpenAI-compatible chat completions) on a task: accuracy, valid-format rate, confusion table")
    .requiredOption("--endpoint <url>", "base URL, e.g. http://127.0.0.1:8000/v1 (/v1 is added to a bare host)")
    .requiredOption("--model <name>", "model name the server knows")
    .requiredOption("--task <id>", "task id, e.g. vision/rotation")
    .option("--source <spec>", "source spec (default: the modality's synthetic source)")
    .option("--count <n>", "episodes", "100")
    .option("--seed <seed>", "seed", "0")
    .option("--options <json>", "task options as JSON")
    .option("--results <file>", "resumable results JSONL (default: eval-<task>-<model>-seed<seed>.jsonl)")
    .option("--concurrency <n>", "requests in flight at once", "4")
    .option("--retries <n>", "extra tries after timeouts, connection errors, 429 and 5xx (exponential backoff)", "3")
    .option("--timeout <seconds>", "per-request timeout", "120")
    .option("--max-tokens <n>", "max_tokens of each completion")
    .option("--temperature <t>", "sampling temperature", "0")
    .option("--api-key <key>", "bearer key (default: $OPENAI_API_KEY)")
    .option("--json", "print the summary as JSON")
    .action(async (opts: EvalOptions) => {
      const count = integer(opts.count, "--count", 1);
      const timeout = Number(opts.timeout);
      if (!(timeout > 0)) throw new BadInputError({ field: "--timeout", expected: "a positive number of seconds", got: opts.timeout });
      const temperature = Number(opts.temperature);
      if (!(temperature >= 0)) throw new BadInputError({ field: "--temperature", expected: "a number >= 0", got: opts.temperature });
      const { registry, task, options: taskOptions, seed, skips, source } = await setUpTask(ctx, opts);
      const resultsPath = opts.results ?? `eval-${slug(task.id)}-${slug(opts.model)}-seed${slug(String(seed))}.jsonl`;
      const apiKey = opts.apiKey ?? process.env.OPENAI_API_KEY;
      const controller = new AbortController();
      const interrupt = () => controller.abort();
      process.once("SIGINT", interrupt);
      let summary;
      try {
        summary = await evaluateEndpoint({
          endpoint: opts.endpoint,
          model: opts.model,
          ...(apiKey ? { apiKey } : {}),
          task,
          taskOptions,
          reward: registry.rewardFor(task),
          episodes: generateEpisodes(task, source, { seed, count, options: taskOptions, skips }),
          resultsPath,
          identity: { task: task.id, taskVersion: task.version, model: opts.model, seed, source: opts.source ?? "(default)", options: taskOptions as never },
          concurrency: integer(opts.concurrency, "--concurrency", 1),
          retries: integer(opts.retries, "--retries", 0),
          timeoutMs: timeout * 1000,
          temperature,
          ...(opts.maxTokens !== undefined ? { maxTokens: integer(opts.maxTokens, "--max-tokens", 1) } : {}),
          signal: controller.signal,
          onProgress: (done) => {
            if (done % 50 === 0) ctx.io.err(`${done} answered\n`);
          },
        });
      } finally {
        process.off("SIGINT", interrupt);
      }
      if (opts.json) {
        ctx.io.out(`${JSON.stringify({ task: task.id, model: opts.model, resultsPath, ...summary })}\n`);
        return;
      }
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      ctx.io.out(`task ${task.id} on ${opts.model} @ ${opts.endpoint}; results: ${resultsPath}\n`);
      ctx.io.out(`scored ${summary.scored} (${summary.asked} asked now, ${summary.resumed} from the results file), failed ${summary.failed}\n`);
      ctx.io.out(`accuracy ${pct(summary.accuracy)}  mean reward ${summary.meanScore.toFixed(4)}  valid format ${pct(summary.validRate)}\n\n`);
      const { truths, predictions, counts } = summary.confusion;
      ctx.io.out("confusion (rows: truth, columns: answer)\n");
      ctx.io.out(formatTable(["truth", ...predictions], truths.map((t, i) => [t, ...counts[i]!.map(String)]), 24));
      if (summary.failed > 0) ctx.io.err(`${summary.failed} episodes failed after every retry; rerun the same command to try them again\n`);
      if (controller.signal.aborted) ctx.io.err("interrupted: rerun the same command to resume\n");
      for (const line of skips.summary()) ctx.io.err(`skipped: ${line}\n`);
    });
}
