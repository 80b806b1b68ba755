/** What `mapPoolPrefix` got done: the results of the items before the first one not done, and why it stopped. */
export interface PoolPrefix<R> {
  /** Results of `items[0..results.length)`, in input order. */
  results: R[];
  /** The first failure, or null when every item was done. */
  error: unknown;
}

/**
 * Maps `items` with at most `limit` calls of `fn` in flight at once (a sliding window: a new call
 * starts as soon as one finishes). The first failure stops new calls; once the calls in flight
 * have settled it returns the results of the longest run of items from the start that were all
 * done, and the failure (null when none), so a caller can keep what it already paid for.
 */
export async function mapPoolPrefix<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PoolPrefix<R>> {
  const results = new Array<R>(items.length);
  const done = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
        done[index] = true;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure === null) return { results, error: null };
  const through = done.indexOf(false);
  return { results: results.slice(0, through), error: (failure as { error: unknown }).error };
}

/**
 * `mapPoolPrefix` that keeps nothing on failure: results in input order, or the first failure
 * (thrown once the calls in flight have settled, so nothing runs after it returns).
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const { results, error } = await mapPoolPrefix(items, limit, fn);
  if (error !== null) throw error;
  return results;
}

/**
 * A FIFO limit on calls in flight shared by several pools (a read fetching its next page while the
 * current one finishes stays within one concurrency).
 */
export class CallLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** @param limit calls in flight at once (≥ 1). */
  constructor(private readonly limit: number) {}

  /** Runs `fn` once fewer than `limit` calls run, in the order callers asked. */
  async run<R>(fn: () => Promise<R>): Promise<R> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
