/**
 * Advantage estimators for GRPO, picked by name in the config (as verl registers its
 * estimators). Rewards arrive grouped: `groups[i]` holds the G rewards sampled for episode i.
 * Each returns advantages of the same shape, one per sampled response.
 */

/** Options shared by the estimators. */
export interface AdvantageOptions {
  /** Added to the standard deviation before dividing (verl's epsilon, 1e-6). */
  readonly epsilon: number;
}

/** An advantage estimator. */
export type AdvantageEstimator = (groups: readonly (readonly number[])[], options: AdvantageOptions) => number[][];

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length === 0 ? 0 : s / values.length;
}

/** Sample standard deviation (n - 1 in the denominator, as torch.std computes it); 0 for one value. */
export function unbiasedStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / (values.length - 1));
}

/**
 * GRPO's own: (r - group mean) / (group std + ε).
 *
 * @example
 * ```ts
 * groupAdvantages([[1, 0, 0, 0]], { epsilon: 1e-6 }); // [[1.5, -0.5, -0.5, -0.5]]
 * ```
 */
export const groupAdvantages: AdvantageEstimator = (groups, { epsilon }) =>
  groups.map((g) => {
    const m = mean(g);
    const s = unbiasedStd(g);
    return g.map((r) => (r - m) / (s + epsilon));
  });

/** (r - group mean) / (std of all rewards in the batch + ε): one scale for every group. */
export const batchAdvantages: AdvantageEstimator = (groups, { epsilon }) => {
  const s = unbiasedStd(groups.flat());
  return groups.map((g) => {
    const m = mean(g);
    return g.map((r) => (r - m) / (s + epsilon));
  });
};

/** Dr. GRPO: r - group mean, no division (removes the bias toward low-variance groups). */
export const meanOnlyAdvantages: AdvantageEstimator = (groups) =>
  groups.map((g) => {
    const m = mean(g);
    return g.map((r) => r - m);
  });

/** The estimators by config name. */
export const ADVANTAGE_ESTIMATORS = Object.freeze({
  group: groupAdvantages,
  batch: batchAdvantages,
  none: meanOnlyAdvantages,
} satisfies Record<string, AdvantageEstimator>);

export type AdvantageNormalisation = keyof typeof ADVANTAGE_ESTIMATORS;

/** True when every reward in the group is the same: the group carries no learning signal. */
export function isDegenerateGroup(group: readonly number[]): boolean {
  return group.every((r) => r === group[0]);
}
