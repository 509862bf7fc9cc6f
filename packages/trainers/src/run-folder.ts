import { appendFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { BadInputError, writeFileAtomic } from "@ssl4rl/core";
import type { AdamOptimizer } from "./adam-optimizer.js";
import { type CheckpointData, type FeedPosition, latestCheckpoint, listCheckpoints, pruneCheckpoints, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import type { ParameterStore } from "./parameter-store.js";
import type { PolicyNetwork } from "./policy-network.js";
import type { CompanionState, RunCompanion } from "./run-companion.js";
import { assertSameRun, RUN_CONFIG_FILE } from "./run-config-match.js";
import { truncateStepLog } from "./step-log.js";

/** The per-step log of a run folder. */
export const STEP_LOG_FILE = "metrics.jsonl";

/** How a trainer found its run folder. */
export interface OpenedRunFolder {
  /** The checkpoint to continue from (its step log already cut back to it), or undefined for a fresh start. */
  readonly checkpoint?: CheckpointData;
  readonly checkpointPath?: string;
  /** A fresh start found and removed checkpoints of an earlier run. */
  readonly removedOld: boolean;
}

/**
 * Opens a trainer's run folder, the same way for every trainer. With `resume` and a
 * checkpoint there: checks the folder's `config.json` describes this run (fields in `free`
 * may differ), reads the newest checkpoint and drops step-log lines written after it.
 * Otherwise a fresh start: old checkpoints removed (a later resume must not pick them up),
 * `config.json` written, the step log emptied.
 */
export async function openRunFolder(runDir: string, config: object, resume: boolean, free: readonly string[]): Promise<OpenedRunFolder> {
  await mkdir(runDir, { recursive: true });
  const checkpointPath = resume ? latestCheckpoint(runDir) : undefined;
  if (checkpointPath) {
    // Never continue another run's weights.
    assertSameRun(runDir, config, free);
    const checkpoint = await readCheckpoint(checkpointPath);
    await truncateStepLog(join(runDir, STEP_LOG_FILE), checkpoint.step);
    return { checkpoint, checkpointPath, removedOld: false };
  }
  const removedOld = listCheckpoints(runDir).length > 0;
  await rm(join(runDir, "checkpoints"), { recursive: true, force: true });
  await writeFileAtomic(join(runDir, RUN_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  await writeFileAtomic(join(runDir, STEP_LOG_FILE), "");
  return { removedOld };
}

/** Whether a trainer checkpoints after `step` of `steps` steps: every `every` steps and after the last. */
export function isCheckpointStep(step: number, every: number, steps: number): boolean {
  return step % every === 0 || step === steps;
}

/** Appends one step's line to the run's step log. */
export async function logStep(runDir: string, report: object): Promise<void> {
  await appendFile(join(runDir, STEP_LOG_FILE), `${JSON.stringify(report)}\n`);
}

/**
 * Checkpoints a run after `step` steps (weights, optimiser moments, feed positions and what its
 * companion keeps, in one file) and keeps the newest `keep`. Returns its path.
 */
export async function checkpointRun(
  runDir: string,
  step: number,
  store: ParameterStore,
  optimizer: AdamOptimizer,
  feeds: Readonly<Record<string, FeedPosition>>,
  keep: number,
  companion?: RunCompanion,
): Promise<string> {
  const moments = await optimizer.state();
  const kept: { companion?: CompanionState } = companion ? { companion: await companion.save(step) } : {};
  const path = await writeCheckpoint(runDir, { step, optimizerStep: moments.step, feeds, params: await store.snapshot(), moments: moments.tensors, ...kept });
  await pruneCheckpoints(runDir, keep);
  return path;
}

/**
 * Puts a checkpoint's weights and optimiser state back, then its companion's state. A run with a
 * companion cannot continue from a checkpoint that kept none (one written by a run without it):
 * that is a {@link BadInputError} naming the file, since the companion would restart from nothing.
 */
export function restoreRun(checkpoint: CheckpointData, checkpointPath: string, network: PolicyNetwork, optimizer: AdamOptimizer, companion?: RunCompanion): void {
  network.store.restore(checkpoint.params);
  optimizer.restore(checkpoint.optimizerStep, checkpoint.moments, network.store.variables);
  if (!companion) return;
  if (!checkpoint.companion) {
    throw new BadInputError({
      file: checkpointPath,
      field: "companion",
      expected: "the state of the run's companion (a weight average, a probe curve), which this checkpoint was written without",
      hint: "Train the run again from the start (drop resume), or resume it without the companion",
    });
  }
  companion.restore(checkpoint.companion, network);
}
