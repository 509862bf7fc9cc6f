import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkpointName, type NetworkConfig, type PolicyNetwork, readMetrics, secondsUpTo, STEP_LOG_FILE } from "@ssl4rl/trainers";
import { restoreEncoder } from "./restore-encoder.js";

/** A GRPO run already trained to its last step: its encoder and what its metrics recorded. */
export interface FinishedGrpoRun {
  readonly network: PolicyNetwork;
  readonly firstReward: number;
  readonly finalReward: number;
  /** Sum of the per-step seconds the run logged (training only, no probe). */
  readonly trainingSeconds: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Reloads the encoder of a GRPO run that finished `steps` steps in `runDir` (its final
 * checkpoint and a `metrics.jsonl` line per step), so probing it another way needs no
 * retraining. Rewards are read the way `runGrpo` reports them (first 3, last 10 steps).
 * Returns undefined when the run is absent or unfinished; the caller then trains it.
 */
export async function readFinishedGrpoRun(runDir: string, steps: number, config: NetworkConfig, seed: number): Promise<FinishedGrpoRun | undefined> {
  const checkpoint = join(runDir, "checkpoints", checkpointName(steps));
  if (!existsSync(checkpoint) || !existsSync(join(runDir, STEP_LOG_FILE))) return undefined;
  // The trainers' own reader (a line cut short by a kill is skipped); a step logged twice keeps its last line.
  const byStep = new Map((await readMetrics(runDir)).map((l) => [l.step, l] as const));
  if (byStep.size !== steps || !byStep.has(steps)) return undefined;
  const ordered = [...byStep.values()].sort((a, b) => a.step - b.step);
  const rewards = ordered.map((l) => l.rewardMean);
  const network = await restoreEncoder(checkpoint, config, seed);
  if (!network) return undefined;
  return { network, firstReward: mean(rewards.slice(0, 3)), finalReward: mean(rewards.slice(-10)), trainingSeconds: secondsUpTo(ordered, steps) };
}
