import { type CompanionState, type PolicyNetwork, type RunCompanion, WeightAverage } from "@ssl4rl/trainers";
import { isProbeStep, type ProbePoint } from "./validation-selection.js";

/** How a graph run is watched while it trains. */
export interface WatchSettings {
  /** Decay of the encoder's weight average, which probes read instead of the live weights (0: none). */
  readonly averageDecay: number;
  /** Probe every this many steps and after the last (0: no probes during training). */
  readonly selectEvery: number;
  readonly steps: number;
  /** Probe accuracies (percent) of the network's encoder as it stands. */
  readonly probe: (network: PolicyNetwork) => Omit<ProbePoint, "step">;
  /** Told of each probed point. */
  readonly onProbe?: (point: ProbePoint) => void;
}

/** What a checkpoint keeps of a watch besides the average's tensors. */
interface SavedWatch {
  readonly curve: ProbePoint[];
  readonly averageUpdates: number;
  readonly seconds: number;
}

/**
 * What the graph example keeps beside a training run: the validation-probe curve that model
 * selection chooses from, the encoder's weight average, and the wall time spent (probes
 * included). As the run's companion it is saved in every checkpoint, so a run stopped and
 * resumed ends with the curve, the average and (up to the steps done twice) the time of an
 * uninterrupted run.
 *
 * @example
 * ```ts
 * const watch = new TrainingWatch({ averageDecay: 0.9, selectEvery: 10, steps: 100, probe });
 * await runGrpo({ trainer: { registry, runDir, resume: true, companion: watch, openSource }, ... });
 * const chosen = chooseByValidation(watch.curve);
 * ```
 */
export class TrainingWatch implements RunCompanion {
  readonly #settings: WatchSettings;
  #curve: ProbePoint[] = [];
  #average: WeightAverage | undefined;
  #earlierSeconds = 0;
  #since = performance.now();

  constructor(settings: WatchSettings) {
    this.#settings = settings;
  }

  /** Every probed point so far, in step order. */
  get curve(): readonly ProbePoint[] {
    return this.#curve;
  }

  /** Wall seconds this run has taken, its earlier stopped part included. */
  get seconds(): number {
    return this.#earlierSeconds + (performance.now() - this.#since) / 1000;
  }

  afterStep(step: number, network: PolicyNetwork): void {
    const { averageDecay, selectEvery, steps } = this.#settings;
    if (averageDecay > 0) this.#averageOf(network).update();
    if (!isProbeStep(step, selectEvery, steps)) return;
    const point = { step, ...this.read(network, () => this.#settings.probe(network)) };
    this.#curve.push(point);
    this.#settings.onProbe?.(point);
  }

  /** Runs `read` on the encoder the probes see: the weight average when there is one, else the live weights. */
  read<T>(network: PolicyNetwork, read: () => T): T {
    return this.#settings.averageDecay === 0 ? read() : this.#averageOf(network).withAverage(read);
  }

  async save(): Promise<CompanionState> {
    const json: SavedWatch = { curve: [...this.#curve], averageUpdates: this.#average?.updates ?? 0, seconds: this.seconds };
    return { tensors: this.#average ? await this.#average.snapshot() : {}, json };
  }

  restore(state: CompanionState, network: PolicyNetwork): void {
    const saved = state.json as SavedWatch;
    this.#curve = [...saved.curve];
    if (this.#settings.averageDecay > 0 && saved.averageUpdates > 0) this.#averageOf(network).restore(state.tensors, saved.averageUpdates);
    // This session's clock keeps running from construction: its start-up counts, the lost steps after the checkpoint do not.
    this.#earlierSeconds = saved.seconds;
  }

  dispose(): void {
    this.#average?.dispose();
  }

  #averageOf(network: PolicyNetwork): WeightAverage {
    this.#average ??= new WeightAverage(network.store, this.#settings.averageDecay, "graph");
    return this.#average;
  }
}
