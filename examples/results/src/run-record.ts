import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The methods of the results tables, as the issue names them. */
export type Method = "grpo" | "cross-entropy" | "random-init" | "reference";

/**
 * What one training run (one seed) measured. The summary groups records that differ only in
 * their seed and reports mean ± std over them.
 */
export interface RunRecord {
  readonly example: string;
  readonly dataset: string;
  /** The task's name in the tables (`rotation`, `jigsaw-3`, `mix`, `node-masking`...). */
  readonly task: string;
  readonly method: Method;
  readonly seed: number;
  /** Optimiser steps (0 for the random-init baseline). */
  readonly steps: number;
  readonly batchSize: number;
  /** Episodes the encoder was trained on (steps × batch). */
  readonly episodesSeen: number;
  /** Linear-probe test accuracy, percent. */
  readonly probeAccuracy: number;
  /** Mean reward of the last 10 training steps (GRPO only). */
  readonly finalReward?: number;
  /** Mean reward of the first 3 training steps (GRPO only), to compare with chance. */
  readonly firstReward?: number;
  /** What a uniformly random answer scores on the task (expected reward). */
  readonly chance?: number;
  /** Wall time of training plus probe, seconds. */
  readonly wallSeconds: number;
  readonly backend: string;
  /** The command that reproduces this record's group (all seeds). */
  readonly command: string;
  /** Where the run wrote its metrics, checkpoints and report. */
  readonly runDir?: string;
  /**
   * Model selection on the validation split (graph runs with `--select-every`): the step whose
   * probe had the best validation accuracy, and every probed step. `probeAccuracy` is then the
   * test accuracy at `step`; test accuracies are recorded, never used to choose.
   */
  readonly selection?: {
    readonly every: number;
    readonly step: number;
    readonly valAccuracy: number;
    readonly curve: readonly { readonly step: number; readonly valAccuracy: number; readonly testAccuracy: number }[];
  };
  /** Free-form settings worth printing (probe sizes, task options). */
  readonly notes?: string;
}

/** Writes a record atomically (temp file + rename) as `DIR/NAME.json`. */
export async function writeRunRecord(dir: string, name: string, record: RunRecord): Promise<string> {
  const path = join(dir, `${name}.json`);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temp, path);
  return path;
}

/** Every record under `dir` (files `*.json`), in file-name order; an absent folder gives none. */
export async function readRunRecords(dir: string): Promise<RunRecord[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const out: RunRecord[] = [];
  for (const name of names) out.push(JSON.parse(await readFile(join(dir, name), "utf8")) as RunRecord);
  return out;
}

/** The one line an experiment prints when a record is written: probe accuracy, reward against chance, wall time. */
export function recordSummary(name: string, record: RunRecord): string {
  const { finalReward, firstReward, chance } = record;
  const reward = finalReward !== undefined ? `, reward ${firstReward!.toFixed(3)} -> ${finalReward.toFixed(3)} (chance ${chance!.toFixed(3)})` : "";
  return `${name}: probe accuracy ${record.probeAccuracy.toFixed(1)}%${reward}, ${record.wallSeconds.toFixed(1)} s`;
}
