/** Request counts per route key (`"GET /people/{id}"`, `"POST /oauth/token"`, `"unmatched"`, …). */
export class RouteStats {
  private readonly counts = new Map<string, number>();

  /** Counts one request. */
  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** A copy of the counters, keys sorted. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Zeroes every counter. */
  reset(): void {
    this.counts.clear();
  }
}
