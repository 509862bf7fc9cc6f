import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BadConfigError, BadInputError, type Episode, generateEpisodes, type ImageObservation, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import { type ChatRequest, createPolicyServer, policyResponder, type ServedTask } from "@ssl4rl/engines";
import { latestCheckpoint, PolicyNetwork, readCheckpoint, resolveTrainConfig, selectBackend, TensorPolicy } from "@ssl4rl/trainers";
import { decodeImage, tensorImage } from "@ssl4rl/vision-tasks";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { defaultSource } from "../default-source.js";

interface ServePolicyOptions {
  run: string;
  checkpoint?: string;
  host: string;
  port: string;
  token?: string;
  accessLog: boolean;
}

/**
 * How a chat request becomes a vision policy's observation: each image decoded and resized to
 * the tensor size the policy was trained on, exactly as the vision tasks make tensor views.
 * (The policy then sees the image as the client sent it, encoded at display size, rather than
 * the original pixels: close to, not identical with, a training observation.)
 */
function imageObserver(taskId: string, example: Episode<ImageObservation>): ServedTask["observe"] {
  const count = example.observation.images.length;
  const size = example.observation.images[0]?.width ?? 32;
  return async (request: ChatRequest) => {
    if (request.images.length !== count) {
      throw new BadInputError({ field: "messages", expected: `${count} images for ${taskId}, as its episodes show`, got: `${request.images.length} images` });
    }
    const images = await Promise.all(
      request.images.map(async (image, k) => {
        try {
          return await tensorImage(await decodeImage(image.bytes), size);
        } catch (error) {
          throw new BadInputError({ field: `image ${k + 1}`, expected: "a decodable PNG, JPEG or WebP image", hint: (error as Error).message, cause: error });
        }
      }),
    );
    return { ...example, id: "request", observation: { kind: "images", images }, answer: "", metadata: {} };
  };
}

/**
 * `ssl4rl serve-policy --run RUN_DIR`: serves the policy of a `ssl4rl train` run (its newest
 * checkpoint) behind the OpenAI chat-completions API, one model per trained vision task
 * (the model name is the task id), answering in the `<answer>` format. Graph and vector tasks
 * are not served: their observations cannot be rebuilt from a chat request.
 */
export function registerServePolicyCommand(program: Command, ctx: CliContext): void {
  program
    .command("serve-policy")
    .description("serve a trained policy (ssl4rl train run) behind the OpenAI chat-completions API")
    .requiredOption("--run <dir>", "run directory written by ssl4rl train")
    .option("--checkpoint <file>", "checkpoint to load (default: the run's newest)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", "8001")
    .option("--token <token>", "require Authorization: Bearer <token> (default: $SSL4RL_POLICY_TOKEN, else no auth)")
    .option("--no-access-log", "do not write JSON access logs to stderr")
    .action(async (opts: ServePolicyOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadInputError({ field: "--port", expected: "an integer 0..65535", got: opts.port });
      const runDir = resolve(ctx.cwd, opts.run);
      const configFile = join(runDir, "config.json");
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(configFile, "utf8"));
      } catch (error) {
        throw new BadInputError({ file: configFile, expected: "the config.json of a run written by ssl4rl train", hint: (error as Error).message, cause: error });
      }
      const config = resolveTrainConfig(raw, configFile);
      const checkpoint = opts.checkpoint !== undefined ? resolve(ctx.cwd, opts.checkpoint) : latestCheckpoint(runDir);
      if (checkpoint === undefined) {
        throw new BadInputError({ file: join(runDir, "checkpoints"), expected: "a checkpoint (step-*.ckpt)", hint: "Train until the first checkpoint is written, or pass --checkpoint" });
      }
      // The policy reads tensor views only, at the size it was trained on.
      if (ctx.pluginOptions.defaults && !ctx.pluginOptions.plugins.some((p) => p.name === "@ssl4rl/vision-tasks")) {
        ctx.pluginOptions.plugins.push({ name: "@ssl4rl/vision-tasks", options: { promptImages: false, tensorSize: config.network.imageSize } });
      }
      const registry = await ctx.registry();
      await selectBackend(config.backend);
      const policy = new TensorPolicy(new PolicyNetwork(config.network, config.seed));
      const served = new Map<string, ServedTask>();
      for (const entry of config.tasks) {
        const task = registry.task(entry.id);
        const options = resolveTaskOptions(task, entry.options, `${configFile} tasks`);
        const skips = new SkipCounter();
        const source = await defaultSource(registry, task.modality, entry.source ?? config.source, { seed: config.seed, skips });
        let example: Episode<{ readonly kind: string }> | undefined;
        for await (const e of generateEpisodes(task, source, { seed: config.seed, count: 1, options, skips })) example = e;
        if (example === undefined) throw new BadInputError({ field: `${task.id} source`, expected: "at least one episode to size the policy's head" });
        // Every task gets its head, so the checkpoint's weights all find their place.
        policy.addTask(task, options, example);
        if (example.observation.kind !== "images") {
          ctx.io.err(`${task.id}: ${example.observation.kind} observations cannot be rebuilt from a chat request; not served\n`);
          continue;
        }
        const answerSpace = task.answerSpace(options);
        served.set(task.id, { task, ...(answerSpace ? { answerSpace } : {}), observe: imageObserver(task.id, example as Episode<ImageObservation>) });
      }
      if (served.size === 0) {
        throw new BadConfigError({ file: configFile, field: "tasks", expected: "at least one vision task", hint: "serve-policy serves image policies; graph and vector observations cannot come from a chat request" });
      }
      policy.network.store.restore((await readCheckpoint(checkpoint)).params);
      const token = opts.token ?? process.env.SSL4RL_POLICY_TOKEN;
      const app = createPolicyServer({
        responder: policyResponder(policy, served),
        ...(token ? { token } : {}),
        ...(opts.accessLog ? { log: { write: (line: string) => ctx.io.err(line) } } : {}),
      });
      const address = await app.listen({ host: opts.host, port });
      ctx.io.out(`policy server listening on ${address}/v1 (models: ${[...served.keys()].join(", ")}; checkpoint ${checkpoint})\n`);
      await new Promise<void>((done) => {
        const stop = (signal: string) => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          ctx.io.out(`${signal}: stopping\n`);
          const force = setTimeout(() => app.server.closeAllConnections(), 10_000);
          force.unref();
          void app.close().then(() => {
            clearTimeout(force);
            done();
          });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      ctx.io.out("policy server stopped\n");
    });
}
