import { floorToMinute } from "./dates.js";

/**
 * The simulator's clock. It starts at `start` and either follows real time or stays frozen; `advance`
 * moves it forward in both modes. Every timestamp the simulator produces (updateddate, token expiry,
 * quota reset, search-cache age) comes from here.
 */
export class SimClock {
  private offset = 0;
  private readonly realStart = Date.now();

  constructor(
    private readonly start: number,
    private readonly frozen: boolean,
  ) {}

  /** Current simulated time in epoch milliseconds. */
  now(): number {
    return this.start + this.offset + (this.frozen ? 0 : Date.now() - this.realStart);
  }

  /** Current simulated time truncated to the minute (what record timestamps store). */
  nowMinute(): number {
    return floorToMinute(this.now());
  }

  /** Moves the clock forward by `ms` (must be ≥ 0). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`);
    this.offset += ms;
  }
}
