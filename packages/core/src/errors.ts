import type { z } from "zod";

/**
 * The one error type atsync throws across package boundaries. `code` is Kombo's error code (so
 * the HTTP layer can answer in Kombo's envelope unchanged); `kind` tells the scheduler what to do.
 */

/** Kombo's ATS error codes (`@kombo-api/sdk` `KomboAtsErrorCode`), plus nothing of our own. */
export const ERROR_CODES = [
  "PLATFORM.RATE_LIMIT_EXCEEDED",
  "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED",
  "PLATFORM.INTEGRATION_NOT_FOUND",
  "PLATFORM.INPUT_INVALID",
  "PLATFORM.UNKNOWN_ERROR",
  "PLATFORM.IP_NOT_WHITELISTED",
  "PLATFORM.AUTHENTICATION_INVALID",
  "PLATFORM.TASK_TIMED_OUT",
  "INTEGRATION.PERMISSION_MISSING",
  "INTEGRATION.AUTHENTICATION_INVALID",
  "INTEGRATION.QA_FAILED",
  "INTEGRATION.SETUP_SYNC_PENDING",
  "INTEGRATION.SETUP_INCOMPLETE",
  "INTEGRATION.INACTIVE",
  "INTEGRATION.MODEL_NOT_AVAILABLE",
  "INTEGRATION.MODEL_DISABLED",
  "INTEGRATION.ACTION_NOT_AVAILABLE",
  "INTEGRATION.ACTION_DISABLED",
  "REMOTE.SERVICE_UNAVAILABLE",
  "REMOTE.RATE_LIMIT_EXCEEDED",
  "REMOTE.INPUT_INVALID",
  "REMOTE.UNKNOWN_HTTP_ERROR",
  "ATS.JOB_CLOSED",
  "ATS.APPLICATION_ALREADY_EXISTS",
] as const;

/** One of Kombo's error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What a caller should do about an error:
 * - `config`: wrong credentials, permissions or input; retrying will not help until someone acts.
 * - `transient`: rate limit, timeout, 5xx, dropped connection; retry later (see `retryAfterMs`).
 * - `system`: a bug or an unparseable vendor answer; retrying is unlikely to help.
 * - `unsupported`: the connector does not cover the model or action.
 */
export type ErrorKind = "config" | "transient" | "system" | "unsupported";

/** Options of `new AtsyncError(...)`. */
export interface AtsyncErrorOptions {
  /** What a caller should do about it; defaults to the code's usual kind (see `defaultKind`). */
  kind?: ErrorKind;
  /** Integration the error belongs to, when there is one. */
  integrationId?: string;
  /** Earliest useful retry, in ms from now (from `Retry-After` or a quota reset). */
  retryAfterMs?: number;
  /** Structured detail safe to show to API callers (e.g. the list of invalid input fields). */
  details?: unknown;
  /** The underlying error. Never contains secrets: connectors redact before wrapping. */
  cause?: unknown;
}

const BRAND = Symbol.for("@atsync/core:AtsyncError");

/** The error kind a code has unless the thrower says otherwise. */
export function defaultKind(code: ErrorCode): ErrorKind {
  switch (code) {
    case "PLATFORM.RATE_LIMIT_EXCEEDED":
    case "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED":
    case "PLATFORM.TASK_TIMED_OUT":
    case "REMOTE.SERVICE_UNAVAILABLE":
    case "REMOTE.RATE_LIMIT_EXCEEDED":
    case "INTEGRATION.SETUP_SYNC_PENDING":
      return "transient";
    case "INTEGRATION.MODEL_NOT_AVAILABLE":
    case "INTEGRATION.ACTION_NOT_AVAILABLE":
      return "unsupported";
    case "PLATFORM.UNKNOWN_ERROR":
    case "REMOTE.UNKNOWN_HTTP_ERROR":
      return "system";
    default:
      return "config";
  }
}

/** An error with a Kombo code and a kind; see the module comment. */
export class AtsyncError extends Error {
  /** Kombo's error code. */
  readonly code: ErrorCode;
  /** What a caller should do about it. */
  readonly kind: ErrorKind;
  /** Integration the error belongs to, when there is one. */
  readonly integrationId: string | undefined;
  /** Earliest useful retry in ms, for transient errors that know it. */
  readonly retryAfterMs: number | undefined;
  /** Structured detail safe to show to API callers. */
  readonly details: unknown;
  /** Brand checked by `isAtsyncError` (works across copies of this package). */
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options: AtsyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AtsyncError";
    this.code = code;
    this.kind = options.kind ?? defaultKind(code);
    this.integrationId = options.integrationId;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

/** True for any `AtsyncError`, including one thrown by another copy of `@atsync/core`. */
export function isAtsyncError(value: unknown): value is AtsyncError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** `PLATFORM.INPUT_INVALID` listing every problem as `path: message`. */
export function inputInvalid(what: string, issues: { path: string; message: string }[]): AtsyncError {
  const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return new AtsyncError("PLATFORM.INPUT_INVALID", `Invalid ${what}: ${list}`, { details: { issues } });
}

/**
 * Parses `value` with a zod schema, or throws `PLATFORM.INPUT_INVALID` for `what` listing every
 * issue by path (zod's messages name the problem, never the offending value).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw inputInvalid(
      what,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  return parsed.data;
}
