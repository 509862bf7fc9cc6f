import { BadInputError } from "./errors.js";

/** What {@link linearProbe} fits and evaluates. */
export interface LinearProbeInput {
  /** Frozen embeddings, row-major: `numRows × dim`. */
  readonly embeddings: Float32Array | Float64Array;
  readonly dim: number;
  /** The class of each row, 0-based; rows outside the three splits may hold anything (-1, say). */
  readonly labels: ArrayLike<number>;
  /** Row indices of each split. The probe trains on `train`, picks the L2 strength on `val`, reports `test`. */
  readonly train: ArrayLike<number>;
  readonly val: ArrayLike<number>;
  readonly test: ArrayLike<number>;
  /** L2 strengths tried, in any order. Default 1e-4 … 10 (six values, decades). */
  readonly l2Grid?: readonly number[];
  /** L-BFGS iterations per L2 strength (default 200). */
  readonly maxIterations?: number;
  /**
   * How the objective and its gradient are computed (default {@link loopProbeObjective}: plain
   * loops in float64). A tensor backend can do the same sums as matrix products, which is what
   * makes probes of tens of thousands of rows affordable; L-BFGS and the L2 search stay here.
   */
  readonly objective?: ProbeObjectiveFactory;
  /**
   * Centre and scale each column by the train rows' mean and std first (default true: dense
   * embeddings of any scale then share one L2 grid). Turn off for sparse 0/1 features, where
   * scaling blows rare columns up.
   */
  readonly standardise?: boolean;
}

/** The fitted probe and its accuracies (fractions in [0, 1]). */
export interface LinearProbeResult {
  readonly testAccuracy: number;
  readonly valAccuracy: number;
  readonly trainAccuracy: number;
  /** The L2 strength chosen on the validation split. */
  readonly l2: number;
  readonly numClasses: number;
  /** Validation accuracy of every L2 strength tried, in grid order. */
  readonly search: readonly { readonly l2: number; readonly valAccuracy: number }[];
  /** Class of every row under the chosen probe (all rows, not only the splits). */
  readonly predictions: Int32Array;
}

/**
 * The probe's objective over fixed rows: mean cross-entropy of the softmax over the train rows
 * plus (l2 / 2)·‖W‖² (the bias unpenalised). Parameters are `numClasses` blocks of `dim`
 * weights followed by the bias.
 */
export interface ProbeObjective {
  /** Returns the objective at `params` and writes its gradient into `grad` (same length). */
  evaluate(params: Float64Array, grad: Float64Array, l2: number): number;
  /** Frees what the objective holds (device memory, say); called once the probe is fitted. */
  dispose?(): void;
}

/** Builds a {@link ProbeObjective} over the (already standardised) row-major features `x` and the given train rows. */
export type ProbeObjectiveFactory = (x: Float64Array, dim: number, numClasses: number, labels: ArrayLike<number>, rows: Int32Array) => ProbeObjective;

/** The default objective: plain loops in float64, no dependencies. */
export const loopProbeObjective: ProbeObjectiveFactory = (x, dim, numClasses, labels, rows) => ({
  evaluate: (params, grad, l2) => softmaxLoss(params, grad, x, dim, numClasses, labels, rows, l2),
});

const DEFAULT_GRID = [10, 1, 1e-1, 1e-2, 1e-3, 1e-4] as const;

/**
 * Linear-probe evaluation of frozen embeddings, as in GraphMAE and DGI: an L2-regularised
 * multinomial logistic regression trained on the train rows, its L2 strength chosen by
 * validation accuracy, and its accuracy on the test rows reported. Plain typed arrays, no
 * dependencies; features are standardised with train statistics first (unless turned off),
 * which keeps L-BFGS well conditioned, and each L2 strength warm-starts from the previous
 * (stronger) one.
 *
 * The objective is mean cross-entropy over train rows + (l2 / 2)·‖W‖² (the bias is not
 * penalised). Ties in validation accuracy go to the stronger L2 (the simpler model).
 *
 * @example
 * ```ts
 * import { linearProbe } from "@ssl4rl/core";
 * const embeddings = new Float32Array([0, 1, 0, 2, 5, 0, 6, 0]);
 * const r = linearProbe({ embeddings, dim: 2, labels: [0, 0, 1, 1], train: [0, 2], val: [1, 3], test: [1, 3] });
 * r.testAccuracy; // 1
 * ```
 */
export function linearProbe(input: LinearProbeInput): LinearProbeResult {
  const { embeddings, dim, labels } = input;
  if (!Number.isInteger(dim) || dim <= 0 || embeddings.length % dim !== 0) {
    throw new BadInputError({ field: "linearProbe.dim", expected: `a positive integer dividing embeddings.length (${embeddings.length})`, got: dim });
  }
  const numRows = embeddings.length / dim;
  const train = checkRows("train", input.train, numRows, labels);
  const val = checkRows("val", input.val, numRows, labels);
  const test = checkRows("test", input.test, numRows, labels);
  if (train.length === 0) throw new BadInputError({ field: "linearProbe.train", expected: "at least one training row" });
  let numClasses = 0;
  for (const split of [train, val, test]) for (const r of split) numClasses = Math.max(numClasses, labels[r]! + 1);

  const x = input.standardise === false ? Float64Array.from(embeddings) : standardise(embeddings, dim, numRows, train);
  const grid = [...(input.l2Grid ?? DEFAULT_GRID)].sort((a, b) => b - a);
  for (const l2 of grid) {
    if (!(l2 >= 0) || !Number.isFinite(l2)) throw new BadInputError({ field: "linearProbe.l2Grid", expected: "finite non-negative numbers", got: l2 });
  }
  const maxIterations = input.maxIterations ?? 200;
  const stride = dim + 1; // weights per class, bias last
  let params: Float64Array = new Float64Array(numClasses * stride);
  let best: { l2: number; val: number; params: Float64Array } | undefined;
  const search: { l2: number; valAccuracy: number }[] = [];
  const objective = (input.objective ?? loopProbeObjective)(x, dim, numClasses, labels, train);
  try {
    for (const l2 of grid) {
      params = minimiseLbfgs((p, g) => objective.evaluate(p, g, l2), params, maxIterations);
      const valAccuracy = val.length > 0 ? accuracy(predict(params, x, dim, numClasses, val), labels, val) : 0;
      search.push({ l2, valAccuracy });
      if (best === undefined || valAccuracy > best.val) best = { l2, val: valAccuracy, params: params.slice() };
    }
  } finally {
    objective.dispose?.();
  }
  const chosen = best!;
  const all = Int32Array.from({ length: numRows }, (_, i) => i);
  const predictions = predict(chosen.params, x, dim, numClasses, all);
  return {
    testAccuracy: test.length > 0 ? accuracy(predictions, labels, test) : 0,
    valAccuracy: chosen.val,
    trainAccuracy: accuracy(predictions, labels, train),
    l2: chosen.l2,
    numClasses,
    search: grid.map((l2, i) => ({ l2, valAccuracy: search[i]!.valAccuracy })),
    predictions,
  };
}

function checkRows(name: string, rows: ArrayLike<number>, numRows: number, labels: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= numRows) {
      throw new BadInputError({ field: `linearProbe.${name}[${i}]`, expected: `a row index in 0..${numRows - 1}`, got: r });
    }
    const label = labels[r];
    if (label === undefined || !Number.isInteger(label) || label < 0) {
      throw new BadInputError({ field: `linearProbe.labels[${r}]`, expected: `a class index >= 0 for a ${name} row`, got: label });
    }
    out[i] = r;
  }
  return out;
}

/** Copies the embeddings to float64, centred and scaled by the train rows' mean and std per column. */
function standardise(source: Float32Array | Float64Array, dim: number, numRows: number, train: Int32Array): Float64Array {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (const r of train) {
    const o = r * dim;
    for (let j = 0; j < dim; j++) {
      const v = source[o + j]!;
      mean[j] = mean[j]! + v;
      sq[j] = sq[j]! + v * v;
    }
  }
  const inv = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    mean[j] = mean[j]! / train.length;
    const variance = sq[j]! / train.length - mean[j]! * mean[j]!;
    // Constant columns stay at zero instead of blowing up.
    inv[j] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  const x = new Float64Array(numRows * dim);
  for (let r = 0; r < numRows; r++) {
    const o = r * dim;
    for (let j = 0; j < dim; j++) x[o + j] = (source[o + j]! - mean[j]!) * inv[j]!;
  }
  return x;
}

/** Mean cross-entropy plus L2 penalty; writes the gradient into `grad` and returns the loss. */
function softmaxLoss(
  params: Float64Array,
  grad: Float64Array,
  x: Float64Array,
  dim: number,
  numClasses: number,
  labels: ArrayLike<number>,
  rows: Int32Array,
  l2: number,
): number {
  const stride = dim + 1;
  grad.fill(0);
  const logits = new Float64Array(numClasses);
  let loss = 0;
  for (const r of rows) {
    const o = r * dim;
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) {
      const w = c * stride;
      let s = params[w + dim]!;
      for (let j = 0; j < dim; j++) s += params[w + j]! * x[o + j]!;
      logits[c] = s;
      if (s > max) max = s;
    }
    let z = 0;
    for (let c = 0; c < numClasses; c++) {
      logits[c] = Math.exp(logits[c]! - max);
      z += logits[c]!;
    }
    const y = labels[r]!;
    loss += Math.log(z) - Math.log(logits[y]!);
    for (let c = 0; c < numClasses; c++) {
      const d = logits[c]! / z - (c === y ? 1 : 0);
      if (d === 0) continue;
      const w = c * stride;
      for (let j = 0; j < dim; j++) grad[w + j] = grad[w + j]! + d * x[o + j]!;
      grad[w + dim] = grad[w + dim]! + d;
    }
  }
  const n = rows.length;
  let penalty = 0;
  for (let c = 0; c < numClasses; c++) {
    const w = c * stride;
    for (let j = 0; j < dim; j++) {
      const p = params[w + j]!;
      penalty += p * p;
      grad[w + j] = grad[w + j]! / n + l2 * p;
    }
    grad[w + dim] = grad[w + dim]! / n;
  }
  return loss / n + 0.5 * l2 * penalty;
}

/** L-BFGS (memory 10) with a backtracking Armijo line search; returns the final parameters. */
function minimiseLbfgs(f: (p: Float64Array, g: Float64Array) => number, start: Float64Array, maxIterations: number): Float64Array {
  const n = start.length;
  const m = 10;
  let x = start.slice();
  let g = new Float64Array(n);
  let fx = f(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    if (Math.sqrt(dot(g, g)) < 1e-6) break;
    // Two-loop recursion: dir = -H·g.
    dir.set(g);
    for (let k = sList.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(sList[k]!, dir);
      axpy(-alpha[k]!, yList[k]!, dir);
    }
    const last = sList.length - 1;
    const gamma = last >= 0 ? dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) dir[i] = dir[i]! * gamma;
    for (let k = 0; k < sList.length; k++) {
      const beta = rho[k]! * dot(yList[k]!, dir);
      axpy(alpha[k]! - beta, sList[k]!, dir);
    }
    for (let i = 0; i < n; i++) dir[i] = -dir[i]!;
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (curvature pairs went stale): restart from steepest descent.
      sList.length = yList.length = rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i]!;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < fx)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sList.length === m) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
    }
    const relative = (fx - fNew) / Math.max(1, Math.abs(fx));
    x = xNew.slice();
    const swap = g;
    g = gNew;
    gNew = swap;
    fx = fNew;
    if (relative < 1e-9) break;
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = y[i]! + a * x[i]!;
}

function predict(params: Float64Array, x: Float64Array, dim: number, numClasses: number, rows: Int32Array): Int32Array {
  const stride = dim + 1;
  const out = new Int32Array(x.length / dim).fill(-1);
  for (const r of rows) {
    const o = r * dim;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < numClasses; c++) {
      const w = c * stride;
      let s = params[w + dim]!;
      for (let j = 0; j < dim; j++) s += params[w + j]! * x[o + j]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/** Accuracy over `rows` of predictions indexed by row. */
function accuracy(predictions: Int32Array, labels: ArrayLike<number>, rows: Int32Array): number {
  let right = 0;
  for (const r of rows) if (predictions[r] === labels[r]) right++;
  return rows.length === 0 ? 0 : right / rows.length;
}
