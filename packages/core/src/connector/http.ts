import { type Got, got, HTTPError, ParseError, RequestError, RetryError, TimeoutError } from "got";
import type { Clock } from "../clock.js";
import { AtsyncError, isAtsyncError } from "../errors.js";
import type { Logger } from "../logging.js";
import { awaitShortWindow, checkCallFloor, type QuotaBudget } from "./budget.js";

/**
 * The HTTP client connectors use: a `got` instance (see `createHttpClient` for its retry rules).
 * A call states what it means in got's per-request `context` (`HttpCallContext`).
 */
export type HttpClient = Got;

/**
 * What a call declares about itself in got's per-request `context`, merged over the instance's:
 * `http.post(url, { json, context: { idempotent: true } satisfies HttpCallContext })`. A type
 * alias, not an interface, so a value of it is assignable to got's `context` record.
 */
export type HttpCallContext = {
  /**
   * True when sending the call twice has the effect of sending it once — a search, a token
   * request, an upsert by key — so it may be repeated after any transient failure; false when a
   * repeat could apply it twice. Absent: decided by the HTTP method — GET, HEAD, OPTIONS, TRACE,
   * PUT and DELETE are idempotent, POST and PATCH are not.
   */
  idempotent?: boolean;
};

/** Methods idempotent by HTTP semantics (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * Failures retried: got's network errors plus `ERR_BODY_PARSE_FAILURE` (a 200 whose JSON was cut
 * short by a proxy or a dropped stream).
 */
const RETRIED_ERROR_CODES = [
  "ETIMEDOUT",
  "ECONNRESET",
  "EADDRINUSE",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ERR_BODY_PARSE_FAILURE",
];

/**
 * Failures that happen before a connection exists (DNS lookup, local bind, no route, connect
 * refused), so the vendor never saw the request. Not ECONNRESET, EPIPE, ETIMEDOUT or a cut body:
 * those can happen after the vendor received — and applied — it.
 */
const NOT_SENT_ERROR_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EADDRINUSE", "ENETUNREACH", "ECONNREFUSED"]);

/**
 * Whether a failed attempt may be repeated: always when the call is idempotent; for other calls
 * only when the vendor cannot have applied it — it answered 429, or the request never left.
 */
function mayRepeat(error: RequestError): boolean {
  const declared = (error.options.context as HttpCallContext).idempotent;
  if (declared ?? IDEMPOTENT_METHODS.has(String(error.options.method).toUpperCase())) return true;
  return error.response ? error.response.statusCode === 429 : NOT_SENT_ERROR_CODES.has(error.code);
}

/** The tunable part of `HttpClientOptions`, set once per atsync instance (`AtsyncOptions.http`). */
export type VendorHttpOptions = Pick<
  HttpClientOptions,
  "timeoutMs" | "retryLimit" | "backoffBaseMs" | "maxRetryAfterMs"
>;

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
  /** Logger (requests are logged at debug: method, URL without query secrets, status, ms). */
  logger: Logger;
  /** Budget counting every attempt and learning from `x-ratelimit-*` headers. */
  budget: QuotaBudget;
  /** Time source for rate-limit reset headers. */
  clock: Clock;
  /** Aborts every request. */
  signal?: AbortSignal;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /**
   * Retries of a failed call (idempotent calls: 408/429/5xx, network errors, cut bodies; others:
   * 429 and connections never made); default 4, so a burst of 4 failures is survived. 0 turns
   * retries off.
   */
  retryLimit?: number;
  /** First backoff delay; doubles per attempt (with jitter) up to 60 s; default 500 ms. */
  backoffBaseMs?: number;
  /** Longest `Retry-After` honoured by waiting (longer ones fail with a transient error); default 120 s. */
  maxRetryAfterMs?: number;
}

/**
 * A `got` instance with timeouts, retries, quota accounting and request logging. Errors stay got
 * errors; connectors turn them into `AtsyncError`s with `toAtsyncError`.
 *
 * Retries go by what a call means, not by its verb. An idempotent call (`HttpCallContext`) is
 * retried after 408/429/500/502/503/504, timeouts, dropped connections and JSON bodies cut short
 * (when got parses them, `responseType: "json"`; the `.json()` shortcut parses after retries).
 * Any other call (a POST or PATCH not declared idempotent) is retried only where the vendor
 * cannot have applied it: after a 429, and when the connection failed before the request was
 * sent (DNS failure, connection refused). Delays grow exponentially with jitter, or follow the
 * vendor's `Retry-After`; a request a hook re-sends (`retryWithMergedOptions`) is always sent.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { logger, budget, clock } = options;
  const base = options.backoffBaseMs ?? 500;
  const maxRetryAfter = options.maxRetryAfterMs ?? 120_000;
  return got.extend({
    timeout: { request: options.timeoutMs ?? 30_000 },
    ...(options.signal ? { signal: options.signal } : {}),
    retry: {
      limit: options.retryLimit ?? 4,
      methods: ["GET", "PUT", "HEAD", "DELETE", "OPTIONS", "TRACE", "POST", "PATCH"],
      statusCodes: [408, 429, 500, 502, 503, 504],
      errorCodes: RETRIED_ERROR_CODES,
      maxRetryAfter,
      calculateDelay: ({ attemptCount, computedValue, retryAfter, error }) => {
        if (computedValue === 0 || error instanceof RetryError) return computedValue;
        if (!mayRepeat(error)) return 0;
        if (retryAfter !== undefined) return Math.max(1, retryAfter);
        return Math.min(60_000, base * 2 ** (attemptCount - 1)) + Math.floor(Math.random() * base);
      },
    },
    hooks: {
      beforeRequest: [
        async () => {
          // Within a short window that is used up, wait for its reset instead of earning a 429.
          await awaitShortWindow(budget, clock, options.signal);
          // A sync never spends the calls kept for writes, even in the middle of a page.
          checkCallFloor(budget, clock.now());
          budget.recordCall();
        },
      ],
      afterResponse: [
        (response) => {
          const info = parseRateLimitHeaders(response.headers, clock.now());
          if (info) budget.observe(info);
          // Redacting the URL costs more than the rest of the hook: only when the line is written.
          if (logger.isLevelEnabled("debug")) {
            logger.debug(
              {
                method: response.request.options.method,
                url: redactUrl(response.url),
                status: response.statusCode,
              },
              "vendor call",
            );
          }
          return response;
        },
      ],
    },
  });
}

/** Reads `x-ratelimit-limit/remaining/reset` (reset: seconds from now, or epoch seconds when large). */
export function parseRateLimitHeaders(
  headers: Record<string, string | string[] | undefined>,
  now: Date,
): { limit?: number; remaining?: number; resetAt?: Date } | null {
  const num = (name: string) => {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    return raw === undefined || !Number.isFinite(value) ? undefined : value;
  };
  const limit = num("x-ratelimit-limit");
  const remaining = num("x-ratelimit-remaining");
  const reset = num("x-ratelimit-reset");
  if (limit === undefined && remaining === undefined && reset === undefined) return null;
  const info: { limit?: number; remaining?: number; resetAt?: Date } = {};
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetAt = new Date(reset > 1e9 ? reset * 1000 : now.getTime() + reset * 1000);
  return info;
}

function redactUrl(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  for (const key of [...u.searchParams.keys()]) {
    if (/token|secret|password|key/i.test(key)) u.searchParams.set(key, "[redacted]");
  }
  return u.toString();
}

/** Seconds or HTTP-date of a `Retry-After` header, as ms from `now`; undefined when absent/invalid. */
export function retryAfterMs(header: string | string[] | undefined, now: Date): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Maps an HTTP failure to an `AtsyncError` with Kombo's code and the right kind, keeping the
 * vendor's message (never request headers or bodies): 401 → `INTEGRATION.AUTHENTICATION_INVALID`
 * (config), 403 → `INTEGRATION.PERMISSION_MISSING` (config), 429 → `REMOTE.RATE_LIMIT_EXCEEDED`
 * (transient, with `retryAfterMs`), 5xx/timeouts/dropped connections → `REMOTE.SERVICE_UNAVAILABLE`
 * (transient), other 4xx → `REMOTE.INPUT_INVALID` (config), unparseable bodies →
 * `REMOTE.UNKNOWN_HTTP_ERROR` (system). `AtsyncError`s pass through unchanged.
 */
export function toAtsyncError(
  error: unknown,
  context: {
    integrationId?: string;
    vendor: string;
    now?: Date;
    vendorMessage?: (body: string) => string | null;
  },
): AtsyncError {
  if (isAtsyncError(error)) return error;
  const base = {
    ...(context.integrationId ? { integrationId: context.integrationId } : {}),
    cause: summarize(error),
  };
  if (error instanceof HTTPError) {
    const status = error.response.statusCode;
    const body = error.response.rawBody ? Buffer.from(error.response.rawBody).toString("utf8") : "";
    const detail =
      context.vendorMessage?.(body) ?? (body.slice(0, 300) || error.response.statusMessage || "");
    const msg = `${context.vendor} answered ${status}${detail ? `: ${detail}` : ""}`;
    if (status === 401) return new AtsyncError("INTEGRATION.AUTHENTICATION_INVALID", msg, base);
    if (status === 403) return new AtsyncError("INTEGRATION.PERMISSION_MISSING", msg, base);
    if (status === 429) {
      const wait = retryAfterMs(error.response.headers["retry-after"], context.now ?? new Date());
      return new AtsyncError("REMOTE.RATE_LIMIT_EXCEEDED", msg, {
        ...base,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      });
    }
    if (status >= 500 || status === 408) {
      const wait = retryAfterMs(error.response.headers["retry-after"], context.now ?? new Date());
      return new AtsyncError("REMOTE.SERVICE_UNAVAILABLE", msg, {
        ...base,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      });
    }
    return new AtsyncError("REMOTE.INPUT_INVALID", msg, base);
  }
  if (error instanceof ParseError) {
    return new AtsyncError(
      "REMOTE.UNKNOWN_HTTP_ERROR",
      `${context.vendor} sent a body that is not valid JSON`,
      base,
    );
  }
  if (error instanceof TimeoutError || error instanceof RequestError) {
    return new AtsyncError(
      "REMOTE.SERVICE_UNAVAILABLE",
      `${context.vendor} unreachable: ${error.code}`,
      base,
    );
  }
  if (error instanceof SyntaxError) {
    return new AtsyncError("REMOTE.UNKNOWN_HTTP_ERROR", `${context.vendor} sent an unparseable body`, base);
  }
  return new AtsyncError("PLATFORM.UNKNOWN_ERROR", error instanceof Error ? error.message : String(error), {
    ...base,
    kind: "system",
  });
}

/**
 * What of a failed request may be kept as an error's `cause`: never got's error itself, whose
 * `options` hold request headers (Authorization) and bodies (client secrets).
 */
function summarize(
  error: unknown,
): { name: string; code?: string; method?: string; url?: string; status?: number } | undefined {
  if (!(error instanceof RequestError)) return error instanceof Error ? { name: error.name } : undefined;
  const url = error.options?.url ? new URL(String(error.options.url)) : null;
  return {
    name: error.name,
    code: error.code,
    ...(error.options?.method ? { method: String(error.options.method) } : {}),
    ...(url ? { url: `${url.origin}${url.pathname}` } : {}),
    ...(error.response ? { status: error.response.statusCode } : {}),
  };
}
