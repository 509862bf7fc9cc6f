import { existsSync } from "node:fs";
import { Container } from "inversify";
import { DuplicateIdError, UnknownIdError } from "./errors.js";
import { nearestMatch } from "./nearest-match.js";
import { type Contribution, type Ssl4rlPlugin, SERVICE } from "./plugin.js";
import type { PolicyFactory } from "./policy.js";
import type { Reward } from "./reward.js";
import type { SampleSource, SourceKind, SourceOpenContext } from "./source.js";
import { repeatSamples } from "./repeat-samples.js";
import { intParam, parseSourceSpec } from "./source.js";
import { standardRewardsPlugin } from "./standard-plugin.js";
import type { AnyTask } from "./task.js";

/** A registered item with the plugin that brought it. */
export interface Registered<T> {
  readonly plugin: string;
  readonly item: T;
}

function collect<T>(kind: string, entries: readonly Contribution<T>[], keyOf: (item: T) => string): ReadonlyMap<string, Registered<T>> {
  const map = new Map<string, Registered<T>>();
  for (const entry of entries) {
    const key = keyOf(entry.item);
    const existing = map.get(key);
    if (existing) throw new DuplicateIdError(kind, key, existing.plugin, entry.plugin);
    map.set(key, Object.freeze({ plugin: entry.plugin, item: entry.item }));
  }
  return map;
}

function lookup<T>(kind: string, map: ReadonlyMap<string, Registered<T>>, id: string): Registered<T> {
  const found = map.get(id);
  if (found) return found;
  const known = [...map.keys()].sort();
  throw new UnknownIdError(kind, id, known, nearestMatch(id, known));
}

/**
 * Everything the loaded plugins contribute, by id. Built once from the plugin list, then
 * frozen: a run never changes it.
 *
 * @example
 * ```ts
 * const registry = createRegistry([myPlugin]);
 * const task = registry.task("toy/coin");
 * const reward = registry.rewardFor(task);
 * ```
 */
export class Registry {
  readonly plugins: readonly { readonly name: string; readonly version: string }[];
  readonly #tasks: ReadonlyMap<string, Registered<AnyTask>>;
  readonly #rewards: ReadonlyMap<string, Registered<Reward>>;
  readonly #policies: ReadonlyMap<string, Registered<PolicyFactory>>;
  readonly #sources: ReadonlyMap<string, Registered<SourceKind>>;

  /** Use {@link createRegistry}. */
  constructor(plugins: readonly Ssl4rlPlugin[]) {
    const seen = new Map<string, Ssl4rlPlugin>();
    for (const p of plugins) {
      if (seen.has(p.name)) throw new DuplicateIdError("plugin", p.name, `${p.name}@${seen.get(p.name)!.version}`, `${p.name}@${p.version}`);
      seen.set(p.name, p);
    }
    const container = new Container();
    container.load(...plugins.map((p) => p.module));
    const all = <T>(id: symbol): Contribution<T>[] => (container.isBound(id) ? container.getAll<Contribution<T>>(id) : []);
    this.#tasks = collect("task", all<AnyTask>(SERVICE.task), (t) => t.id);
    this.#rewards = collect("reward", all<Reward>(SERVICE.reward), (r) => r.id);
    this.#policies = collect("policy", all<PolicyFactory>(SERVICE.policy), (p) => p.id);
    this.#sources = collect("source", all<SourceKind>(SERVICE.source), (s) => `${s.modality}/${s.kind}`);
    this.plugins = Object.freeze(plugins.map((p) => Object.freeze({ name: p.name, version: p.version })));
    Object.freeze(this);
  }

  /** All tasks, sorted by id. */
  tasks(): Registered<AnyTask>[] {
    return [...this.#tasks.values()].sort((a, b) => a.item.id.localeCompare(b.item.id));
  }
  /** All rewards, sorted by id. */
  rewards(): Registered<Reward>[] {
    return [...this.#rewards.values()].sort((a, b) => a.item.id.localeCompare(b.item.id));
  }
  /** All policy factories, sorted by id. */
  policies(): Registered<PolicyFactory>[] {
    return [...this.#policies.values()].sort((a, b) => a.item.id.localeCompare(b.item.id));
  }
  /** All source kinds, sorted by modality then kind. */
  sources(): Registered<SourceKind>[] {
    return [...this.#sources.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  }

  /** The task with this id; an unknown id lists the known ones and the nearest match. */
  task(id: string): AnyTask {
    return lookup("task", this.#tasks, id).item;
  }
  /** The task with its plugin name. */
  taskEntry(id: string): Registered<AnyTask> {
    return lookup("task", this.#tasks, id);
  }
  /** The reward with this id. */
  reward(id: string): Reward {
    return lookup("reward", this.#rewards, id).item;
  }
  /** The reward a task names. */
  rewardFor(task: AnyTask | string): Reward {
    const t = typeof task === "string" ? this.task(task) : task;
    return this.reward(t.rewardId);
  }
  /** The policy factory with this id. */
  policy(id: string): PolicyFactory {
    return lookup("policy", this.#policies, id).item;
  }

  /** The source kind for a modality, e.g. `source("vision", "folder")`. */
  source(modality: string, kind: string): SourceKind {
    const own = new Map([...this.#sources].filter(([key]) => key.startsWith(`${modality}/`)).map(([key, v]) => [key.slice(modality.length + 1), v]));
    return lookup(`${modality} source`, own, kind).item;
  }

  /**
   * Opens a source from a spec for a modality. A spec with no known kind prefix that names an
   * existing path goes to the modality's bare-path kind (`folder` for images).
   */
  async openSource(specText: string, modality: string, context: SourceOpenContext): Promise<SampleSource> {
    let spec = parseSourceSpec(specText);
    // Every kind takes `?repeat=N`: each sample N times in a row (see repeatSamples).
    const repeat = intParam(spec, "repeat", 1, 1);
    const repeated = (source: SampleSource) => (repeat === 1 ? source : repeatSamples(source, repeat));
    const hasKind = spec.kind !== undefined && this.#sources.has(`${modality}/${spec.kind}`);
    if (!hasKind && (spec.kind === undefined || existsSync(spec.text.split("?")[0]!))) {
      const bare = [...this.#sources.values()].find((s) => s.item.modality === modality && s.item.acceptsBarePath);
      if (bare) {
        spec = { ...spec, kind: bare.item.kind, location: spec.text.split("?")[0] };
        return repeated(await bare.item.open(spec, context));
      }
    }
    return repeated(await this.source(modality, spec.kind ?? "").open(spec, context));
  }
}

/**
 * Builds the frozen registry from plugins. Core's standard rewards (`exact-match`,
 * `slot-match`) are always included. Two plugins registering the same id is an error that
 * names both.
 */
export function createRegistry(plugins: readonly Ssl4rlPlugin[]): Registry {
  const list = plugins.some((p) => p.name === standardRewardsPlugin.name) ? plugins : [standardRewardsPlugin, ...plugins];
  return new Registry(list);
}
