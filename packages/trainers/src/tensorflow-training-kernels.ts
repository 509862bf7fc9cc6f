import * as tf from "@tensorflow/tfjs";

/** The part of tfjs-node's backend a kernel calls: one TensorFlow op by name. */
interface NativeBackend {
  executeSingleOutput(name: string, attrs: readonly unknown[], inputs: readonly tf.TensorInfo[]): tf.TensorInfo;
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number };
}

let registered = false;

/**
 * Faster kernels for the native `tensorflow` backend (tfjs-node), registered when it is
 * selected. The gradient of every fused conv/dense layer with ReLU is `dy · step(y)`, and
 * tfjs-node builds `Step` from seven TensorFlow ops over two filled tensors of the input's size
 * (about 25 ms per call on a 128×32×32×16 activation here); for the default slope of 0 it is
 * exactly `Sign(Relu(x))` (1 above zero, 0 at or below, NaN stays NaN), two ops and a third of
 * the time. Other slopes keep tfjs-node's kernel.
 */
export function registerTensorflowTrainingKernels(): void {
  if (registered) return;
  const original = tf.getKernel("Step", "tensorflow");
  if (original === undefined) return;
  registered = true;
  tf.unregisterKernel("Step", "tensorflow");
  tf.registerKernel({
    kernelName: "Step",
    backendName: "tensorflow",
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
      if (alpha !== 0 || x.dtype !== "float32") return original.kernelFunc(args);
      const backend = args.backend as unknown as NativeBackend;
      const type = [{ name: "T", type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT }];
      const positive = backend.executeSingleOutput("Relu", type, [x]);
      const result = backend.executeSingleOutput("Sign", type, [positive]);
      (positive as tf.Tensor).dispose();
      return result;
    },
  });
}
