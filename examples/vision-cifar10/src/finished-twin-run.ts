import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BadInputError, writeFileAtomic } from "@ssl4rl/core";
import { checkpointName, type NetworkConfig, type PolicyNetwork, writeCheckpoint } from "@ssl4rl/trainers";
import { restoreEncoder } from "./restore-encoder.js";

/** A cross-entropy twin already trained to its last step: its encoder and how long it trained. */
export interface FinishedTwinRun {
  readonly network: PolicyNetwork;
  /** Seconds the training took when it ran (no probe). */
  readonly trainingSeconds: number;
}

const SUMMARY = "twin.json";

/**
 * Keeps a finished twin's weights (a checkpoint of the last step, without optimiser state:
 * the twin does not resume) and its training time in `runDir`, so another probe of the same
 * run needs no retraining. The checkpoint is written before the summary, both atomically, so
 * a summary always names a complete checkpoint.
 */
export async function saveTwinRun(runDir: string, steps: number, network: PolicyNetwork, trainingSeconds: number): Promise<void> {
  await writeCheckpoint(runDir, { step: steps, optimizerStep: steps, feeds: {}, params: await network.store.snapshot(), moments: {} });
  await writeFileAtomic(join(runDir, SUMMARY), `${JSON.stringify({ steps, trainingSeconds }, null, 2)}\n`);
}

/**
 * Reloads the encoder of a twin saved by {@link saveTwinRun} after `steps` steps. Returns
 * undefined when there is none (or it does not fit this network); the caller then trains it.
 */
export async function readFinishedTwinRun(runDir: string, steps: number, config: NetworkConfig, seed: number): Promise<FinishedTwinRun | undefined> {
  const summaryPath = join(runDir, SUMMARY);
  const checkpoint = join(runDir, "checkpoints", checkpointName(steps));
  if (!existsSync(summaryPath) || !existsSync(checkpoint)) return undefined;
  let summary: { steps?: unknown; trainingSeconds?: unknown };
  try {
    summary = JSON.parse(readFileSync(summaryPath, "utf8"));
  } catch {
    throw new BadInputError({ file: summaryPath, expected: "JSON of a finished twin ({ steps, trainingSeconds })", hint: "Delete the twin's folder to train it again" });
  }
  if (typeof summary.trainingSeconds !== "number") {
    throw new BadInputError({ file: summaryPath, field: "trainingSeconds", expected: "a number of seconds", got: summary.trainingSeconds, hint: "Delete the twin's folder to train it again" });
  }
  if (summary.steps !== steps) return undefined;
  const network = await restoreEncoder(checkpoint, config, seed);
  return network ? { network, trainingSeconds: summary.trainingSeconds } : undefined;
}
