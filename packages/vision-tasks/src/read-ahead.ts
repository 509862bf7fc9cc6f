/** The outcome of one look-ahead job: its input and either the value or the error. */
export type Settled<T, R> = { readonly item: T; readonly ok: true; readonly value: R } | { readonly item: T; readonly ok: false; readonly error: unknown };

/**
 * Maps items through an async function with up to `depth` calls in flight, yielding results in
 * input order. Decoding the next few files while a task works on the current one keeps
 * sharp's threads busy without ever holding more than `depth` decoded images.
 */
export async function* readAhead<T, R>(items: Iterable<T> | AsyncIterable<T>, map: (item: T) => Promise<R>, depth: number): AsyncGenerator<Settled<T, R>> {
  const queue: Promise<Settled<T, R>>[] = [];
  const start = (item: T): Promise<Settled<T, R>> =>
    map(item).then(
      (value) => ({ item, ok: true as const, value }),
      (error: unknown) => ({ item, ok: false as const, error }),
    );
  for await (const item of items) {
    queue.push(start(item));
    if (queue.length >= Math.max(1, depth)) yield await queue.shift()!;
  }
  while (queue.length > 0) yield await queue.shift()!;
}
