/**
 * Splits `items` into consecutive groups of at most `size` items, in order (the last may be
 * shorter; none is empty): vendor filters that take a bounded list of ids, batched look-ups.
 * Throws a RangeError when `size` is not a positive integer.
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(Number.isInteger(size) && size > 0))
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
