import * as tf from "@tensorflow/tfjs";
import { Random } from "@ssl4rl/core";

/**
 * The trainable weights of a policy, by name (`image/conv1/w`, `head/vision/rotation/out/b`).
 * Weights are initialised from a seeded {@link Random}, so a seed gives the same network on
 * every backend, and saved or restored as plain float arrays.
 */
export class ParameterStore {
  readonly variables = new Map<string, tf.Variable>();
  readonly #rng: Random;

  constructor(seed: number | string) {
    this.#rng = Random.fromSeed(seed).fork("init");
  }

  /** He-normal weights (std √(2 / fanIn)), drawn from a stream named after the variable. */
  heNormal(name: string, shape: number[], fanIn: number): tf.Variable {
    const rng = this.#rng.fork(name);
    const std = Math.sqrt(2 / fanIn);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = rng.normal(0, std);
    return this.#add(name, tf.tensor(values, shape));
  }

  /** Constant-filled weights (biases). */
  constant(name: string, shape: number[], value = 0): tf.Variable {
    return this.#add(name, tf.fill(shape, value));
  }

  /** Weights with given starting values (row-major). */
  values(name: string, shape: number[], values: readonly number[]): tf.Variable {
    return this.#add(name, tf.tensor(values, shape));
  }

  /** The variable, or an error naming it. */
  get(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (!v) throw new Error(`no parameter named ${name}`);
    return v;
  }

  #add(name: string, initial: tf.Tensor): tf.Variable {
    if (this.variables.has(name)) throw new Error(`parameter ${name} defined twice`);
    // tfjs names variables globally; leave it to number them so two stores never clash.
    const v = tf.variable(initial, true);
    initial.dispose();
    this.variables.set(name, v);
    return v;
  }

  /** Number of trainable numbers. */
  get size(): number {
    let n = 0;
    for (const v of this.variables.values()) n += v.size;
    return n;
  }

  /** All weights as float arrays, for a checkpoint. */
  async snapshot(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of this.variables) out[name] = (await v.data()) as Float32Array;
    return out;
  }

  /** Overwrites weights from a snapshot; names or shapes that do not match are an error naming them. */
  restore(values: Readonly<Record<string, Float32Array>>): void {
    for (const [name, v] of this.variables) {
      const saved = values[name];
      if (!saved || saved.length !== v.size) throw new Error(`checkpoint lacks parameter ${name} of ${v.size} values`);
      v.assign(tf.tensor(saved, v.shape));
    }
  }

  /**
   * Overwrites the weights that `values` holds under the same name and size, leaving the rest
   * alone (a probe loads only the encoder of a trained policy). Returns how many were set.
   */
  restoreMatching(values: Readonly<Record<string, Float32Array>>, prefix = ""): number {
    let n = 0;
    for (const [name, v] of this.variables) {
      const saved = values[name];
      if (!name.startsWith(prefix) || !saved || saved.length !== v.size) continue;
      v.assign(tf.tensor(saved, v.shape));
      n++;
    }
    return n;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
