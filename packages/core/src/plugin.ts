import { ContainerModule } from "inversify";
import { BadConfigError } from "./errors.js";
import type { PolicyFactory } from "./policy.js";
import type { Reward } from "./reward.js";
import type { SourceKind } from "./source.js";
import type { AnyTask } from "./task.js";

/** Service identifiers under which plugins multi-bind their contributions. */
export const SERVICE = {
  task: Symbol.for("@ssl4rl/core:task"),
  reward: Symbol.for("@ssl4rl/core:reward"),
  policy: Symbol.for("@ssl4rl/core:policy"),
  source: Symbol.for("@ssl4rl/core:source"),
} as const;

/** A contribution as bound in the container: the item and the plugin that brought it. */
export interface Contribution<T> {
  readonly plugin: string;
  readonly item: T;
}

/** What a plugin author writes. */
export interface PluginDefinition {
  /** Package-like name, e.g. `@ssl4rl/vision-tasks`. */
  readonly name: string;
  readonly version: string;
  readonly tasks?: readonly AnyTask[];
  readonly rewards?: readonly Reward[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly policies?: readonly PolicyFactory<any, any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly sources?: readonly SourceKind<any>[];
}

/** A plugin: its definition plus the inversify module that binds its contributions. */
export interface Ssl4rlPlugin extends PluginDefinition {
  readonly module: ContainerModule;
}

const NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/**
 * Makes a plugin from plain objects: no decorators, no container code for the author.
 *
 * @example
 * ```ts
 * import { definePlugin, exactMatchReward } from "@ssl4rl/core";
 * export default definePlugin({ name: "my-plugin", version: "1.0.0", tasks: [myTask] });
 * ```
 */
export function definePlugin(definition: PluginDefinition): Ssl4rlPlugin {
  if (!NAME.test(definition.name)) {
    throw new BadConfigError({ field: "plugin name", expected: "a package-like name such as my-plugin or @scope/my-plugin", got: definition.name });
  }
  if (typeof definition.version !== "string" || definition.version === "") {
    throw new BadConfigError({ field: `${definition.name} version`, expected: "a version string such as 1.0.0", got: definition.version });
  }
  const plugin = definition.name;
  const module = new ContainerModule(({ bind }) => {
    for (const item of definition.tasks ?? []) bind(SERVICE.task).toConstantValue({ plugin, item });
    for (const item of definition.rewards ?? []) bind(SERVICE.reward).toConstantValue({ plugin, item });
    for (const item of definition.policies ?? []) bind(SERVICE.policy).toConstantValue({ plugin, item });
    for (const item of definition.sources ?? []) bind(SERVICE.source).toConstantValue({ plugin, item });
  });
  return Object.freeze({ ...definition, module });
}

/** True when `value` looks like a plugin made by {@link definePlugin}. */
export function isPlugin(value: unknown): value is Ssl4rlPlugin {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { name?: unknown }).name === "string" &&
    (value as { module?: unknown }).module instanceof ContainerModule
  );
}
