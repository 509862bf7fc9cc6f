/**
 * How the vision example's task names mark a probe other than its first one (the 64-d
 * embedding, which carries no mark): `rotation [conv probe]` is rotation's encoder probed on
 * its pooled conv features. Rows of different probes are kept apart by these names.
 */
export const VISION_PROBE_LABELS = { embedding: "", conv: "[conv probe]" } as const;
