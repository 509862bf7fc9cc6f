import { BadInputError } from "@ssl4rl/core";
import { createRewardServer, REWARD_SERVER_DEFAULTS } from "@ssl4rl/engines";
import type { Command } from "commander";
import type { CliContext } from "../context.js";

interface ServeRewardOptions {
  host: string;
  port: string;
  token?: string;
  bodyLimitMb: string;
  maxResponseChars: string;
  maxResponseTags: string;
  maxBatch: string;
  accessLog: boolean;
  graceSeconds: string;
}

function positive(text: string, field: string, integer = true): number {
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new BadInputError({ field, expected: integer ? "a positive integer" : "a positive number", got: text });
  return n;
}

/**
 * `ssl4rl serve-reward`: the remote reward server (OpenRLHF's protocol on `/get_reward`,
 * plain batches on `/score`, `/health`). Runs until SIGINT or SIGTERM, then finishes the
 * requests in flight (for at most the grace period) and exits 0.
 */
export function registerServeRewardCommand(program: Command, ctx: CliContext): void {
  program
    .command("serve-reward")
    .description("serve every loaded task's reward over HTTP (OpenRLHF remote reward protocol and plain JSON batches)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", "8000")
    .option("--token <token>", "require Authorization: Bearer <token> (default: $SSL4RL_REWARD_TOKEN, else no auth)")
    .option("--body-limit-mb <mb>", "largest request body", String(REWARD_SERVER_DEFAULTS.bodyLimitBytes / 1024 / 1024))
    .option("--max-response-chars <n>", "longest response scored; longer ones get 413", String(REWARD_SERVER_DEFAULTS.maxResponseChars))
    .option("--max-response-tags <n>", "most <answer>/<think> opening tags in one response; more get 422", String(REWARD_SERVER_DEFAULTS.maxResponseTags))
    .option("--max-batch <n>", "most responses per request", String(REWARD_SERVER_DEFAULTS.maxBatchItems))
    .option("--no-access-log", "do not write JSON access logs to stderr")
    .option("--grace-seconds <s>", "on shutdown, how long requests in flight may take", "10")
    .action(async (opts: ServeRewardOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadInputError({ field: "--port", expected: "an integer 0..65535", got: opts.port });
      const registry = await ctx.registry();
      const token = opts.token ?? process.env.SSL4RL_REWARD_TOKEN;
      const app = createRewardServer({
        registry,
        ...(token ? { token } : {}),
        bodyLimitBytes: Math.round(positive(opts.bodyLimitMb, "--body-limit-mb", false) * 1024 * 1024),
        maxResponseChars: positive(opts.maxResponseChars, "--max-response-chars"),
        maxResponseTags: positive(opts.maxResponseTags, "--max-response-tags"),
        maxBatchItems: positive(opts.maxBatch, "--max-batch"),
        ...(opts.accessLog ? { log: { write: (line: string) => ctx.io.err(line) } } : {}),
      });
      const grace = positive(opts.graceSeconds, "--grace-seconds", false);
      const address = await app.listen({ host: opts.host, port });
      ctx.io.out(`reward server listening on ${address} (${registry.tasks().length} tasks${token ? ", bearer token required" : ""}): POST /get_reward, POST /score, GET /health\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          ctx.io.out(`${signal}: finishing requests in flight, then stopping\n`);
          // Keep-alive clients that never hang up must not hold the shutdown past the grace period.
          const force = setTimeout(() => app.server.closeAllConnections(), grace * 1000);
          force.unref();
          void app.close().then(() => {
            clearTimeout(force);
            resolve();
          });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      ctx.io.out("reward server stopped\n");
    });
}
