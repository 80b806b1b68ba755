import { SeededRandom, saltOf } from "./hash.js";

/**
 * What a request is, for fault targeting: `token` = `POST /token`; `list` = every `GET /v3/…` list;
 * `write` = every other `/v3` method. (Same names as the iCIMS simulator's targets where they apply.)
 */
export type FaultTarget = "token" | "list" | "write";

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
 * Injected faults (the iCIMS simulator's vocabulary, so one fault matrix drives both). Random
 * decisions come from generators seeded with the simulator seed, one per fault. Rates are in [0, 1].
 */
export interface FaultOptions {
  /** Added delay before every response (ms). */
  latencyMs: number;
  /** Extra uniform random delay in [0, jitterMs). */
  jitterMs: number;
  /** Share of targeted calls answered 500 (`{"errors":[…]}`) or 503 (plain text, as from a proxy). */
  errorRate: number;
  /** 5xx bursts over targeted calls; null = off. */
  errorBurst: ErrorBurst | null;
  /** Share of targeted requests whose connection is destroyed without any response. */
  dropRate: number;
  /** Share of targeted 200/201 JSON answers whose body is cut in half (invalid JSON). */
  malformedRate: number;
  /** Share of targeted requests delayed by an extra `spikeMs`. */
  spikeRate: number;
  /** Length of a latency spike (ms). */
  spikeMs: number;
  /**
   * Share of list pages with rows answered `[]` (the `Link` header unchanged). Transient: a request
   * whose previous identical request (method, path, query) was glitched is answered in full.
   */
  emptyPageRate: number;
  /** Share of list pages with ≥ 2 rows answered with a leading part of them (`Link` unchanged); transient. */
  shortPageRate: number;
  /** Kinds reached by error/burst/drop/malformed/spike faults; null = every API call (errors, bursts) or every request. */
  faultTargets: readonly FaultTarget[] | null;
  /** 429 storms over all API calls (on top of the real rate limit); null = off. */
  rateLimitStorm: RateLimitStorm | null;
}

/** No faults. */
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

/** How many times each fault was injected. */
export interface FaultCounts {
  errors: number;
  burstErrors: number;
  drops: number;
  malformed: number;
  latencySpikes: number;
  emptyPages: number;
  shortPages: number;
  rateLimited: number;
}

const zeroCounts = (): FaultCounts => ({
  errors: 0,
  burstErrors: 0,
  drops: 0,
  malformed: 0,
  latencySpikes: 0,
  emptyPages: 0,
  shortPages: 0,
  rateLimited: 0,
});

const RATES = [
  "errorRate",
  "dropRate",
  "malformedRate",
  "spikeRate",
  "emptyPageRate",
  "shortPageRate",
] as const;
const TARGETS: readonly FaultTarget[] = ["token", "list", "write"];

function validate(o: FaultOptions): void {
  for (const name of RATES) {
    if (!(o[name] >= 0 && o[name] <= 1))
      throw new RangeError(`faults.${name} must be in [0, 1], got ${o[name]}`);
  }
  for (const name of ["latencyMs", "jitterMs", "spikeMs"] as const) {
    if (!(o[name] >= 0 && Number.isFinite(o[name]))) throw new RangeError(`faults.${name} must be ≥ 0`);
  }
  for (const [name, cycle] of [
    ["errorBurst", o.errorBurst],
    ["rateLimitStorm", o.rateLimitStorm],
  ] as const) {
    if (
      cycle &&
      !(Number.isInteger(cycle.every) && cycle.every > 0 && cycle.length >= 0 && cycle.length <= cycle.every)
    ) {
      throw new RangeError(`faults.${name} needs an integer every > 0 and 0 ≤ length ≤ every`);
    }
  }
  const unknown = o.faultTargets?.find((t) => !TARGETS.includes(t));
  if (unknown !== undefined) throw new RangeError(`unknown fault target "${unknown}"`);
}

type Stream = "jitter" | "spike" | "drop" | "error" | "burst" | "malformed" | "emptyPage" | "shortPage";
const STREAMS: readonly Stream[] = [
  "jitter",
  "spike",
  "drop",
  "error",
  "burst",
  "malformed",
  "emptyPage",
  "shortPage",
];

/** What an injected server error looks like. */
export type InjectedError = { status: 500 } | { status: 503 };

/** Decides, per request, which fault applies, and counts what it injected. */
export class Faults {
  private options: FaultOptions;
  private counts = zeroCounts();
  private readonly random: Record<Stream, SeededRandom>;
  private apiCalls = 0;
  private burstCalls = 0;
  private readonly glitched = new Set<string>();

  constructor(options: FaultOptions, seed: number) {
    validate(options);
    this.options = { ...options };
    this.random = Object.fromEntries(
      STREAMS.map((s) => [s, new SeededRandom(seed ^ saltOf(`fault:${s}`))]),
    ) as Record<Stream, SeededRandom>;
  }

  /** Changes some settings (undefined values ignored); RangeError, changing nothing, on invalid ones. */
  set(options: Partial<FaultOptions>): void {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const next = { ...this.options, ...given } as FaultOptions;
    validate(next);
    this.options = next;
  }

  /** Injection counters since start or `resetCounts`. */
  injected(): FaultCounts {
    return { ...this.counts };
  }

  /** Zeroes the injection counters. */
  resetCounts(): void {
    this.counts = zeroCounts();
  }

  /** Delay before answering a request of `kind` (ms). */
  delayMs(kind: FaultTarget): number {
    const { latencyMs, jitterMs, spikeMs, spikeRate } = this.options;
    const jitter = jitterMs > 0 ? this.random.jitter.next() * jitterMs : 0;
    const spike = this.reaches(kind, false) && this.roll("spike", spikeRate, "latencySpikes");
    return latencyMs + jitter + (spike ? spikeMs : 0);
  }

  /** True when this request's connection should be destroyed unanswered. */
  drop(kind: FaultTarget): boolean {
    return this.reaches(kind, false) && this.roll("drop", this.options.dropRate, "drops");
  }

  /** Retry-After seconds when this API call falls in a 429 storm (every API call advances the cycle). */
  storm(): number | undefined {
    const storm = this.options.rateLimitStorm;
    const call = this.apiCalls++;
    if (!storm || call % storm.every < storm.every - storm.length) return undefined;
    this.counts.rateLimited++;
    return storm.retryAfterS;
  }

  /** A burst or random 500/503 for this request, or undefined. */
  serverError(kind: FaultTarget): InjectedError | undefined {
    if (!this.reaches(kind, true)) return undefined;
    const burst = this.options.errorBurst;
    const call = this.burstCalls++;
    if (burst && call % burst.every >= burst.every - burst.length) {
      this.counts.burstErrors++;
      return { status: this.random.burst.next() < 0.5 ? 500 : 503 };
    }
    if (!this.roll("error", this.options.errorRate, "errors")) return undefined;
    return { status: this.random.error.next() < 0.5 ? 500 : 503 };
  }

  /** True when this successful JSON body should be cut in half. */
  malformed(kind: FaultTarget): boolean {
    return this.reaches(kind, false) && this.roll("malformed", this.options.malformedRate, "malformed");
  }

  /** The rows a list page answers: all, none, or a leading part; `key` identifies the request. */
  glitchPage<T>(key: string, rows: readonly T[]): readonly T[] {
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

  private reaches(kind: FaultTarget, apiOnly: boolean): boolean {
    const targets = this.options.faultTargets;
    return targets ? targets.includes(kind) : !(apiOnly && kind === "token");
  }

  private roll(stream: Stream, rate: number, counter: keyof FaultCounts): boolean {
    if (!(rate > 0 && this.random[stream].next() < rate)) return false;
    this.counts[counter]++;
    return true;
  }
}
