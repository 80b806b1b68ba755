import { ErrorCode, IcimsError } from "./errors.js";
import type { SimResponse } from "./http.js";
import { errorResponse } from "./http.js";
import { SeededRandom } from "./random.js";

/** Periodic 429 storms: within every `every` API calls, the last `length` get 429 + `Retry-After`. */
export interface RateLimitStorm {
  /** Cycle length in API calls (> 0). */
  every: number;
  /** Calls at the end of each cycle answered 429 (≤ every). */
  length: number;
  /** Value of the `Retry-After` header, seconds. */
  retryAfterS: number;
}

/**
 * Injected faults. Random decisions come from a generator seeded with the simulator seed, so a given
 * request sequence fails the same way every run. All rates are probabilities in [0, 1].
 */
export interface FaultOptions {
  /** Added delay before every response (ms). */
  latencyMs: number;
  /** Extra uniform random delay in [0, jitterMs). */
  jitterMs: number;
  /** Share of API calls answered 500 (iCIMS error body) or 503 (plain text, as from a proxy). */
  errorRate: number;
  /** Share of requests whose connection is destroyed without any response. */
  dropRate: number;
  /** Share of 200 JSON responses whose body is cut in half (invalid JSON). */
  malformedRate: number;
  /** 429 storms; null = off. */
  rateLimitStorm: RateLimitStorm | null;
}

/** Fault defaults: none. */
export const NO_FAULTS: FaultOptions = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  dropRate: 0,
  malformedRate: 0,
  rateLimitStorm: null,
};

/** Decides, per request, which fault (if any) applies. */
export class Faults {
  private options: FaultOptions;
  private readonly random: SeededRandom;
  private apiCalls = 0;

  constructor(options: FaultOptions, seed: number) {
    this.options = { ...options };
    this.random = new SeededRandom(seed ^ 0x5eed);
  }

  /** Replaces some fault settings at runtime. */
  set(options: Partial<FaultOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Delay to apply before answering (ms). */
  delayMs(): number {
    const { latencyMs, jitterMs } = this.options;
    return latencyMs + (jitterMs > 0 ? this.random.next() * jitterMs : 0);
  }

  /** True when this request's connection should be dropped. */
  drop(): boolean {
    return this.roll(this.options.dropRate);
  }

  /** A storm 429 or a random 5xx for this API call, or undefined. */
  apiFault(): SimResponse | undefined {
    const storm = this.options.rateLimitStorm;
    const call = this.apiCalls++;
    if (storm && storm.every > 0 && call % storm.every >= storm.every - storm.length) {
      return errorResponse(
        new IcimsError(429, ErrorCode.RATE_LIMITED, "Too many requests.", undefined, {
          "Retry-After": String(storm.retryAfterS),
        }),
      );
    }
    if (!this.roll(this.options.errorRate)) return undefined;
    if (this.random.next() < 0.5) {
      return errorResponse(new IcimsError(500, ErrorCode.INTERNAL_ERROR, "An internal error occurred."));
    }
    return {
      status: 503,
      headers: { "Content-Type": "text/plain" },
      body: "Service Temporarily Unavailable",
    };
  }

  /** True when this 200 JSON body should be corrupted. */
  malformed(): boolean {
    return this.roll(this.options.malformedRate);
  }

  private roll(rate: number): boolean {
    return rate > 0 && this.random.next() < rate;
  }
}
