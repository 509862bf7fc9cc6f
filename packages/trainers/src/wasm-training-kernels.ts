import * as tf from "@tensorflow/tfjs";

/**
 * The wasm backend of tfjs 4.22 lacks two kernels that training needs: `Conv2DBackpropFilter`
 * (the weight gradient of every convolution) and `UnsortedSegmentSum` (the gradient of
 * `gather`, which message passing uses). This registers both for wasm through tfjs's kernel
 * registry, so `tf.grad` works there as it does on the cpu backend. It also replaces slow
 * paths with faster ones built the same way: `Conv2DBackpropInput`, `BatchMatMul` with
 * transposed operands, `GatherV2` and a broadcasting `LogicalAnd` (both on message passing's
 * path).
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
 * Weight gradient of a 2-D convolution, computed as another convolution so that it runs in
 * XNNPACK's SIMD conv: with the batch moved to the channel axis, dW[i, j, c, o] =
 * Σ_{n,y,x} Xpad[n, y·s + i, x·s + j, c] · dy[n, y, x, o] is a 'valid' convolution of Xpad
 * (as `[cin, H, W, n]`) by dy (as a `[Ho, Wo, n, cout]` filter) dilated by the forward stride.
 * (An im2col in plain JS was tried first; its copying cost more than the product.)
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
  const [kh, kw, cin, cout] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(args.inputs.x!.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast");
  const { top, bottom, left, right } = info.padInfo;
  const result = tf.tidy(() => {
    const x = borrow(backend, args.inputs.x!) as tf.Tensor4D;
    const dy = borrow(backend, args.inputs.dy!) as tf.Tensor4D;
    const padded = top + bottom + left + right > 0 ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    const input = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D; // [cin, H, W, n]
    const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, n, cout]
    const out = tf.conv2d(input, filter, 1, "valid", "NHWC", [info.strideHeight, info.strideWidth]); // [cin, ≥kh, ≥kw, cout]
    // Extra bottom/right padding can leave taps past the filter: keep the first kh × kw.
    const taps = out.shape[1] === kh && out.shape[2] === kw ? out : tf.slice(out, [0, 0, 0, 0], [cin, kh, kw, cout]);
    return tf.transpose(taps, [1, 2, 0, 3]); // [kh, kw, cin, cout]
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
  const phased = phaseBackpropInput(backend, dyInfo, filterInfo, info);
  if (phased) return phased;
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

/** One stride phase of an input gradient: the taps that reach input rows ≡ r (mod stride). */
interface Phase {
  /** Offset of the phase within a stride, per axis. */
  r: number;
  /** Number of filter taps in the phase. */
  taps: number;
  /** First and count of the phase's positions u (input position = u·stride + r − pad). */
  u0: number;
  count: number;
  /** dy padding before and after, so that a 'valid' correlation yields exactly `count` rows. */
  before: number;
  after: number;
}

/** The phases of one axis, or undefined when one would need dy cropped (then col2im is used). */
function axisPhases(size: number, kernel: number, stride: number, pad: number, outSize: number): Phase[] | undefined {
  const phases: Phase[] = [];
  for (let r = 0; r < stride; r++) {
    const taps = r < kernel ? Math.ceil((kernel - r) / stride) : 0;
    const u0 = Math.max(0, Math.ceil((pad - r) / stride));
    const count = Math.floor((pad + size - 1 - r) / stride) - u0 + 1;
    const before = taps - 1 - u0;
    const after = count - outSize + u0;
    if (taps > 0 && count > 0 && (before < 0 || after < 0)) return undefined;
    phases.push({ r, taps, u0, count, before, after });
  }
  return phases;
}

/**
 * Copies one phase's `[n, rows, cols, channels]` gradient into its strided positions of dx.
 * A separate function with plain loops, so that V8 optimises it on its own typed arrays.
 */
function interleavePhase(dx: Float32Array, src: Float32Array, n: number, rows: number, cols: number, channels: number, first: number, imageStride: number, rowStride: number, colStride: number): void {
  let s = 0;
  for (let b = 0; b < n; b++) {
    for (let u = 0; u < rows; u++) {
      let d = first + b * imageStride + u * rowStride;
      for (let v = 0; v < cols; v++, d += colStride) {
        for (let c = 0; c < channels; c++) dx[d + c] = src[s++]!;
      }
    }
  }
}

/**
 * Input gradient of a strided convolution split by stride phase: the input positions whose
 * row ≡ rh and column ≡ rw (mod stride) receive dy only through the taps i ≡ rh, j ≡ rw, so
 * each phase is a plain stride-1 convolution of dy by that sub-filter, flipped, run in
 * XNNPACK's conv; one JS pass interleaves the phases into dx. Every product computed is a
 * useful one (unlike a convolution of zero-dilated dy), and no patch matrix is written and
 * summed back (unlike col2im). Returns undefined for a geometry it does not cover.
 */
function phaseBackpropInput(backend: WasmLikeBackend, dyInfo: tf.TensorInfo, filterInfo: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo | undefined {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outChannels: cout, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const rows = axisPhases(h, kh, sh, info.padInfo.top, oh);
  const cols = axisPhases(w, kw, sw, info.padInfo.left, ow);
  if (!rows || !cols) return undefined;
  // Sub-filters as [taps_h, taps_w, cout, cin], flipped, read before any allocation on the heap.
  const weights = backend.typedArrayFromHeap(filterInfo) as Float32Array;
  const subFilters = rows.flatMap((ph) =>
    cols.map((pw) => {
      if (ph.taps === 0 || pw.taps === 0 || ph.count <= 0 || pw.count <= 0) return undefined;
      const f = new Float32Array(ph.taps * pw.taps * cout * cin);
      let k = 0;
      for (let a = 0; a < ph.taps; a++) {
        const i = ph.r + (ph.taps - 1 - a) * sh;
        for (let b = 0; b < pw.taps; b++) {
          const j = pw.r + (pw.taps - 1 - b) * sw;
          for (let o = 0; o < cout; o++) for (let c = 0; c < cin; c++) f[k++] = weights[((i * kw + j) * cin + c) * cout + o]!;
        }
      }
      return f;
    }),
  );
  const outputs = tf.tidy(() => {
    const dy = borrow(backend, dyInfo) as tf.Tensor4D;
    return rows.flatMap((ph, pi) =>
      cols.map((pw, wi) => {
        const f = subFilters[pi * cols.length + wi];
        if (!f) return undefined;
        const filter = tf.tensor4d(f, [ph.taps, pw.taps, cout, cin]);
        return tf.conv2d(dy, filter, 1, [[0, 0], [ph.before, ph.after], [pw.before, pw.after], [0, 0]]);
      }),
    );
  });
  const out = backend.makeOutput([n, h, w, cin], "float32");
  // Views of the wasm heap are taken after the last allocation: growing the heap detaches them.
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  // Positions that no tap reaches (a kernel narrower than its stride) keep a zero gradient.
  if (outputs.some((t) => !t)) dx.fill(0);
  for (let pi = 0; pi < rows.length; pi++) {
    for (let wi = 0; wi < cols.length; wi++) {
      const phase = outputs[pi * cols.length + wi];
      if (!phase) continue;
      const src = backend.typedArrayFromHeap(phase) as Float32Array;
      const ph = rows[pi]!;
      const pw = cols[wi]!;
      interleavePhase(dx, src, n, ph.count, pw.count, cin, ((ph.u0 * sh + ph.r - info.padInfo.top) * w + pw.u0 * sw + pw.r - info.padInfo.left) * cin, h * w * cin, sh * w * cin, sw * cin);
    }
  }
  outputs.forEach((t) => t?.dispose());
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
 * `GatherV2` for wasm as row copies: each index copies one contiguous slice of `inner` values
 * (everything after the gathered axis) per outer position. wasm's own kernel works element by
 * element and took about 40% of a GRPO step on a 512-wide GCN over Cora (message passing
 * gathers a node row per edge, forward and backward). `batchDims > 0` and non-int32 indices go
 * to the original kernel. An index outside the axis is an error, as on the cpu backend.
 */
function rowCopyGather(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    const x = args.inputs.x!;
    const indices = args.inputs.indices!;
    if (batchDims !== 0 || indices.dtype !== "int32") return original(args as Parameters<tf.KernelFunc>[0]);
    const backend = args.backend as WasmLikeBackend;
    const a = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const axisSize = x.shape[a]!;
    const outer = x.shape.slice(0, a).reduce((p, q) => p * q, 1);
    const inner = x.shape.slice(a + 1).reduce((p, q) => p * q, 1);
    const count = indices.shape.reduce((p, q) => p * q, 1);
    // Checked before the output is allocated, so a bad index leaves nothing behind.
    const checked = backend.typedArrayFromHeap(indices);
    for (let i = 0; i < count; i++) {
      const index = checked[i]!;
      if (index < 0 || index >= axisSize) throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
    }
    const out = backend.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
    // Views of the wasm heap are taken after the last allocation: growing the heap detaches them.
    const xs = backend.typedArrayFromHeap(x);
    const ids = backend.typedArrayFromHeap(indices);
    const os = backend.typedArrayFromHeap(out);
    for (let o = 0; o < outer; o++) {
      const from = o * axisSize * inner;
      const to = o * count * inner;
      for (let i = 0; i < count; i++) {
        const src = from + ids[i]! * inner;
        const dst = to + i * inner;
        if (inner >= 16) os.set(xs.subarray(src, src + inner), dst);
        else for (let k = 0; k < inner; k++) os[dst + k] = xs[src + k]!;
      }
    }
    return out;
  }) as unknown as tf.KernelFunc;
}

/** Each axis's step in a row-major array of `shape`, aligned to the last `rank` axes of a broadcast; 0 where it broadcasts. */
function broadcastStrides(shape: readonly number[], rank: number): number[] {
  const strides = new Array<number>(rank).fill(0);
  let step = 1;
  for (let i = shape.length - 1, j = rank - 1; i >= 0; i--, j--) {
    strides[j] = shape[i] === 1 ? 0 : step;
    step *= shape[i]!;
  }
  return strides;
}

/**
 * `LogicalAnd` for wasm, broadcasting in one pass over the output with per-axis strides.
 * wasm's own kernel is slow when an operand broadcasts, and tfjs's gradient of
 * `unsortedSegmentSum` (message passing's backward pass) ands an `[edges, 1]` mask with an
 * `[edges, width]` one: about 0.7 s of a 1.6 s GRPO step on a 512-wide GCN over Cora.
 */
function logicalAnd(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as WasmLikeBackend;
  const a = args.inputs.a!;
  const b = args.inputs.b!;
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = backend.makeOutput(shape, "bool");
  // Views of the wasm heap are taken after the last allocation: growing the heap detaches them.
  let av = backend.typedArrayFromHeap(a);
  let bv = backend.typedArrayFromHeap(b);
  const ov = backend.typedArrayFromHeap(out);
  const rank = shape.length;
  let sa = broadcastStrides(a.shape, rank);
  let sb = broadcastStrides(b.shape, rank);
  const last = rank === 0 ? 1 : shape[rank - 1]!;
  // And is symmetric: put an operand that is constant along the row first (fast path below).
  if (rank > 0 && sb[rank - 1] === 0 && sa[rank - 1] === 1) [av, bv, sa, sb] = [bv, av, sb, sa];
  const la = rank === 0 ? 0 : sa[rank - 1]!;
  const lb = rank === 0 ? 0 : sb[rank - 1]!;
  const rows = ov.length / last;
  const position = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let ia = 0;
  let ib = 0;
  let o = 0;
  for (let row = 0; row < rows; row++) {
    // One side constant along the row (the segment-sum gradient's [edges, 1] mask): the row is
    // zeros or a copy of the other side's.
    if (la === 0 && lb === 1) {
      if (av[ia]) ov.set(bv.subarray(ib, ib + last), o);
      else ov.fill(0, o, o + last);
      o += last;
    } else {
      for (let t = 0; t < last; t++) ov[o++] = av[ia + t * la] && bv[ib + t * lb] ? 1 : 0;
    }
    // Next row: advance the axes before the last like an odometer.
    for (let d = rank - 2; d >= 0; d--) {
      ia += sa[d]!;
      ib += sb[d]!;
      if (++position[d]! < shape[d]!) break;
      ia -= sa[d]! * shape[d]!;
      ib -= sb[d]! * shape[d]!;
      position[d] = 0;
    }
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
  const gather = tf.getKernel("GatherV2", "wasm");
  if (gather) {
    tf.unregisterKernel("GatherV2", "wasm");
    tf.registerKernel({ ...gather, kernelFunc: rowCopyGather(gather.kernelFunc) });
  }
  const and = tf.getKernel("LogicalAnd", "wasm");
  if (and) {
    tf.unregisterKernel("LogicalAnd", "wasm");
    tf.registerKernel({ ...and, kernelFunc: logicalAnd as unknown as tf.KernelFunc });
  }
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
