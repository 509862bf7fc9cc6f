/**
 * Counts items that were skipped (corrupt files, images too small, malformed rows) by reason,
 * keeping a few example item names per reason, so a large run reports what it dropped
 * instead of crashing on it.
 */
export class SkipCounter {
  readonly #counts = new Map<string, number>();
  readonly #examples = new Map<string, string[]>();
  readonly #examplesPerReason: number;

  constructor(examplesPerReason = 3) {
    this.#examplesPerReason = examplesPerReason;
  }

  /** Records one skipped item. */
  add(reason: string, item?: string): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
    if (item !== undefined) {
      const list = this.#examples.get(reason) ?? [];
      if (list.length < this.#examplesPerReason) list.push(item);
      this.#examples.set(reason, list);
    }
  }

  /** Total skipped items. */
  get total(): number {
    let sum = 0;
    for (const n of this.#counts.values()) sum += n;
    return sum;
  }

  /** Counts by reason. */
  byReason(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /** A few example items per reason. */
  examples(): Record<string, string[]> {
    return Object.fromEntries(this.#examples);
  }

  /** One line per reason, e.g. `12 × image smaller than 28 px (a.jpg, b.jpg, ...)`. */
  summary(): string[] {
    return [...this.#counts].map(([reason, n]) => {
      const ex = this.#examples.get(reason);
      return `${n} × ${reason}${ex && ex.length > 0 ? ` (${ex.join(", ")}${n > ex.length ? ", ..." : ""})` : ""}`;
    });
  }
}
