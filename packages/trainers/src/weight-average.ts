import * as tf from "@tensorflow/tfjs";
import type { ParameterStore } from "./parameter-store.js";

/**
 * An exponential moving average of a policy's weights (Polyak averaging), kept beside the
 * weights training moves. Policy-gradient steps are noisy; an encoder read through the average
 * of its recent weights is a smoother estimate of where training is heading, and costs one
 * multiply-add per weight per step. Training itself never reads the average: a probe or an
 * evaluation borrows it with {@link WeightAverage.withAverage}.
 *
 * Early steps use the bias-corrected decay min(decay, (1 + n) / (10 + n)) after n updates, so
 * the average is not dragged towards the initial weights for the first 1 / (1 − decay) steps.
 *
 * @example
 * ```ts
 * const average = new WeightAverage(network.store, 0.9, "graph");
 * // after every optimiser step:
 * average.update();
 * // probe the averaged encoder, then carry on training the live weights:
 * const accuracy = average.withAverage(() => probe(network));
 * ```
 */
export class WeightAverage {
  readonly decay: number;
  readonly #store: ParameterStore;
  readonly #prefix: string;
  readonly #averages = new Map<string, tf.Variable>();
  #updates = 0;

  /**
   * @param decay weight of the old average at each update, in [0, 1); 0 keeps the latest weights.
   * @param prefix only parameters whose name starts with it are averaged (e.g. `graph` for the
   *   GCN encoders, leaving the task heads alone); "" averages every parameter.
   */
  constructor(store: ParameterStore, decay: number, prefix = "") {
    if (!(decay >= 0 && decay < 1)) throw new Error(`weight average decay must be in [0, 1), got ${decay}`);
    this.#store = store;
    this.decay = decay;
    this.#prefix = prefix;
  }

  /** Updates made so far. */
  get updates(): number {
    return this.#updates;
  }

  /** Names of the averaged parameters (those of the store that matched the prefix at the last update). */
  get names(): string[] {
    return [...this.#averages.keys()];
  }

  /**
   * Folds the current weights into the average. A parameter the store gained since the last
   * update (a head added for a new task) starts its average at its current value.
   */
  update(): void {
    const rate = Math.min(this.decay, (1 + this.#updates) / (10 + this.#updates));
    tf.tidy(() => {
      for (const [name, live] of this.#store.variables) {
        if (!name.startsWith(this.#prefix)) continue;
        const average = this.#averages.get(name);
        if (!average) {
          this.#averages.set(name, tf.variable(live.clone(), false));
          continue;
        }
        average.assign(average.mul(rate).add(live.mul(1 - rate)));
      }
    });
    this.#updates++;
  }

  /**
   * Runs `read` with the averaged weights in place of the live ones and puts the live weights
   * back afterwards, also when `read` throws. Before the first update it runs on the live weights.
   */
  withAverage<T>(read: () => T): T {
    const saved = new Map<string, tf.Tensor>();
    try {
      for (const [name, average] of this.#averages) {
        const live = this.#store.get(name);
        saved.set(name, live.clone());
        live.assign(average);
      }
      return read();
    } finally {
      for (const [name, kept] of saved) {
        this.#store.get(name).assign(kept);
        kept.dispose();
      }
    }
  }

  /** The averaged weights as float arrays (for a checkpoint of the averaged encoder). */
  async snapshot(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of this.#averages) out[name] = (await v.data()) as Float32Array;
    return out;
  }

  /**
   * Replaces the average with saved values (a {@link WeightAverage.snapshot} and the update
   * count it was taken at), e.g. when a stopped run continues from its checkpoint. A saved name
   * the store does not hold, or a length that differs, is an error: the average would not match
   * the network it averages.
   */
  restore(values: Readonly<Record<string, Float32Array>>, updates: number): void {
    for (const [name, array] of Object.entries(values)) {
      const live = this.#store.variables.get(name);
      if (!live) throw new Error(`weight average: the saved average has ${name}, which the network does not`);
      if (live.size !== array.length) throw new Error(`weight average: ${name} has ${live.size} values, the saved average ${array.length}`);
    }
    this.dispose();
    tf.tidy(() => {
      for (const [name, array] of Object.entries(values)) this.#averages.set(name, tf.variable(tf.tensor(array, this.#store.variables.get(name)!.shape), false));
    });
    this.#updates = updates;
  }

  dispose(): void {
    for (const v of this.#averages.values()) v.dispose();
    this.#averages.clear();
  }
}
