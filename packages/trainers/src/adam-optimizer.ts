import * as tf from "@tensorflow/tfjs";

/** Settings of {@link AdamOptimizer}. */
export interface AdamSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Weight decay; applied to the weights directly (decoupled) when `decoupled`, else added to the gradient (L2, plain Adam). */
  readonly weightDecay: number;
  readonly decoupled: boolean;
}

/**
 * Adam, or AdamW when `decoupled` (Loshchilov & Hutter), over named variables. Written here
 * rather than taken from `tf.train` so its moments can be saved and restored exactly for
 * `--resume`, and so the learning rate can change per step.
 */
export class AdamOptimizer {
  readonly #settings: AdamSettings;
  readonly #m = new Map<string, tf.Variable>();
  readonly #v = new Map<string, tf.Variable>();
  #step = 0;

  constructor(settings: AdamSettings) {
    this.#settings = settings;
  }

  /** Updates applied so far. */
  get step(): number {
    return this.#step;
  }

  /** Applies one update with learning rate `rate`; gradients are by variable name. */
  apply(variables: ReadonlyMap<string, tf.Variable>, gradients: Readonly<Record<string, tf.Tensor>>, rate: number): void {
    const { beta1, beta2, epsilon, weightDecay, decoupled } = this.#settings;
    this.#step++;
    const c1 = 1 - beta1 ** this.#step;
    const c2 = 1 - beta2 ** this.#step;
    tf.tidy(() => {
      for (const [name, variable] of variables) {
        let g = gradients[name];
        if (g === undefined) continue;
        if (weightDecay > 0 && !decoupled) g = tf.add(g, tf.mul(weightDecay, variable));
        const m = this.#moment(this.#m, name, variable);
        const v = this.#moment(this.#v, name, variable);
        m.assign(tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g)));
        v.assign(tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g))));
        let update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        if (weightDecay > 0 && decoupled) update = tf.add(update, tf.mul(weightDecay, variable));
        variable.assign(tf.sub(variable, tf.mul(rate, update)));
      }
    });
  }

  #moment(store: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let moment = store.get(name);
    if (!moment) {
      moment = tf.variable(tf.zerosLike(like), false);
      store.set(name, moment);
    }
    return moment;
  }

  /** Moments and step, for a checkpoint. */
  async state(): Promise<{ step: number; tensors: Record<string, Float32Array> }> {
    const tensors: Record<string, Float32Array> = {};
    for (const [name, m] of this.#m) tensors[`m/${name}`] = (await m.data()) as Float32Array;
    for (const [name, v] of this.#v) tensors[`v/${name}`] = (await v.data()) as Float32Array;
    return { step: this.#step, tensors };
  }

  /** Restores what {@link AdamOptimizer.state} saved. */
  restore(step: number, tensors: Readonly<Record<string, Float32Array>>, variables: ReadonlyMap<string, tf.Variable>): void {
    this.dispose();
    this.#step = step;
    for (const [key, values] of Object.entries(tensors)) {
      const [kind, ...rest] = key.split("/");
      const name = rest.join("/");
      const like = variables.get(name);
      if (!like) continue;
      (kind === "m" ? this.#m : this.#v).set(name, tf.variable(tf.tensor(values, like.shape), false));
    }
  }

  dispose(): void {
    for (const t of [...this.#m.values(), ...this.#v.values()]) t.dispose();
    this.#m.clear();
    this.#v.clear();
  }
}

/** Scales gradients so their global L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipByGlobalNorm(gradients: Record<string, tf.Tensor>, maxNorm: number): { gradients: Record<string, tf.Tensor>; norm: number } {
  const names = Object.keys(gradients);
  const norm = tf.tidy(() => Math.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(gradients[n]!)))).dataSync()[0]!));
  if (!(maxNorm > 0) || !Number.isFinite(norm) || norm <= maxNorm) return { gradients, norm };
  const scale = maxNorm / (norm + 1e-6);
  const out: Record<string, tf.Tensor> = {};
  for (const n of names) {
    out[n] = tf.mul(gradients[n]!, scale);
    gradients[n]!.dispose();
  }
  return { gradients: out, norm };
}
