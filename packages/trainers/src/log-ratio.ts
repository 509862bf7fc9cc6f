import * as tf from "@tensorflow/tfjs";

/**
 * d clamped to [−bound, bound], passing the gradient only where d is inside. Unlike
 * `clipByValue`, a NaN stays NaN on every backend (wasm's clamp turns it into a bound, which
 * would hide a broken step behind a finite loss).
 */
export function clampKeepingNaN(bound: number) {
  // customGrad hands its function the inputs and then the save function, typed as one list.
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const d = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([d]);
    return {
      value: tf.where(tf.notEqual(d, d), d, tf.clipByValue(d, -bound, bound)),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(saved!), bound), "float32")),
    };
  });
}

/**
 * log a − log b, bounded to [−bound, bound] so that exp of it cannot overflow float32 (whose
 * infinite gradient, times the zero a clamp or a max gives it, would be NaN).
 */
export function boundedLogRatio(logA: tf.Tensor, logB: tf.Tensor, bound: number): tf.Tensor {
  return clampKeepingNaN(bound)(tf.sub(logA, logB));
}
