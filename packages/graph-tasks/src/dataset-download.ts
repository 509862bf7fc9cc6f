import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { BadConfigError, BadInputError } from "@ssl4rl/core";
import { type DatasetFile, DEFAULT_DATASET_HOST, isNamedDataset, NAMED_DATASETS } from "./named-datasets.js";

/** The cache folder: `$SSL4RL_CACHE`, else `~/.cache/ssl4rl`. Datasets go to `<cache>/datasets/<name>`. */
export function defaultCacheDir(): string {
  return process.env.SSL4RL_CACHE ?? join(homedir(), ".cache", "ssl4rl");
}

/** Where a named dataset lives in a cache. */
export function datasetCacheDir(name: string, cache = defaultCacheDir()): string {
  return join(cache, "datasets", name);
}

/** Options of {@link downloadDataset}. */
export interface DownloadOptions {
  readonly cache?: string;
  /** Replaces {@link DEFAULT_DATASET_HOST} in every URL (a mirror, or a local test server). */
  readonly mirror?: string;
  /** Called once per file: `fetched`, or `cached` when a file with the right checksum is there. */
  readonly onFile?: (path: string, status: "fetched" | "cached", bytes: number) => void;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Downloads a named dataset's pinned files into the cache (see {@link downloadFiles}).
 * Returns the dataset's folder.
 *
 * @example
 * ```ts
 * const dir = await downloadDataset("cora");
 * loadNamedDataset("cora", dir);
 * ```
 */
export async function downloadDataset(name: string, options: DownloadOptions = {}): Promise<string> {
  if (!isNamedDataset(name)) {
    throw new BadConfigError({ field: "dataset", expected: `one of ${Object.keys(NAMED_DATASETS).join(", ")}`, got: name });
  }
  const dir = datasetCacheDir(name, options.cache);
  await downloadFiles(NAMED_DATASETS[name].files, dir, options);
  return dir;
}

/**
 * Fetches files into `dir`, checking each SHA-256 before it lands (temp file, then rename: a
 * failed or corrupt download never leaves a file behind). Files already there with the right
 * checksum are not fetched again.
 */
export async function downloadFiles(files: readonly DatasetFile[], dir: string, options: Omit<DownloadOptions, "cache"> = {}): Promise<void> {
  for (const file of files) {
    const target = join(dir, file.path);
    if (existsSync(target)) {
      const have = readFileSync(target);
      if (sha256(have) === file.sha256) {
        options.onFile?.(file.path, "cached", have.length);
        continue;
      }
    }
    const url = options.mirror !== undefined && file.url.startsWith(DEFAULT_DATASET_HOST) ? options.mirror.replace(/\/$/, "") + file.url.slice(DEFAULT_DATASET_HOST.length) : file.url;
    let bytes: Uint8Array;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new BadInputError({ file: url, expected: "a reachable URL", hint: `${(error as Error).message}. Check the network, or pass --mirror`, cause: error });
    }
    const got = sha256(bytes);
    if (got !== file.sha256) {
      throw new BadInputError({ file: url, field: "sha256", expected: file.sha256, got, hint: "The download is corrupt or the mirror serves another file; nothing was written" });
    }
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(4).toString("hex")}.partial`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    options.onFile?.(file.path, "fetched", bytes.length);
  }
}
