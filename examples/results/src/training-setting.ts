/** A task entry as the trainer's config takes it. */
export interface TaskEntry {
  readonly id: string;
  readonly options: Record<string, unknown>;
  readonly weight?: number;
}

/** A named training setting of a results table: one task, or an explicit mix. */
export interface TrainingSetting {
  readonly name: string;
  readonly tasks: readonly TaskEntry[];
  /** Expected reward of a uniformly random answer. */
  readonly chance: number;
}
