import type { EvalResultRecord } from "./results-file.js";

/** A truth × prediction count table. */
export interface ConfusionTable {
  /** Row labels: truths, in answer-space order where known. */
  readonly truths: readonly string[];
  /** Column labels: predictions, then `(other)` and `(no answer)` when they occur. */
  readonly predictions: readonly string[];
  /** counts[i][j]: episodes with truth i answered j. */
  readonly counts: readonly (readonly number[])[];
}

/** What an evaluation measured. */
export interface EvalSummary {
  /** Episodes scored. */
  readonly scored: number;
  /** Episodes that failed after every retry (not in the rates below). */
  readonly failed: number;
  /** Mean of the reward's `accuracy` component (the score when there is none): for exact-match tasks, the fraction right. */
  readonly accuracy: number;
  /** Mean reward. */
  readonly meanScore: number;
  /** Fraction of responses with a readable `<answer>` block. */
  readonly validRate: number;
  readonly confusion: ConfusionTable;
}

export const OTHER_ANSWER = "(other)";
export const NO_ANSWER = "(no answer)";

/**
 * Summarises scored episodes. The confusion table has a column per answer of the task's
 * answer space when that space is small (`maxClasses`, default 12); otherwise the most
 * frequent truths and answers, with the rest pooled under `(other)`.
 */
export function summarizeResults(results: readonly EvalResultRecord[], failed: number, answerSpace?: readonly string[], maxClasses = 12): EvalSummary {
  const n = results.length;
  const mean = (f: (r: EvalResultRecord) => number) => (n === 0 ? 0 : results.reduce((s, r) => s + f(r), 0) / n);
  let classes: string[];
  if (answerSpace !== undefined && answerSpace.length <= maxClasses) {
    classes = [...answerSpace];
  } else {
    const frequency = new Map<string, number>();
    for (const r of results) {
      frequency.set(r.truth, (frequency.get(r.truth) ?? 0) + 1);
      if (r.answer !== null) frequency.set(r.answer, (frequency.get(r.answer) ?? 0) + 1);
    }
    classes = [...frequency].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxClasses).map(([k]) => k);
  }
  const known = new Set(classes);
  const truthOf = (r: EvalResultRecord) => (known.has(r.truth) ? r.truth : OTHER_ANSWER);
  const predictionOf = (r: EvalResultRecord) => (r.answer === null ? NO_ANSWER : known.has(r.answer) ? r.answer : OTHER_ANSWER);
  const truths = [...classes.filter((c) => results.some((r) => r.truth === c)), ...(results.some((r) => truthOf(r) === OTHER_ANSWER) ? [OTHER_ANSWER] : [])];
  const used = new Set(results.map(predictionOf));
  const predictions = [...classes, OTHER_ANSWER, NO_ANSWER].filter((c) => used.has(c) || (known.has(c) && truths.includes(c)));
  const counts = truths.map(() => predictions.map(() => 0));
  for (const r of results) counts[truths.indexOf(truthOf(r))]![predictions.indexOf(predictionOf(r))]!++;
  return {
    scored: n,
    failed,
    accuracy: mean((r) => r.components.accuracy ?? r.score),
    meanScore: mean((r) => r.score),
    validRate: mean((r) => (r.valid ? 1 : 0)),
    confusion: { truths, predictions, counts },
  };
}
