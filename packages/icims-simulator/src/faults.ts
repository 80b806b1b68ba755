import { ErrorCode, IcimsError } from "./errors.js";
import type { SimResponse } from "./http.js";
import { errorResponse } from "./http.js";
import { SeededRandom, saltOf } from "./random.js";

/**
 * What a request is, for fault targeting: `token` = `/oauth/token`; `search` = `/search/{type}` and
 * `/search/portals/{portal}` (any method); `list` = `/v2/lists…`; `get` = every other GET (records,
 * collection entries, status logs, resumes, the customer root); `write` = every other method.
 */
export type FaultTarget = "token" | "search" | "get" | "list" | "write";

/** Periodic 429 storms: within every `every` API calls, the last `length` get 429 + `Retry-After`. */
export interface RateLimitStorm {
  /** Cycle length in API calls (> 0). */
  every: number;
  /** Calls at the end of each cycle answered 429 (≤ every). */
  length: number;
  /** Value of the `Retry-After` header, seconds. */
  retryAfterS: number;
}

/** Periodic 5xx bursts: within every `every` targeted calls, the last `length` get 500 or 503. */
export interface ErrorBurst {
  /** Cycle length in targeted calls (> 0). */
  every: number;
  /** Consecutive calls at the end of each cycle answered 500/503 (≤ every). */
  length: number;
}

/**
 * Injected faults. Random decisions come from generators seeded with the simulator seed (one per
 * fault), so a given request sequence fails the same way every run, and switching one fault on does
 * not change which requests another one hits. All rates are probabilities in [0, 1].
 */
export interface FaultOptions {
  /** Added delay before every response (ms). */
  latencyMs: number;
  /** Extra uniform random delay in [0, jitterMs). */
  jitterMs: number;
  /** Share of targeted calls answered 500 (iCIMS error body) or 503 (plain text, as from a proxy). */
  errorRate: number;
  /** 5xx bursts (500/503 as for `errorRate`) over targeted calls; null = off. */
  errorBurst: ErrorBurst | null;
  /** Share of targeted requests whose connection is destroyed without any response. */
  dropRate: number;
  /** Share of targeted 200 JSON responses whose body is cut in half (invalid JSON). */
  malformedRate: number;
  /** Share of targeted requests delayed by an extra `spikeMs` (rare long stalls). */
  spikeRate: number;
  /** Length of a latency spike (ms). */
  spikeMs: number;
  /**
   * Share of searches (`search` requests answered 200 with at least one row) answered
   * `{"searchResults":[]}`. Transient: see `shortPageRate`.
   */
  emptyPageRate: number;
  /**
   * Share of searches with at least two rows answered with only a random leading part of them (at
   * least one row, at least one row fewer). A glitch is transient: a search whose previous search with
   * the same method, path, query string and body was glitched (empty or short) is answered in full.
   */
  shortPageRate: number;
  /**
   * Request kinds reached by `errorRate`, `errorBurst`, `dropRate`, `malformedRate` and `spikeRate`.
   * null = their default reach: `errorRate` and `errorBurst` every API call (not token requests), the
   * others every request including token requests.
   */
  faultTargets: readonly FaultTarget[] | null;
  /** 429 storms over all API calls (not targeted); null = off. */
  rateLimitStorm: RateLimitStorm | null;
}

/** Fault defaults: none. */
export const NO_FAULTS: FaultOptions = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorBurst: null,
  dropRate: 0,
  malformedRate: 0,
  spikeRate: 0,
  spikeMs: 0,
  emptyPageRate: 0,
  shortPageRate: 0,
  faultTargets: null,
  rateLimitStorm: null,
};

/** How many times each fault was injected (see `state.faultStats`). */
export interface FaultCounts {
  /** Random 500/503 answers (`errorRate`). */
  errors: number;
  /** 500/503 answers of bursts (`errorBurst`). */
  burstErrors: number;
  /** Dropped connections (`dropRate`). */
  drops: number;
  /** 200 JSON bodies cut in half (`malformedRate`). */
  malformed: number;
  /** Latency spikes (`spikeRate`). */
  latencySpikes: number;
  /** Searches answered with no rows (`emptyPageRate`). */
  emptyPages: number;
  /** Searches answered with a leading part of their rows (`shortPageRate`). */
  shortPages: number;
  /** 429 answers of storms (`rateLimitStorm`). */
  rateLimited: number;
}

const NO_COUNTS: FaultCounts = {
  errors: 0,
  burstErrors: 0,
  drops: 0,
  malformed: 0,
  latencySpikes: 0,
  emptyPages: 0,
  shortPages: 0,
  rateLimited: 0,
};

const RATES = [
  "errorRate",
  "dropRate",
  "malformedRate",
  "spikeRate",
  "emptyPageRate",
  "shortPageRate",
] as const;
const DURATIONS = ["latencyMs", "jitterMs", "spikeMs"] as const;
const TARGETS: readonly FaultTarget[] = ["token", "search", "get", "list", "write"];

/** Throws RangeError when a fault setting is out of range. */
function validate(options: FaultOptions): void {
  for (const name of RATES) {
    const rate = options[name];
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults.${name} must be in [0, 1], got ${rate}`);
  }
  for (const name of DURATIONS) {
    const ms = options[name];
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`faults.${name} must be ≥ 0, got ${ms}`);
  }
  for (const [name, cycle] of [
    ["errorBurst", options.errorBurst],
    ["rateLimitStorm", options.rateLimitStorm],
  ] as const) {
    if (
      cycle &&
      !(Number.isInteger(cycle.every) && cycle.every > 0 && cycle.length >= 0 && cycle.length <= cycle.every)
    ) {
      throw new RangeError(`faults.${name} needs an integer every > 0 and 0 ≤ length ≤ every`);
    }
  }
  const unknown = options.faultTargets?.find((t) => !TARGETS.includes(t));
  if (unknown !== undefined) throw new RangeError(`unknown fault target "${unknown}"`);
}

/** Independent random sequences, one per fault decision. */
const RANDOM_STREAMS = [
  "jitter",
  "spike",
  "drop",
  "error",
  "burst",
  "malformed",
  "emptyPage",
  "shortPage",
] as const;
type RandomStream = (typeof RANDOM_STREAMS)[number];

/** True when call number `call` (from 0) falls into the last `length` calls of its cycle. */
const inCycleTail = (call: number, cycle: { every: number; length: number }): boolean =>
  call % cycle.every >= cycle.every - cycle.length;

/** Decides, per request, which fault (if any) applies, and counts what it injected. */
export class Faults {
  private options: FaultOptions;
  private counts: FaultCounts = { ...NO_COUNTS };
  private readonly random: Record<RandomStream, SeededRandom>;
  private apiCalls = 0;
  private burstCalls = 0;
  /** Glitch keys (see `glitchSearch`) whose last answer was glitched. */
  private readonly glitched = new Set<string>();

  constructor(options: FaultOptions, seed: number) {
    validate(options);
    this.options = { ...options };
    this.random = Object.fromEntries(
      RANDOM_STREAMS.map((name) => [name, new SeededRandom(seed ^ saltOf(`fault:${name}`))]),
    ) as Record<RandomStream, SeededRandom>;
  }

  /**
   * Replaces some fault settings at runtime (undefined values are ignored); throws RangeError (changing
   * nothing) on invalid values.
   */
  set(options: Partial<FaultOptions>): void {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const next: FaultOptions = { ...this.options, ...given };
    validate(next);
    this.options = next;
  }

  /** How many times each fault was injected since start or `resetCounts`. */
  injected(): FaultCounts {
    return { ...this.counts };
  }

  /** Zeroes the injected-fault counters. */
  resetCounts(): void {
    this.counts = { ...NO_COUNTS };
  }

  /** Delay to apply before answering a request of `kind` (ms): latency, jitter and maybe a spike. */
  delayMs(kind: FaultTarget): number {
    const { latencyMs, jitterMs, spikeMs } = this.options;
    const jitter = jitterMs > 0 ? this.random.jitter.next() * jitterMs : 0;
    const spike = this.reaches(kind, false) && this.roll("spike", this.options.spikeRate, "latencySpikes");
    return latencyMs + jitter + (spike ? spikeMs : 0);
  }

  /** True when the connection of this request of `kind` should be dropped. */
  drop(kind: FaultTarget): boolean {
    return this.reaches(kind, false) && this.roll("drop", this.options.dropRate, "drops");
  }

  /** A storm 429 for this API call (every API call advances the storm cycle), or undefined. */
  rateLimit(): SimResponse | undefined {
    const storm = this.options.rateLimitStorm;
    const call = this.apiCalls++;
    if (!storm || !inCycleTail(call, storm)) return undefined;
    this.counts.rateLimited++;
    return errorResponse(
      new IcimsError(429, ErrorCode.RATE_LIMITED, "Too many requests.", undefined, {
        "Retry-After": String(storm.retryAfterS),
      }),
    );
  }

  /** A burst or random 500/503 for this request of `kind`, or undefined. */
  serverError(kind: FaultTarget): SimResponse | undefined {
    if (!this.reaches(kind, true)) return undefined;
    const burst = this.options.errorBurst;
    const call = this.burstCalls++;
    if (burst && inCycleTail(call, burst)) {
      this.counts.burstErrors++;
      return this.random.burst.next() < 0.5 ? internalError() : unavailable();
    }
    if (!this.roll("error", this.options.errorRate, "errors")) return undefined;
    return this.random.error.next() < 0.5 ? internalError() : unavailable();
  }

  /** True when this 200 JSON body of a request of `kind` should be corrupted. */
  malformed(kind: FaultTarget): boolean {
    return this.reaches(kind, false) && this.roll("malformed", this.options.malformedRate, "malformed");
  }

  /**
   * The rows a search answers: all of `rows`, none (empty-page glitch) or a leading part (short-page
   * glitch). `key` identifies the search (method, path, query string, body); a search whose previous
   * search with the same key was glitched is never glitched.
   */
  glitchSearch<T>(key: string, rows: readonly T[]): readonly T[] {
    if (this.glitched.delete(key) || rows.length === 0) return rows;
    let kept: number | undefined;
    if (this.roll("emptyPage", this.options.emptyPageRate, "emptyPages")) kept = 0;
    else if (rows.length >= 2 && this.roll("shortPage", this.options.shortPageRate, "shortPages")) {
      kept = 1 + Math.floor(this.random.shortPage.next() * (rows.length - 1));
    }
    if (kept === undefined) return rows;
    this.glitched.add(key);
    return rows.slice(0, kept);
  }

  /** Whether targeted faults reach a request of `kind`; `apiOnly` faults skip token requests by default. */
  private reaches(kind: FaultTarget, apiOnly: boolean): boolean {
    const targets = this.options.faultTargets;
    return targets ? targets.includes(kind) : !(apiOnly && kind === "token");
  }

  /** Rolls `rate` on the fault's own generator, counting a hit under `counter`. */
  private roll(stream: RandomStream, rate: number, counter: keyof FaultCounts): boolean {
    if (!(rate > 0 && this.random[stream].next() < rate)) return false;
    this.counts[counter]++;
    return true;
  }
}

const internalError = (): SimResponse =>
  errorResponse(new IcimsError(500, ErrorCode.INTERNAL_ERROR, "An internal error occurred."));

const unavailable = (): SimResponse => ({
  status: 503,
  headers: { "Content-Type": "text/plain" },
  body: "Service Temporarily Unavailable",
});
