import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BadConfigError, BadInputError, parseSeed, SkipCounter } from "@ssl4rl/core";
import { GrpoTrainer, type GrpoStepReport, resolveTrainConfig } from "@ssl4rl/trainers";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { CliContext } from "../context.js";
import { defaultSource } from "../default-source.js";
import { CONFIG_FILES, readPluginConfig } from "../plugin-loader.js";

interface TrainFlags {
  config?: string;
  task: string[];
  source?: string;
  steps?: string;
  seed?: string;
  backend?: string;
  out?: string;
  resume?: string;
  batchSize?: string;
  groupSize?: string;
  epochs?: string;
  lr?: string;
  klCoef?: string;
  klEstimator?: string;
  advantage?: string;
  lossAgg?: string;
  entropyCoef?: string;
  clipLow?: string;
  clipHigh?: string;
  gradClip?: string;
  filterDegenerate?: boolean;
  checkpointEvery?: string;
  taskOptions?: string;
  logEvery?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function numberFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new BadInputError({ field: flag, expected: "a number", got: text });
  return n;
}

/** `--task a,b:2 --task c=0.5`: ids with optional weights after `:` or `=`. */
export function parseTaskFlags(values: readonly string[]): { id: string; weight?: number }[] {
  return values
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((item) => {
      const m = /^(.+?)(?:[:=]([0-9.eE+-]+))?$/.exec(item)!;
      const weight = m[2] === undefined ? undefined : Number(m[2]);
      if (weight !== undefined && !(weight > 0)) throw new BadInputError({ field: "--task", expected: "ID or ID:WEIGHT with a positive weight", got: item });
      return weight === undefined ? { id: m[1]! } : { id: m[1]!, weight };
    });
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BadInputError({ file, expected: "a readable training config (JSON or YAML)", hint: (error as Error).message });
  }
  try {
    const raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("not a mapping");
    return raw as Record<string, unknown>;
  } catch (error) {
    throw new BadInputError({ file, expected: file.endsWith(".json") ? "a JSON object" : "a YAML mapping", hint: (error as Error).message });
  }
}

/** Config file first, then every flag given on top of it. */
function configFromFlags(flags: TrainFlags): Record<string, unknown> {
  const raw: Record<string, unknown> = flags.config ? readConfigFile(flags.config) : {};
  const nested = (key: string) => ((raw[key] as Record<string, unknown> | undefined) ??= {}) as Record<string, unknown>;
  if (flags.task.length > 0) {
    let options: Record<string, unknown> = {};
    if (flags.taskOptions !== undefined) {
      try {
        options = JSON.parse(flags.taskOptions);
      } catch {
        throw new BadInputError({ field: "--task-options", expected: "a JSON object of task options", got: flags.taskOptions });
      }
    }
    raw.tasks = parseTaskFlags(flags.task).map((t) => ({ ...t, options }));
  }
  if (flags.source !== undefined) raw.source = flags.source;
  const set = (key: string, value: unknown) => value !== undefined && (raw[key] = value);
  set("steps", numberFlag(flags.steps, "--steps"));
  if (flags.seed !== undefined) raw.seed = parseSeed(flags.seed);
  set("backend", flags.backend);
  set("batchSize", numberFlag(flags.batchSize, "--batch-size"));
  set("groupSize", numberFlag(flags.groupSize, "--group-size"));
  set("epochs", numberFlag(flags.epochs, "--epochs"));
  set("lossAggregation", flags.lossAgg);
  set("entropyCoefficient", numberFlag(flags.entropyCoef, "--entropy-coef"));
  set("gradClip", numberFlag(flags.gradClip, "--grad-clip"));
  set("checkpointEvery", numberFlag(flags.checkpointEvery, "--checkpoint-every"));
  if (flags.filterDegenerate) raw.filterDegenerateGroups = true;
  if (flags.lr !== undefined) nested("optimizer").learningRate = numberFlag(flags.lr, "--lr");
  if (flags.klCoef !== undefined) nested("kl").coefficient = numberFlag(flags.klCoef, "--kl-coef");
  if (flags.klEstimator !== undefined) nested("kl").estimator = flags.klEstimator;
  if (flags.advantage !== undefined) nested("advantage").normalisation = flags.advantage;
  if (flags.clipLow !== undefined) nested("clip").low = numberFlag(flags.clipLow, "--clip-low");
  if (flags.clipHigh !== undefined) nested("clip").high = numberFlag(flags.clipHigh, "--clip-high");
  return raw;
}

function taskSummary(report: GrpoStepReport): string {
  const ids = Object.keys(report.tasks);
  if (ids.length < 2) return "";
  return ` (${ids.map((id) => `${id} ${report.tasks[id]!.rewardMean.toFixed(3)}`).join(", ")})`;
}

/** One plain progress line. */
export function formatStepLine(r: GrpoStepReport): string {
  return (
    `step ${String(r.step).padStart(String(r.totalSteps).length)}/${r.totalSteps}  reward ${r.rewardMean.toFixed(3)}${taskSummary(r)}  acc ${r.accuracy.toFixed(3)}` +
    `  kl ${r.kl.toFixed(4)}  clip ${r.clipFraction.toFixed(3)}  entropy ${r.entropy.toFixed(3)}  degenerate ${r.degenerateFraction.toFixed(2)}  ${r.episodesPerSecond.toFixed(1)} ep/s`
  );
}

/**
 * `ssl4rl train`: GRPO on one or more tasks with a tensor policy (CNN for images, GCN for
 * graphs, MLP for vectors). Writes config.json, metrics.jsonl, checkpoints and report.html.
 */
export function registerTrainCommand(program: Command, ctx: CliContext): void {
  program
    .command("train")
    .description("train a policy with GRPO on self-supervised tasks (writes metrics, checkpoints and report.html)")
    .option("--config <file>", "training config, JSON or YAML (flags override it)")
    .option("--task <id[:weight]>", "task id, repeatable or comma-separated, with an optional weight, e.g. vision/rotation:2", collect, [])
    .option("--task-options <json>", "options for the --task tasks, as JSON")
    .option("--source <spec>", "source spec, e.g. synthetic, cifar10:DIR, a folder (default: the modality's synthetic source)")
    .option("--steps <n>", "optimisation steps (default 60)")
    .option("--seed <seed>", "seed (default 1)")
    .option("--backend <name>", "auto, tensorflow, wasm or cpu (default auto)")
    .option("--out <dir>", "run directory (default runs/<task>-seed<seed>)")
    .option("--resume <runDir>", "continue a stopped run from its last checkpoint (same metrics as an uninterrupted run)")
    .option("--batch-size <n>", "episodes per step (default 32)")
    .option("--group-size <n>", "responses per episode, G (default 5)")
    .option("--epochs <n>", "optimisation passes per batch (default 1)")
    .option("--lr <rate>", "learning rate (default 1e-3)")
    .option("--kl-coef <c>", "KL coefficient, 0 disables the reference (default 0.01)")
    .option("--kl-estimator <k>", "k1, k2 or k3 (default k3)")
    .option("--advantage <mode>", "group, batch or none (Dr. GRPO) (default group)")
    .option("--loss-agg <mode>", "token-mean, seq-mean-token-mean or seq-mean-token-sum-norm")
    .option("--entropy-coef <c>", "entropy bonus coefficient (default 0)")
    .option("--clip-low <e>", "lower clip of the ratio (default 0.2)")
    .option("--clip-high <e>", "upper clip of the ratio (default 0.2)")
    .option("--grad-clip <norm>", "maximum gradient norm, 0 for none (default 1)")
    .option("--filter-degenerate", "drop groups whose rewards are all equal (DAPO)")
    .option("--checkpoint-every <n>", "steps between checkpoints (default 10)")
    .option("--log-every <n>", "steps between plain progress lines when not on a terminal (default: about 20 lines a run)")
    .action(async (flags: TrainFlags) => {
      let config;
      let runDir: string;
      if (flags.resume !== undefined) {
        runDir = resolve(ctx.cwd, flags.resume);
        const file = join(runDir, "config.json");
        if (!existsSync(file)) throw new BadInputError({ file, expected: "the config.json of a run started by ssl4rl train", hint: "Check the --resume directory" });
        const saved = readConfigFile(file);
        if (flags.steps !== undefined) saved.steps = numberFlag(flags.steps, "--steps");
        config = resolveTrainConfig(saved, file);
      } else {
        const raw = configFromFlags(flags);
        if (raw.tasks === undefined) throw new BadConfigError({ field: "--task", expected: "at least one task (--task ID or tasks: in --config)", hint: 'Run "ssl4rl tasks" for the ids' });
        config = resolveTrainConfig(raw, flags.config);
        const first = config.tasks[0]!.id.replace(/[^a-z0-9-]+/gi, "-");
        runDir = resolve(ctx.cwd, flags.out ?? join("runs", `${first}-seed${config.seed}`));
      }
      // Tensor-only training: the vision plugin need not encode prompt images (saves most of
      // episode time). Only when it is loaded as a default: a plugin config's own options win.
      const pluginConfig = ctx.pluginOptions.configFile ?? CONFIG_FILES.map((f) => join(ctx.cwd, f)).find((f) => existsSync(f));
      const configured = pluginConfig ? readPluginConfig(resolve(ctx.cwd, pluginConfig)).plugins.map((p) => (typeof p === "string" ? p : p.name)) : [];
      const vision = "@ssl4rl/vision-tasks";
      if (ctx.pluginOptions.defaults && !configured.includes(vision) && !ctx.pluginOptions.plugins.some((p) => p.name === vision)) {
        ctx.pluginOptions.plugins.push({ name: vision, options: { promptImages: false, tensorSize: config.network.imageSize } });
      }
      const registry = await ctx.registry();
      const skips = new SkipCounter();
      const trainer = new GrpoTrainer({
        registry,
        runDir,
        resume: flags.resume !== undefined,
        openSource: (task, spec, seed) => defaultSource(registry, task.modality, spec, { seed, skips }),
        log: (line) => ctx.io.err(`${line}\n`),
        onCheckpoint: (path) => ctx.verbose && ctx.io.err(`checkpoint ${path}\n`),
      });
      ctx.io.err(`run ${runDir}: ${config.tasks.map((t) => t.id).join(", ")}, ${config.steps} steps of ${config.batchSize} episodes × ${config.groupSize} samples, seed ${config.seed}\n`);
      const every = numberFlag(flags.logEvery, "--log-every") ?? Math.max(1, Math.round(config.steps / 20));
      const bar = ctx.io.isTTY ? new SingleBar({ format: "{bar} {value}/{total} steps | reward {reward} | acc {acc} | kl {kl} | {eps} ep/s", hideCursor: true }) : undefined;
      let first: GrpoStepReport | undefined;
      let last: GrpoStepReport | undefined;
      try {
        for await (const report of trainer.train(config)) {
          first ??= report;
          last = report;
          if (bar) {
            if (!bar.isActive) bar.start(report.totalSteps, report.step - 1, { reward: "-", acc: "-", kl: "-", eps: "-" });
            bar.update(report.step, { reward: report.rewardMean.toFixed(3), acc: report.accuracy.toFixed(3), kl: report.kl.toFixed(4), eps: report.episodesPerSecond.toFixed(1) });
          } else if (report.step % every === 0 || report.step === report.totalSteps || report === first) {
            ctx.io.out(`${formatStepLine(report)}\n`);
          }
        }
      } finally {
        bar?.stop();
      }
      if (first && last) {
        ctx.io.out(`done: reward ${first.rewardMean.toFixed(3)} at step ${first.step} → ${last.rewardMean.toFixed(3)} at step ${last.step}; report ${join(runDir, "report.html")}\n`);
      } else {
        ctx.io.out(`nothing to do: the run has already reached step ${config.steps}; report ${join(runDir, "report.html")}\n`);
      }
    });
}
