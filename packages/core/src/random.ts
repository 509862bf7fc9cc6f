/**
 * Seeded, splittable random numbers. Library code never calls Math.random: every random
 * choice comes from a {@link Random} handed down from a run's seed, so the same seed gives
 * the same episodes, byte for byte.
 *
 * The generator is xoshiro128** (fast on 32-bit integer arithmetic, which is what JavaScript
 * does well). Streams are split by label: `rng.fork("episode:7")` depends only on the parent's
 * seed and the label, never on how many numbers the parent has drawn, so adding a draw in one
 * place does not shift every stream after it.
 *
 * @example
 * ```ts
 * const root = Random.fromSeed(42);
 * const a = root.fork("episode:0").int(4); // always the same for seed 42
 * ```
 */
export class Random {
  readonly #seedWords: Uint32Array;
  readonly #s: Uint32Array;
  #spareNormal: number | undefined;

  private constructor(seedWords: Uint32Array) {
    this.#seedWords = seedWords;
    this.#s = new Uint32Array(seedWords);
    // xoshiro must not start from the all-zero state.
    if ((this.#s[0]! | this.#s[1]! | this.#s[2]! | this.#s[3]!) === 0) this.#s[0] = 0x9e3779b9;
  }

  /** A root stream from a number or a string seed. */
  static fromSeed(seed: number | string): Random {
    return new Random(expandSeed(hashString(`seed:${String(seed)}`)));
  }

  /** Restores a stream saved with {@link Random.state} (for resumable runs). */
  static fromState(state: readonly number[]): Random {
    if (state.length !== 8) throw new RangeError(`Random state must have 8 words, got ${state.length}`);
    const rng = new Random(Uint32Array.from(state.slice(0, 4)));
    rng.#s.set(state.slice(4, 8));
    return rng;
  }

  /** The full state (seed identity and position), as plain numbers for a checkpoint. */
  state(): number[] {
    return [...this.#seedWords, ...this.#s];
  }

  /** An independent child stream named by `label`; the same parent seed and label give the same child. */
  fork(label: string | number): Random {
    const h = hashString(`fork:${String(label)}`);
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) words[i] = mix32(this.#seedWords[i]! ^ h[i]! ^ Math.imul(i + 1, 0x85ebca6b));
    return new Random(expandSeed(words));
  }

  /** A child stream seeded from this stream's next draws (consumes from this stream). */
  split(): Random {
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) words[i] = this.nextUint32();
    return new Random(expandSeed(words));
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.#s;
    let s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return result;
  }

  /** A float uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A float uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** An integer uniform in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`int(n) needs an integer 1..2^32, got ${n}`);
    if (n === 0x100000000) return this.nextUint32();
    // Rejection sampling: accept only draws below the largest multiple of n.
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** An integer uniform in [lo, hi] (both ends included). */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  /** A standard normal draw (Box-Muller, the second value kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.#spareNormal !== undefined) {
      const z = this.#spareNormal;
      this.#spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() needs a non-empty array");
    return items[this.int(items.length)]!;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** `k` distinct integers from [0, n), in random order (Floyd's algorithm, O(k) memory). */
  sampleDistinct(n: number, k: number): number[] {
    if (k > n) throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
    const chosen = new Set<number>();
    const out: number[] = [];
    for (let j = n - k; j < n; j++) {
      const t = this.int(j + 1);
      const value = chosen.has(t) ? j : t;
      chosen.add(value);
      out.push(value);
    }
    return this.shuffle(out);
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0)) throw new RangeError(`weights must be non-negative numbers, got ${w}`);
      total += w;
    }
    if (total <= 0) throw new RangeError("weights must not all be zero");
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** murmur3's 32-bit finaliser: a bijective avalanche of one word. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 128 bits of hash of a string (four murmur-style lanes with different seeds). */
function hashString(text: string): Uint32Array {
  const out = new Uint32Array(4);
  for (let lane = 0; lane < 4; lane++) {
    let h = Math.imul(lane + 1, 0x9e3779b9) >>> 0;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      h = rotl(h, 13);
    }
    out[lane] = mix32(h ^ text.length);
  }
  return out;
}

/** Spreads seed words through splitmix32 so nearby seeds give unrelated states. */
function expandSeed(words: Uint32Array): Uint32Array {
  const out = new Uint32Array(4);
  let acc = 0;
  for (let i = 0; i < 4; i++) {
    acc = (acc + words[i]! + 0x9e3779b9) >>> 0;
    out[i] = mix32(acc ^ mix32(words[(i + 1) % 4]!));
  }
  return out;
}

/** A seed from the command line or a config: integers become numbers, anything else stays text. */
export function parseSeed(text: string | number): number | string {
  if (typeof text === "number") return text;
  return /^-?\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : text;
}
