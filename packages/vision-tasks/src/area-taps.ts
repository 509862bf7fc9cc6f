/** Source taps of one output pixel along one axis: first index and weights (summing to 1). */
export interface AreaTaps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float32Array;
  readonly stride: number;
  /** Per output, 1 where all its taps weigh the same (see {@link equalWeights}). */
  readonly unit: Uint8Array;
}

/**
 * Whether output `o`'s taps all weigh the same: shrinking by a whole factor (224 → 32 px)
 * gives such taps everywhere. Their weighted sum can then be taken as a whole-number sum
 * scaled once, with the same result to the bit: each `value * w` (8-bit value, float32 `w`)
 * is a whole multiple of `w` that a double holds exactly, so every partial sum of the float
 * loop is `n * w` for a whole n below 2^29 (up to 2^20 taps of at most 255), also exact.
 */
function equalWeights(count: Int32Array, weights: Float32Array, stride: number, o: number): number {
  const k = count[o]!;
  if (k > 2 ** 20) return 0;
  const from = o * stride;
  for (let t = 1; t < k; t++) if (weights[from + t] !== weights[from]) return 0;
  return 1;
}

/**
 * Weights for resampling `n` source pixels (from `offset`) to `m`: exact area coverage when
 * shrinking (each output averages the source interval it covers, like OpenCV's INTER_AREA),
 * linear interpolation between pixel centres when enlarging.
 */
export function axisTaps(offset: number, n: number, m: number): AreaTaps {
  const scale = n / m;
  const stride = Math.max(2, Math.ceil(scale) + 1);
  const start = new Int32Array(m);
  const count = new Int32Array(m);
  const weights = new Float32Array(m * stride);
  for (let o = 0; o < m; o++) {
    if (scale >= 1) {
      const lo = o * scale;
      const hi = lo + scale;
      const first = Math.floor(lo);
      const last = Math.min(n - 1, Math.ceil(hi) - 1);
      start[o] = offset + first;
      count[o] = last - first + 1;
      for (let i = first; i <= last; i++) weights[o * stride + i - first] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    } else {
      const x = Math.min(n - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const i0 = Math.floor(x);
      const i1 = Math.min(n - 1, i0 + 1);
      start[o] = offset + i0;
      count[o] = i1 === i0 ? 1 : 2;
      weights[o * stride] = i1 === i0 ? 1 : 1 - (x - i0);
      if (i1 !== i0) weights[o * stride + 1] = x - i0;
    }
  }
  const unit = new Uint8Array(m);
  for (let o = 0; o < m; o++) unit[o] = equalWeights(count, weights, stride, o);
  return { start, count, weights, stride, unit };
}
