/**
 * Learning-rate schedules by name: each maps a step (0-based) to a rate, with an optional
 * linear warm-up from 0 over `warmupSteps`.
 */
export interface ScheduleOptions {
  readonly baseRate: number;
  readonly totalSteps: number;
  readonly warmupSteps: number;
  /** Rate at the end, as a fraction of the base (cosine and linear decay). */
  readonly finalFraction: number;
}

export type LearningRateSchedule = (step: number, options: ScheduleOptions) => number;

function warm(step: number, o: ScheduleOptions): number | undefined {
  return o.warmupSteps > 0 && step < o.warmupSteps ? (o.baseRate * (step + 1)) / o.warmupSteps : undefined;
}

function progress(step: number, o: ScheduleOptions): number {
  const span = Math.max(1, o.totalSteps - o.warmupSteps);
  return Math.min(1, Math.max(0, (step - o.warmupSteps) / span));
}

/** The base rate throughout (after warm-up). */
export const constantSchedule: LearningRateSchedule = (step, o) => warm(step, o) ?? o.baseRate;

/** Linear decay to `finalFraction` of the base at the last step. */
export const linearSchedule: LearningRateSchedule = (step, o) => warm(step, o) ?? o.baseRate * (1 - (1 - o.finalFraction) * progress(step, o));

/** Half-cosine decay to `finalFraction` of the base at the last step. */
export const cosineSchedule: LearningRateSchedule = (step, o) =>
  warm(step, o) ?? o.baseRate * (o.finalFraction + (1 - o.finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress(step, o))));

/** The schedules by config name. */
export const LR_SCHEDULES = Object.freeze({ constant: constantSchedule, linear: linearSchedule, cosine: cosineSchedule } satisfies Record<string, LearningRateSchedule>);
export type LearningRateScheduleName = keyof typeof LR_SCHEDULES;

/** The options a schedule choice may leave out: no warm-up, and a decay to a tenth of the base. */
export const SCHEDULE_DEFAULTS = Object.freeze({ warmupSteps: 0, finalFraction: 0.1 });

/** A schedule as a run's settings give it: its name, and the options the trainer does not fix. */
export interface ScheduleChoice {
  readonly kind: LearningRateScheduleName;
  /** Steps of linear warm-up from 0 (default 0). */
  readonly warmupSteps?: number;
  /** Rate at the end as a fraction of the base, for the decaying schedules (default 0.1). */
  readonly finalFraction?: number;
}

/** The rate at each step (0-based) of a run of `totalSteps` on `choice` (constant when absent) from `baseRate`. */
export function scheduledRate(choice: ScheduleChoice | undefined, baseRate: number, totalSteps: number): (step: number) => number {
  const schedule = LR_SCHEDULES[choice?.kind ?? "constant"];
  const options = { baseRate, totalSteps, warmupSteps: choice?.warmupSteps ?? SCHEDULE_DEFAULTS.warmupSteps, finalFraction: choice?.finalFraction ?? SCHEDULE_DEFAULTS.finalFraction };
  return (step) => schedule(step, options);
}

/**
 * Whether a run on `schedule` may be resumed with another step budget: only when the rate does
 * not depend on the budget (a constant rate, warm-up aside). A decaying rate is laid out over the
 * budget, so a longer one would change the steps already taken.
 */
export const budgetMayGrow = (schedule: ScheduleChoice | undefined): boolean => schedule === undefined || schedule.kind === "constant";
