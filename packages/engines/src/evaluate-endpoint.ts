import { type AnyTask, BadConfigError, type Episode, type JsonObject, type Reward } from "@ssl4rl/core";
import OpenAI, { APIConnectionError, APIError } from "openai";
import { toOpenAIMessages } from "./openai-messages.js";
import { type EvalErrorRecord, type EvalResultRecord, ResultsFile } from "./results-file.js";
import { type EvalSummary, summarizeResults } from "./eval-summary.js";

/** Options of {@link evaluateEndpoint}. */
export interface EvaluateOptions {
  /** Base URL of an OpenAI-compatible server, e.g. `http://127.0.0.1:8000/v1` (`/v1` is added to a bare host). */
  readonly endpoint: string;
  readonly model: string;
  /** Sent as the bearer token; local servers ignore it. */
  readonly apiKey?: string;
  readonly task: AnyTask;
  /** The task's validated options (they give the answer space). */
  readonly taskOptions: unknown;
  readonly reward: Reward;
  /** The episodes to ask, in order; ones already in the results file are skipped, not sent. */
  readonly episodes: AsyncIterable<Episode<{ readonly kind: string }>>;
  /** Resumable JSONL results file. */
  readonly resultsPath: string;
  /** What identifies the run in the results file (task, model, seed, source, options). */
  readonly identity: JsonObject;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Extra tries after a timeout, a connection error, 408/409/429 or a 5xx (default 3). */
  readonly retries?: number;
  /** Per-request timeout in ms (default 120,000). */
  readonly timeoutMs?: number;
  /** First backoff in ms, doubled per retry (default 500). */
  readonly backoffMs?: number;
  readonly maxTokens?: number;
  /** Sampling temperature (default 0: greedy, for a repeatable measurement). */
  readonly temperature?: number;
  /** Called after each episode finishes (scored or failed). */
  readonly onProgress?: (done: number, record: EvalResultRecord | EvalErrorRecord) => void;
  readonly signal?: AbortSignal;
}

/** What {@link evaluateEndpoint} returns. */
export interface EvaluateResult extends EvalSummary {
  /** Episodes answered in this call (the rest came from the results file). */
  readonly asked: number;
  readonly resumed: number;
}

function normaliseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new BadConfigError({ field: "--endpoint", expected: "an http(s) URL such as http://127.0.0.1:8000/v1", got: endpoint });
  }
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
  return url.toString().replace(/\/$/, "");
}

function retryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true; // includes timeouts
  if (error instanceof APIError) return error.status === 408 || error.status === 409 || error.status === 429 || (error.status ?? 0) >= 500;
  return false;
}

function fatal(error: unknown): boolean {
  // Every episode would fail the same way: stop the run instead of recording thousands of errors.
  return error instanceof APIError && (error.status === 401 || error.status === 403 || error.status === 404);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener("abort", wake, { once: true });
  });
}

/**
 * Asks an OpenAI-compatible chat-completions endpoint every episode's prompt (text and
 * images), scores the replies with the task's reward and returns accuracy, valid-format rate
 * and a confusion table. Results go to a JSONL file as they come; rerunning with the same file
 * picks up where a crash or Ctrl-C stopped.
 *
 * @example
 * ```ts
 * const summary = await evaluateEndpoint({
 *   endpoint: "http://127.0.0.1:8000/v1", model: "Qwen/Qwen2.5-VL-3B-Instruct",
 *   task, taskOptions, reward: registry.rewardFor(task), episodes, resultsPath: "eval.jsonl",
 *   identity: { task: task.id, model: "Qwen/Qwen2.5-VL-3B-Instruct", seed: 0 },
 * });
 * console.log(summary.accuracy, summary.validRate);
 * ```
 */
export async function evaluateEndpoint(options: EvaluateOptions): Promise<EvaluateResult> {
  const concurrency = options.concurrency ?? 4;
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 500;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new BadConfigError({ field: "--concurrency", expected: "an integer >= 1", got: concurrency });
  if (!Number.isInteger(retries) || retries < 0) throw new BadConfigError({ field: "--retries", expected: "an integer >= 0", got: retries });
  const client = new OpenAI({
    baseURL: normaliseEndpoint(options.endpoint),
    apiKey: options.apiKey ?? "not-needed",
    // Retries are ours, so each attempt is counted and the backoff is the documented one.
    maxRetries: 0,
    timeout: options.timeoutMs ?? 120_000,
  });
  const answerSpace = options.task.answerSpace(options.taskOptions);
  const file = await ResultsFile.open(options.resultsPath, options.identity);
  const done = file.done;
  const finished = new Map<string, EvalResultRecord | EvalErrorRecord>();
  let asked = 0;
  let resumed = 0;
  let progress = 0;
  let stop: unknown;
  // One listener on the caller's signal aborts every request in flight; a listener per request
  // on that one signal would pile up over a long run.
  const inFlight = new Set<AbortController>();
  const abortAll = () => inFlight.forEach((c) => c.abort());
  options.signal?.addEventListener("abort", abortAll, { once: true });

  const ask = async (episode: Episode<{ readonly kind: string }>, index: number): Promise<EvalResultRecord | EvalErrorRecord> => {
    const messages = toOpenAIMessages(episode);
    let attempts = 0;
    for (;;) {
      attempts++;
      const started = performance.now();
      const controller = new AbortController();
      inFlight.add(controller);
      try {
        const completion = await client.chat.completions.create(
          {
            model: options.model,
            messages,
            temperature: options.temperature ?? 0,
            ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
          },
          { signal: controller.signal },
        );
        const text = completion.choices[0]?.message?.content ?? "";
        const result = await options.reward.score(text, { taskId: episode.taskId, answer: episode.answer, ...(answerSpace ? { answerSpace } : {}) });
        return {
          type: "result", index, id: episode.id, truth: episode.answer, response: text,
          answer: result.answer ?? null, valid: result.valid, score: result.score, components: result.components,
          attempts, latencyMs: Math.round(performance.now() - started),
        };
      } catch (error) {
        if (fatal(error)) throw new BadConfigError({ field: "--endpoint/--model/--api-key", expected: "an endpoint that serves the model", got: (error as Error).message, hint: "Check the URL (with /v1), the model name and the key", cause: error });
        if (!retryable(error) || attempts > retries || options.signal?.aborted) {
          return { type: "error", index, id: episode.id, error: (error as Error).message ?? String(error), attempts };
        }
        await sleep(backoff * 2 ** (attempts - 1), options.signal);
      } finally {
        inFlight.delete(controller);
      }
    }
  };

  const iterator = options.episodes[Symbol.asyncIterator]();
  let position = 0;
  const worker = async () => {
    while (stop === undefined && !options.signal?.aborted) {
      // Async generators queue concurrent next() calls, so workers share one stream safely.
      const next = await iterator.next();
      if (next.done) return;
      const index = position++;
      const episode = next.value;
      if (done.has(episode.id)) {
        finished.set(episode.id, file.previous.get(episode.id)!);
        resumed++;
        continue;
      }
      try {
        const record = await ask(episode, index);
        // A request cut short by Ctrl-C is not a failure of the endpoint: leave no trace, resume asks again.
        if (record.type === "error" && options.signal?.aborted) return;
        await file.append(record);
        finished.set(episode.id, record);
        asked++;
        options.onProgress?.(++progress, record);
      } catch (error) {
        stop ??= error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    options.signal?.removeEventListener("abort", abortAll);
    await file.close();
  }
  if (stop !== undefined) throw stop;
  const records = [...finished.values()];
  const results = records.filter((r): r is EvalResultRecord => r.type === "result").sort((a, b) => a.index - b.index);
  const failed = records.length - results.length;
  return { ...summarizeResults(results, failed, answerSpace), asked, resumed };
}
