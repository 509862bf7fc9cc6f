import type { Method, RunRecord } from "./run-record.js";

/** One row of `examples/results.json`, in the field order. */
export interface ResultRow {
  readonly example: string;
  readonly dataset: string;
  readonly task: string;
  readonly method: Method;
  /**
   * What the number is: `linear-probe-accuracy` (percent, test split), `final-reward` (0..1),
   * or `validation-probe-accuracy` (percent, validation split, at the steps that model
   * selection chose; what a choice between settings may be made on without reading the test split).
   */
  readonly metric: string;
  readonly mean: number;
  /** Sample standard deviation over seeds (n − 1); 0 for a single seed or a reference. */
  readonly std: number;
  readonly seeds: readonly number[];
  readonly steps: number;
  /** Mean wall time of one seed's run (training plus probe), seconds; 0 for a reference. */
  readonly wall_s: number;
  readonly backend: string;
  readonly command: string;
}

/** Mean and sample standard deviation (n − 1; 0 when n < 2). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance) };
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * Groups run records that differ only by seed (same example, dataset, task, method, steps)
 * and turns each group into result rows: probe accuracy always, final reward for GRPO, and the
 * validation accuracy of the chosen steps when every seed was validation-selected.
 * Groups keep the order in which their first record appears.
 *
 * @example
 * ```ts
 * const rows = summaryRows(records);
 * rows[0].metric; // "linear-probe-accuracy"
 * ```
 */
export function summaryRows(records: readonly RunRecord[]): ResultRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = [r.example, r.dataset, r.task, r.method, r.steps].join("|");
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const rows: ResultRow[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.seed - b.seed);
    const first = list[0]!;
    // Built field by field so results.json keeps the field order.
    const row = (metric: string, stats: { mean: number; std: number }, digits: number): ResultRow => ({
      example: first.example,
      dataset: first.dataset,
      task: first.task,
      method: first.method,
      metric,
      mean: round(stats.mean, digits),
      std: round(stats.std, digits),
      seeds: list.map((r) => r.seed),
      steps: first.steps,
      wall_s: round(meanStd(list.map((r) => r.wallSeconds)).mean, 1),
      backend: first.backend,
      // A group run in pieces (seed 1, then seeds 2,3) is reproduced by one command over all its seeds.
      command: first.command.replace(/--seeds [\d,]+/, `--seeds ${list.map((r) => r.seed).join(",")}`),
    });
    rows.push(row("linear-probe-accuracy", meanStd(list.map((r) => r.probeAccuracy)), 2));
    const rewards = list.map((r) => r.finalReward).filter((v): v is number => v !== undefined);
    if (rewards.length === list.length) rows.push(row("final-reward", meanStd(rewards), 3));
    const validation = list.map((r) => r.selection?.valAccuracy).filter((v): v is number => v !== undefined);
    if (validation.length === list.length) rows.push(row("validation-probe-accuracy", meanStd(validation), 2));
  }
  return rows;
}

/** A published figure quoted for comparison (no run of ours). */
export function referenceRow(example: string, dataset: string, task: string, accuracy: number, source: string): ResultRow {
  return { example, dataset, task, method: "reference", metric: "linear-probe-accuracy", mean: accuracy, std: 0, seeds: [], steps: 0, wall_s: 0, backend: "n/a", command: source };
}
