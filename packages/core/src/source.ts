import { BadInputError } from "./errors.js";
import type { Modality } from "./task.js";
import type { SkipCounter } from "./skip-counter.js";

/**
 * A stream of samples (images, graphs, ...). Sources stream: they never need to hold the whole
 * dataset in memory. Bad items are skipped and counted in `skips`, never thrown.
 */
export interface SampleSource<S = unknown> {
  /** Human-readable, e.g. `folder:/data/cifar (50000 files)`. */
  readonly description: string;
  /** Iterates the samples in a deterministic order. */
  samples(): AsyncIterable<S>;
}

/** What opening a source gets. */
export interface SourceOpenContext {
  /** Run seed, for sources that generate data (synthetic) or shuffle. */
  readonly seed: number | string;
  /** Where skipped items are counted. */
  readonly skips: SkipCounter;
}

/**
 * A kind of source that a plugin provides, opened from a spec such as `folder:DIR` or
 * `synthetic?count=500`.
 */
export interface SourceKind<S = unknown> {
  /** The spec prefix, e.g. `folder`, `mnist`, `synthetic`, `cora`. */
  readonly kind: string;
  /** Which tasks it feeds; a kind name may exist once per modality. */
  readonly modality: Modality;
  readonly description: string;
  /** True for the kind that a bare path (no `kind:` prefix) means, e.g. `folder` for images. */
  readonly acceptsBarePath?: boolean;
  open(spec: SourceSpec, context: SourceOpenContext): SampleSource<S> | Promise<SampleSource<S>>;
}

/** A parsed source spec: `KIND[:LOCATION][?key=value&...]`. */
export interface SourceSpec {
  /** The original text. */
  readonly text: string;
  /** The kind, or undefined for a bare path. */
  readonly kind: string | undefined;
  /** The location (a path, usually), or undefined. */
  readonly location: string | undefined;
  /** Options after `?`. */
  readonly params: Readonly<Record<string, string>>;
}

const KIND = /^([a-z][a-z0-9-]*)(?::(.*))?$/;

/**
 * Parses a source spec. A spec whose head is not a lowercase word followed by `:` (or alone)
 * is a bare path. Options after `?` are URL-style `key=value` pairs.
 *
 * @example
 * ```ts
 * parseSourceSpec("cifar10:/data/cifar?limit=100");
 * // { kind: "cifar10", location: "/data/cifar", params: { limit: "100" }, ... }
 * parseSourceSpec("./photos"); // { kind: undefined, location: "./photos", ... }
 * ```
 */
export function parseSourceSpec(text: string): SourceSpec {
  if (text.trim() === "") {
    throw new BadInputError({ field: "source", expected: "a source spec such as synthetic, folder:DIR or a directory path", got: text });
  }
  const q = text.indexOf("?");
  const head = q === -1 ? text : text.slice(0, q);
  const params: Record<string, string> = {};
  if (q !== -1) {
    for (const [key, value] of new URLSearchParams(text.slice(q + 1))) params[key] = value;
  }
  const m = KIND.exec(head);
  if (m && !head.startsWith(".")) {
    const location = m[2];
    return { text, kind: m[1], location: location === undefined || location === "" ? undefined : location, params };
  }
  return { text, kind: undefined, location: head, params };
}

/** Reads an integer param, with a clear error naming the spec and the key. */
export function intParam(spec: SourceSpec, key: string, fallback: number, min = 0): number {
  const raw = spec.params[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new BadInputError({ file: spec.text, field: key, expected: `an integer >= ${min}`, got: raw });
  }
  return n;
}

/**
 * A source of consecutive integers 0, 1, 2, ... for tasks that generate their whole episode
 * from the random stream (bandits, toy tasks) and need no data.
 */
export function countingSource(limit = Number.MAX_SAFE_INTEGER): SampleSource<number> {
  return {
    description: "counting (no data: episodes come from the seed alone)",
    async *samples() {
      for (let i = 0; i < limit; i++) yield i;
    },
  };
}
