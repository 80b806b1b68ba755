import type { SimClock } from "../clock.js";
import { MINUTE_MS } from "../dates.js";

interface Entry {
  at: number;
  ids: Float64Array;
}

/**
 * The iCIMS search cache: identical searches within `staleness` minutes get the earlier answer, so new
 * or changed records stay invisible until it passes (or `staleness=0`). Bounded LRU.
 */
export class SearchCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly enabled: boolean,
    private readonly clock: SimClock,
    private readonly maxEntries = 256,
  ) {}

  /** Cached ids for `key` younger than `stalenessMin`, or undefined. */
  lookup(key: string, stalenessMin: number): number[] | undefined {
    if (!this.enabled || stalenessMin <= 0) return undefined;
    const entry = this.entries.get(key);
    if (!entry || this.clock.now() - entry.at >= stalenessMin * MINUTE_MS) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return Array.from(entry.ids);
  }

  /** Remembers a fresh result. */
  store(key: string, ids: readonly number[]): void {
    if (!this.enabled) return;
    this.entries.delete(key);
    this.entries.set(key, { at: this.clock.now(), ids: Float64Array.from(ids) });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
