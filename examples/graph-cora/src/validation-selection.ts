/** One probe of the encoder during training: both split accuracies (percent) at a step. */
export interface ProbePoint {
  readonly step: number;
  /** Probe accuracy on the validation nodes (500 on the Planetoid split): the only thing that chooses. */
  readonly valAccuracy: number;
  /** Probe accuracy on the test nodes: reported for the chosen step, never compared. */
  readonly testAccuracy: number;
}

/** What model selection kept: the chosen point and every point probed, in step order. */
export interface ValidationSelection {
  /** Probe interval in steps. */
  readonly every: number;
  readonly chosen: ProbePoint;
  readonly curve: readonly ProbePoint[];
}

/**
 * The probed point with the best validation accuracy; ties go to the earliest step (less
 * training for the same validation score). Test accuracy is never read, so it cannot steer
 * the choice: early stopping on the validation split, as the public split intends.
 *
 * @example
 * ```ts
 * chooseByValidation([
 *   { step: 5, valAccuracy: 70, testAccuracy: 80 },
 *   { step: 10, valAccuracy: 72, testAccuracy: 75 },
 * ]).step; // 10
 * ```
 */
export function chooseByValidation(curve: readonly ProbePoint[]): ProbePoint {
  if (curve.length === 0) throw new Error("model selection needs at least one probed step; none was probed (is --select-every larger than --steps?)");
  let best = curve[0]!;
  for (const p of curve) if (p.valAccuracy > best.valAccuracy || (p.valAccuracy === best.valAccuracy && p.step < best.step)) best = p;
  return best;
}

/** Whether training probes after `step` of `steps`: every `every` steps, and always after the last. */
export function isProbeStep(step: number, every: number, steps: number): boolean {
  return every > 0 && (step % every === 0 || step === steps);
}
