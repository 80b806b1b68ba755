import type { Clock } from "../clock.js";

/** A clock tests move by hand: `now()` only changes through `advance`/`set`, and sleeps wake when time passes them. */
export class FakeClock implements Clock {
  private current: number;
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(start: Date | string = "2026-01-01T00:00:00.000Z") {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const sleeper = { until: this.current + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
      this.wake();
    });
  }

  /** Moves time forward by `ms` and wakes every sleep that is due. */
  advance(ms: number): void {
    this.current += ms;
    this.wake();
  }

  /** Sets the time (forward only) and wakes every sleep that is due. */
  set(to: Date | string): void {
    const next = new Date(to).getTime();
    if (next < this.current) throw new RangeError("FakeClock only moves forward");
    this.current = next;
    this.wake();
  }

  /** Number of sleeps not yet due. */
  pendingSleeps(): number {
    return this.sleepers.length;
  }

  private wake(): void {
    const due = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const s of due) s.resolve();
  }
}
