/**
 * A small seeded PRNG (mulberry32) with the helpers the fault matrix draws from, so one seed
 * replays the same scenario: the same tenant, mutations, faults and kill points.
 */
export class Rng {
  private state: number;

  /** A generator for `seed` (any integer; only the low 32 bits count). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty array");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `count` distinct elements (fewer when the array is shorter), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, count);
  }

  /** A seed for a sub-generator, so adding draws in one part does not shift another part's. */
  fork(): number {
    return Math.floor(this.next() * 2 ** 32);
  }
}
