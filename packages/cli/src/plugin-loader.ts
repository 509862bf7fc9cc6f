import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BadConfigError, BadInputError, isPlugin, type Ssl4rlPlugin, z } from "@ssl4rl/core";
import { parse as parseYaml } from "yaml";

/** Plugins the CLI loads unless `--no-default-plugins` is given (each only if installed). */
export const DEFAULT_PLUGINS = ["@ssl4rl/vision-tasks", "@ssl4rl/graph-tasks"] as const;

/** Config file names looked for in the working directory. */
export const CONFIG_FILES = ["ssl4rl.config.json", "ssl4rl.config.yaml", "ssl4rl.config.yml"] as const;

const pluginEntry = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }).strict(),
]);

const configSchema = z
  .object({
    plugins: z.array(pluginEntry).default([]),
    defaultPlugins: z.boolean().default(true),
  })
  .passthrough();

/** A plugin to load: a package name (or path) and the options handed to its factory. */
export interface PluginRequest {
  readonly name: string;
  readonly options?: Record<string, unknown>;
}

/** What decides the plugin list. */
export interface PluginLoadOptions {
  readonly cwd: string;
  /** From `--plugin`, loaded after the config file's. */
  plugins: PluginRequest[];
  /** Load {@link DEFAULT_PLUGINS} when installed. */
  defaults: boolean;
  /** An explicit config file (`--rc`); otherwise one of {@link CONFIG_FILES} in cwd, if present. */
  configFile?: string;
}

/** Reads and validates a config file, naming the file and field on error. */
export function readPluginConfig(file: string): z.output<typeof configSchema> {
  let raw: unknown;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BadInputError({ file, expected: "a readable config file", hint: String((error as Error).message), cause: error });
  }
  try {
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new BadInputError({ file, expected: file.endsWith(".json") ? "valid JSON" : "valid YAML", hint: (error as Error).message, cause: error });
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadConfigError({ file, field: issue.path.join(".") || "(root)", expected: issue.message });
  }
  return parsed.data;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Resolves a package name (or a path) from `fromDir`, returning a file path, or undefined. */
function resolveFrom(name: string, fromDir: string): string | undefined {
  if (name.startsWith(".") || name.startsWith("/")) {
    const path = resolve(fromDir, name);
    return existsSync(path) ? path : undefined;
  }
  try {
    return createRequire(join(fromDir, "package.json")).resolve(name);
  } catch {
    return undefined;
  }
}

/**
 * Imports a plugin package and returns its plugin. The module's default export (or a named
 * export `plugin`) is either a plugin or a factory that takes options and returns one.
 */
export async function importPlugin(request: PluginRequest, cwd: string): Promise<Ssl4rlPlugin> {
  const path = resolveFrom(request.name, cwd) ?? resolveFrom(request.name, here);
  if (path === undefined) {
    throw new BadConfigError({
      field: "plugin",
      expected: `an installed package or an existing path`,
      got: request.name,
      hint: `Install it (npm install ${request.name}) in ${cwd}, or check the name`,
    });
  }
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const candidates = [module.default, module.plugin];
  for (const candidate of candidates) {
    const value = typeof candidate === "function" ? await (candidate as (o: unknown) => unknown)(request.options ?? {}) : candidate;
    if (isPlugin(value)) return value;
  }
  throw new BadConfigError({
    file: path,
    field: "default export",
    expected: "a plugin made by definePlugin(), or a function returning one",
    hint: `Plugin package "${request.name}" exports no plugin`,
  });
}

/** Loads the default plugins (when installed), then the config file's, then `--plugin` ones. */
export async function loadConfiguredPlugins(options: PluginLoadOptions, log: (line: string) => void): Promise<Ssl4rlPlugin[]> {
  const requests: PluginRequest[] = [];
  let defaults = options.defaults;
  const configFile = options.configFile ?? CONFIG_FILES.map((f) => join(options.cwd, f)).find((f) => existsSync(f));
  if (configFile !== undefined) {
    const config = readPluginConfig(resolve(options.cwd, configFile));
    defaults &&= config.defaultPlugins;
    for (const entry of config.plugins) requests.push(typeof entry === "string" ? { name: entry } : { name: entry.name, ...(entry.options ? { options: entry.options } : {}) });
    log(`config: ${configFile}`);
  }
  requests.push(...options.plugins);
  const plugins: Ssl4rlPlugin[] = [];
  const named = new Set(requests.map((r) => r.name));
  if (defaults) {
    for (const name of DEFAULT_PLUGINS) {
      if (named.has(name)) continue;
      if (resolveFrom(name, options.cwd) === undefined && resolveFrom(name, here) === undefined) {
        log(`default plugin ${name}: not installed, skipped`);
        continue;
      }
      try {
        plugins.push(await importPlugin({ name }, options.cwd));
      } catch (error) {
        log(`default plugin ${name}: not loaded (${(error as Error).message})`);
      }
    }
  }
  for (const request of requests) plugins.push(await importPlugin(request, options.cwd));
  for (const p of plugins) log(`plugin ${p.name}@${p.version}`);
  return plugins;
}
