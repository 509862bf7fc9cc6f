import type { RunRecord } from "./run-record.js";

/** Mean probe accuracy (percent) over seeds at each probed step, validation and test apart. */
export interface ProbeCurve {
  readonly steps: number[];
  readonly valAccuracy: number[];
  readonly testAccuracy: number[];
  readonly seeds: number;
}

/**
 * The mean probe curve of a group of validation-selected runs: at each step that every run
 * probed, the mean validation and test accuracy over the runs. Undefined when the group is
 * empty or a run has no probe curve (it was not run with `--select-every`). The curves are kept
 * in the records themselves, so this needs no run folder.
 */
export function meanProbeCurve(records: readonly RunRecord[]): ProbeCurve | undefined {
  if (records.length === 0 || records.some((r) => r.selection === undefined)) return undefined;
  const byRun = records.map((r) => new Map(r.selection!.curve.map((p) => [p.step, p])));
  const steps = [...byRun[0]!.keys()].filter((step) => byRun.every((m) => m.has(step))).sort((a, b) => a - b);
  const mean = (step: number, field: "valAccuracy" | "testAccuracy") => byRun.reduce((sum, m) => sum + m.get(step)![field], 0) / byRun.length;
  return { steps, valAccuracy: steps.map((s) => mean(s, "valAccuracy")), testAccuracy: steps.map((s) => mean(s, "testAccuracy")), seeds: records.length };
}
