/** Deterministic hashing and pseudo-random helpers (no state, no `Math.random`). */

/** Mixes a 32-bit integer into a well-distributed unsigned 32-bit integer. */
function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Unsigned 32-bit hash of (seed, salt, index, k); the basis of every generated value. */
export function hash(seed: number, salt: number, index: number, k = 0): number {
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ salt);
  h = mix32(h ^ index);
  h = mix32(h ^ Math.floor(index / 0x100000000));
  return mix32(h ^ k);
}

/** A stable 32-bit salt for a name (FNV-1a). */
export function saltOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Maps a hash to [0, 1). */
export function unit(h: number): number {
  return h / 0x100000000;
}

/** Picks an element of a non-empty array by hash. */
export function pick<T>(items: readonly T[], h: number): T {
  return items[h % items.length] as T;
}

/** Picks an index according to relative weights. */
export function weighted(weights: readonly number[], h: number): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let r = unit(h) * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** A small seeded generator (mulberry32) for sequences such as fault decisions. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed) || 1;
  }

  /** Next value in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }
}
