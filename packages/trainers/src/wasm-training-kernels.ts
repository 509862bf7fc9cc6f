import * as tf from "@tensorflow/tfjs";

/**
 * The wasm backend of tfjs 4.22 lacks two kernels that training needs: `Conv2DBackpropFilter`
 * (the weight gradient of every convolution) and `UnsortedSegmentSum` (the gradient of
 * `gather`, which message passing uses). This registers both for wasm through tfjs's kernel
 * registry, so `tf.grad` works there as it does on the cpu backend. It also replaces two
 * slow paths with faster ones built the same way: `Conv2DBackpropInput`, and `BatchMatMul`
 * with transposed operands.
 */

interface WasmLikeBackend {
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let registered = false;

/** Hands a tensor computed inside a kernel to the engine as the kernel's output. */
function asKernelOutput(backend: WasmLikeBackend, result: tf.Tensor): tf.TensorInfo {
  // The engine wraps the returned data in a new tensor without adding a reference, so keep
  // one for it before releasing ours.
  backend.incRef(result.dataId);
  const info = { dataId: result.dataId, shape: result.shape.slice(), dtype: result.dtype };
  result.dispose();
  return info;
}

/** A tensor view of a kernel input; disposing it releases only the reference taken here. */
function borrow(backend: WasmLikeBackend, info: tf.TensorInfo): tf.Tensor {
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * Weight gradient of a 2-D convolution as one matrix product: lay out the input patches each
 * output pixel saw, transposed (im2colᵀ, `[taps × cin, pixels]`, one pass in plain JS over
 * the wasm heap), then multiply by dy `[pixels, cout]` in wasm's XNNPACK matmul. Built from
 * strided slices instead, the copying alone cost more than the product.
 */
function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmLikeBackend;
  const attrs = args.attrs as unknown as {
    strides: number | [number, number];
    pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: [number, number, number, number];
  };
  if (attrs.dataFormat === "NCHW") throw new Error("Conv2DBackpropFilter on wasm supports NHWC only");
  const xInfo = args.inputs.x!;
  const dyInfo = args.inputs.dy!;
  const [kh, kw, cin, cout] = attrs.filterShape;
  const [n, h, w] = xInfo.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(xInfo.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast");
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const pixels = n * oh * ow;
  const taps = kh * kw * cin;
  const cols = new Float32Array(taps * pixels);
  const xs = backend.typedArrayFromHeap(xInfo) as Float32Array;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < cin; c++) {
        const row = ((i * kw + j) * cin + c) * pixels;
        let p = 0;
        for (let b = 0; b < n; b++) {
          for (let y = 0; y < oh; y++) {
            const sy = y * sh + i - top;
            if (sy < 0 || sy >= h) {
              p += ow; // zero padding: the row stays 0
              continue;
            }
            const base = (b * h + sy) * w;
            for (let x = 0; x < ow; x++, p++) {
              const sx = x * sw + j - left;
              if (sx >= 0 && sx < w) cols[row + p] = xs[(base + sx) * cin + c]!;
            }
          }
        }
      }
    }
  }
  const result = tf.tidy(() => {
    const dy = borrow(backend, dyInfo);
    return tf.matMul(tf.tensor2d(cols, [taps, pixels]), dy.reshape([pixels, cout])).reshape([kh, kw, cin, cout]);
  });
  return asKernelOutput(backend, result);
}

/**
 * Input gradient of a 2-D convolution (replaces wasm's own, a scalar loop that took the
 * largest share of a training step): dy `[pixels, cout]` · Wᵀ `[cout, taps × cin]` in
 * XNNPACK's matmul gives each output pixel's patch gradient, and one JS pass adds the patches
 * back into the input positions they came from (col2im). Wᵀ is transposed explicitly: wasm's
 * matmul with `transposeB` is several times slower than on a transposed copy.
 */
function conv2dBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmLikeBackend;
  const attrs = args.attrs as unknown as {
    strides: number | [number, number];
    pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    inputShape: [number, number, number, number];
  };
  if (attrs.dataFormat === "NCHW") throw new Error("Conv2DBackpropInput on wasm supports NHWC only");
  const dyInfo = args.inputs.dy!;
  const filterInfo = args.inputs.filter!;
  const [kh, kw, cin, cout] = filterInfo.shape as [number, number, number, number];
  const [n, h, w] = attrs.inputShape;
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, [kh, kw, cin, cout], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast");
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const pixels = n * oh * ow;
  const taps = kh * kw * cin;
  const patchGrads = tf.tidy(() => {
    const dy = borrow(backend, dyInfo);
    const filter = borrow(backend, filterInfo);
    return tf.matMul(dy.reshape([pixels, cout]), tf.transpose(filter.reshape([taps, cout])));
  });
  const out = backend.makeOutput([n, h, w, cin], "float32");
  // Views of the wasm heap are taken after the last allocation: growing the heap detaches them.
  const cols = backend.typedArrayFromHeap(patchGrads) as Float32Array;
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  let p = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++, p++) {
        const rowBase = p * taps;
        for (let i = 0; i < kh; i++) {
          const sy = y * sh + i - top;
          if (sy < 0 || sy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const sx = x * sw + j - left;
            if (sx < 0 || sx >= w) continue;
            const dst = ((b * h + sy) * w + sx) * cin;
            const src = rowBase + (i * kw + j) * cin;
            for (let c = 0; c < cin; c++) dx[dst + c]! += cols[src + c]!;
          }
        }
      }
    }
  }
  patchGrads.dispose();
  return out;
}

/** Swaps the last two axes (a batch of matrices, transposed). */
function transposeLast(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 1], perm[r - 2]] = [perm[r - 2]!, perm[r - 1]!];
  return tf.transpose(t, perm);
}

/**
 * Wraps wasm's `BatchMatMul` so that a transposed operand is transposed explicitly first:
 * with `transposeA` or `transposeB` set, the wasm kernel runs several times slower than a
 * transpose followed by a plain product, and backpropagation through every dense layer asks
 * for exactly those products (dy·Wᵀ, Xᵀ·dy).
 */
function transposingBatchMatMul(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original(args as Parameters<tf.KernelFunc>[0]);
    const backend = args.backend as WasmLikeBackend;
    const result = tf.tidy(() => {
      let a = borrow(backend, args.inputs.a!);
      let b = borrow(backend, args.inputs.b!);
      if (attrs.transposeA) a = transposeLast(a);
      if (attrs.transposeB) b = transposeLast(b);
      return tf.matMul(a, b);
    });
    return asKernelOutput(backend, result);
  }) as unknown as tf.KernelFunc;
}

/** Sums rows of `x` into `numSegments` buckets by `segmentIds` (ids outside the range are dropped, as in TensorFlow). */
function unsortedSegmentSum(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmLikeBackend;
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  const x = args.inputs.x!;
  const ids = args.inputs.segmentIds!;
  const rows = ids.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(ids.shape.length).reduce((a, b) => a * b, 1);
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  const xs = backend.typedArrayFromHeap(x);
  const idv = backend.typedArrayFromHeap(ids);
  const os = backend.typedArrayFromHeap(out);
  os.fill(0);
  for (let r = 0; r < rows; r++) {
    const s = idv[r]!;
    if (s < 0 || s >= numSegments) continue;
    const src = r * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) os[dst + k]! += xs[src + k]!;
  }
  return out;
}

/**
 * Registers the missing training kernels for the wasm backend (once per process; a kernel
 * that tfjs itself provides in a later version is left alone).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel("Conv2DBackpropFilter", "wasm")) {
    tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc });
  }
  // Replaces wasm's own with the same results, faster (see conv2dBackpropInput).
  if (tf.getKernel("Conv2DBackpropInput", "wasm")) tf.unregisterKernel("Conv2DBackpropInput", "wasm");
  tf.registerKernel({ kernelName: "Conv2DBackpropInput", backendName: "wasm", kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc });
  const matMul = tf.getKernel("BatchMatMul", "wasm");
  if (matMul) {
    tf.unregisterKernel("BatchMatMul", "wasm");
    // setupFunc binds the wasm function the original calls; it runs when the backend starts.
    tf.registerKernel({ ...matMul, kernelFunc: transposingBatchMatMul(matMul.kernelFunc) });
  }
  if (!tf.getKernel("UnsortedSegmentSum", "wasm")) {
    tf.registerKernel({ kernelName: "UnsortedSegmentSum", backendName: "wasm", kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc });
  }
}
