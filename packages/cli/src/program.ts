import { Command, Option } from "commander";
import { registerBackendsCommand } from "./commands/backends.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerDownloadCommand } from "./commands/download.js";
import { registerEvalCommand } from "./commands/eval.js";
import { registerExportCommand } from "./commands/export.js";
import { registerGraphStatsCommand } from "./commands/graph-stats.js";
import { registerMakeCommand } from "./commands/make.js";
import { registerPreviewCommand } from "./commands/preview.js";
import { registerProbeCommand } from "./commands/probe.js";
import { registerScoreCommand } from "./commands/score.js";
import { registerServePolicyCommand } from "./commands/serve-policy.js";
import { registerServeRewardCommand } from "./commands/serve-reward.js";
import { registerTasksCommand } from "./commands/tasks.js";
import { registerTrainCommand } from "./commands/train.js";
import type { CliContext } from "./context.js";

/** Each command lives in its own file and registers itself here. */
const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  registerTasksCommand,
  registerScoreCommand,
  registerDemoCommand,
  registerMakeCommand,
  registerGraphStatsCommand,
  registerDownloadCommand,
  registerPreviewCommand,
  registerTrainCommand,
  registerProbeCommand,
  registerExportCommand,
  registerServeRewardCommand,
  registerEvalCommand,
  registerServePolicyCommand,
  registerBackendsCommand,
];

const collect = (value: string, previous: string[]) => [...previous, value];

/** Builds the `ssl4rl` program bound to a context. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("ssl4rl")
    .description("Self-supervised tasks as verifiable rewards for RL fine-tuning")
    .version("0.1.0")
    .option("--plugin <package>", "load a plugin package by name or path (repeatable)", collect, [])
    .option("--rc <file>", "plugin config file (default: ssl4rl.config.json|yaml in the working directory)")
    .option("--no-default-plugins", "do not load the installed @ssl4rl task plugins")
    .addOption(new Option("--verbose", "print plugin loading and stack traces"))
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .exitOverride();
  program.hook("preAction", (root) => {
    const opts = root.opts<{ plugin: string[]; rc?: string; defaultPlugins: boolean; verbose?: boolean }>();
    ctx.verbose = Boolean(opts.verbose);
    ctx.pluginOptions.plugins = opts.plugin.map((name) => ({ name }));
    ctx.pluginOptions.defaults = opts.defaultPlugins;
    if (opts.rc !== undefined) ctx.pluginOptions.configFile = opts.rc;
  });
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  return program;
}
