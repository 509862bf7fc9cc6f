import { datasetCacheDir, defaultCacheDir, downloadDataset, NAMED_DATASETS } from "@ssl4rl/graph-tasks";
import { BadConfigError } from "@ssl4rl/core";
import type { Command } from "commander";
import type { CliContext } from "../context.js";

/** `ssl4rl download cora|citeseer [--cache DIR] [--mirror URL]`: fetches a dataset's pinned files, checking SHA-256. */
export function registerDownloadCommand(program: Command, ctx: CliContext): void {
  program
    .command("download")
    .description("download a named dataset (cora, citeseer) into the cache, checking checksums")
    .argument("<dataset>", `one of ${Object.keys(NAMED_DATASETS).join(", ")}`)
    .option("--cache <dir>", "cache folder (default: $SSL4RL_CACHE or ~/.cache/ssl4rl)")
    .option("--mirror <url>", "fetch from this host instead of https://raw.githubusercontent.com (same paths)")
    .action(async (dataset: string, opts: { cache?: string; mirror?: string }) => {
      if (!Object.hasOwn(NAMED_DATASETS, dataset)) {
        throw new BadConfigError({ field: "dataset", expected: `one of ${Object.keys(NAMED_DATASETS).join(", ")}`, got: dataset });
      }
      const cache = opts.cache ?? defaultCacheDir();
      const dir = await downloadDataset(dataset, {
        cache,
        ...(opts.mirror !== undefined ? { mirror: opts.mirror } : {}),
        onFile: (path, status, bytes) => ctx.io.err(`${status === "cached" ? "cached " : "fetched"} ${path} (${bytes} bytes, sha256 ok)\n`),
      });
      ctx.io.out(`${dir}\n`);
      if (dir !== datasetCacheDir(dataset)) ctx.io.err(`use it with --source ${dataset}:${dir}\n`);
    });
}
