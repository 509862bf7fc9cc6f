import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BadInputError, writeFileAtomic } from "@ssl4rl/core";
import { checkpointName, type CrossEntropyStepReport, type NetworkConfig, type PolicyNetwork, readStepLog, secondsUpTo, STEP_LOG_FILE } from "@ssl4rl/trainers";
import { restoreEncoder } from "./restore-encoder.js";

/** A cross-entropy twin already trained to its last step: its encoder and how long it trained. */
export interface FinishedTwinRun {
  readonly network: PolicyNetwork;
  /** Seconds the training took when it ran (no probe). */
  readonly trainingSeconds: number;
}

const SUMMARY = "twin.json";

/**
 * Marks a twin finished after `steps` steps: `twin.json` with its training time, beside the
 * last step's checkpoint that `trainCrossEntropy` wrote to `runDir` (weights and optimiser
 * state). The summary is written last and atomically, so it always names a complete
 * checkpoint; another probe of the same run then needs no retraining.
 */
export async function saveTwinRun(runDir: string, steps: number, trainingSeconds: number): Promise<void> {
  const checkpoint = join(runDir, "checkpoints", checkpointName(steps));
  if (!existsSync(checkpoint)) throw new Error(`the twin in ${runDir} has no checkpoint of step ${steps} (${checkpoint}); was it trained with checkpoints in this folder?`);
  await writeFileAtomic(join(runDir, SUMMARY), `${JSON.stringify({ steps, trainingSeconds }, null, 2)}\n`);
}

/** Training seconds a twin's `metrics.jsonl` logged up to `step` (the part of a resumed run that ran before it stopped). */
export async function twinSecondsBefore(runDir: string, step: number): Promise<number> {
  if (step <= 0) return 0;
  return secondsUpTo(await readStepLog<CrossEntropyStepReport>(join(runDir, STEP_LOG_FILE)), step);
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
