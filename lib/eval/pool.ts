// Bounded concurrency that keeps input order: up to `limit` tasks in flight, results yielded
// in the order of the inputs, so what consumes them (the engines, the model's breaker, the
// printed report) sees exactly the sequence a one-at-a-time run would.

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Runs `fn` over `items` with at most `limit` calls in flight and yields each result in input
 * order. A task starts when a slot frees up as results are consumed, so at most `limit`
 * results wait in memory. A failure is thrown where its result would have been yielded. */
export async function* inOrder<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): AsyncGenerator<R> {
  const slots = Math.max(1, Math.floor(limit));
  const pending: Promise<Settled<R>>[] = [];
  let next = 0;
  const start = () => {
    const i = next++;
    // Settled, not raw: a task that fails while an earlier one is awaited is not an unhandled rejection.
    pending.push(
      fn(items[i]!, i).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
  };
  while (next < items.length && pending.length < slots) start();
  while (pending.length) {
    const result = await pending.shift()!;
    if (next < items.length) start();
    if (!result.ok) throw result.error;
    yield result.value;
  }
}

/** Every result of `fn` over `items`, in input order, with at most `limit` in flight. */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of inOrder(items, limit, fn)) out.push(r);
  return out;
}
