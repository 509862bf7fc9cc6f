import type { Registry } from "@ssl4rl/core";
import { createRegistry } from "@ssl4rl/core";
import { loadConfiguredPlugins, type PluginLoadOptions } from "./plugin-loader.js";

/** Where a command writes; tests swap these for buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars) . */
  readonly isTTY: boolean;
}

/** Shared state of one CLI invocation: global options and the lazily built registry. */
export class CliContext {
  #registry: Promise<Registry> | undefined;
  verbose = false;
  pluginOptions: PluginLoadOptions;

  constructor(
    readonly io: CliIO,
    readonly cwd: string,
  ) {
    this.pluginOptions = { cwd, plugins: [], defaults: true };
  }

  /** The frozen registry of core, the default plugins, the config file's and `--plugin` ones. */
  registry(): Promise<Registry> {
    this.#registry ??= loadConfiguredPlugins(this.pluginOptions, (line) => {
      if (this.verbose) this.io.err(`${line}\n`);
    }).then((plugins) => createRegistry(plugins));
    return this.#registry;
  }
}

/** IO bound to the process streams. */
export function processIO(): CliIO {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
