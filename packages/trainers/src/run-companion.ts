import type { PolicyNetwork } from "./policy-network.js";

/** What a companion keeps in each checkpoint: float32 tensors by name and one JSON value. */
export interface CompanionState {
  readonly tensors: Readonly<Record<string, Float32Array>>;
  readonly json: unknown;
}

/**
 * State a caller keeps beside a training run that must survive a crash together with the
 * weights: a weight average, a probe curve for model selection, the wall time spent so far.
 * The trainer calls `afterStep` after each optimiser step and before that step's checkpoint,
 * writes `save()` into the checkpoint file itself (so weights and companion can never come from
 * different steps), and on resume calls `restore` with what the checkpoint holds before the first
 * new step. A resumed run whose companion follows these rules ends in the state an uninterrupted
 * run would have.
 *
 * @example
 * ```ts
 * let probes: number[] = [];
 * const companion: RunCompanion = {
 *   afterStep: (step, network) => { if (step % 10 === 0) probes.push(probe(network)); },
 *   save: () => ({ tensors: {}, json: probes }),
 *   restore: (state) => { probes = state.json as number[]; },
 * };
 * ```
 */
export interface RunCompanion {
  /** Called after each optimiser step with the network as that step left it. It must not change the weights. */
  afterStep?(step: number, network: PolicyNetwork): void;
  /** The state to keep in the checkpoint being written after `step` steps. */
  save(step: number): CompanionState | Promise<CompanionState>;
  /** Puts back the state a checkpoint kept; the network already holds that checkpoint's weights. */
  restore(state: CompanionState, network: PolicyNetwork): void;
}
