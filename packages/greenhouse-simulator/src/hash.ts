/** Deterministic hashing for generated data and fault decisions (no state, no `Math.random`). */

/** Mixes a 32-bit integer into a well-distributed unsigned 32-bit integer. */
function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A stable 32-bit salt for a name (FNV-1a). */
export function saltOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Unsigned 32-bit hash of (seed, salt name, index, k): the basis of every generated value. */
export function hash(seed: number, salt: string, index: number, k = 0): number {
  return mix32(mix32(mix32(mix32(seed ^ 0x9e3779b9) ^ saltOf(salt)) ^ index) ^ k);
}

/** Maps a hash to [0, 1). */
export const unit = (h: number): number => h / 0x100000000;

/** Picks an element of a non-empty array by hash. */
export const pick = <T>(items: readonly T[], h: number): T => items[h % items.length] as T;

/** A seeded generator (mulberry32) for sequences such as fault decisions. */
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
