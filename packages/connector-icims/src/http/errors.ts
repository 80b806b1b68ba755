import { AtsyncError, isAtsyncError, toAtsyncError } from "@atsync/core/connector";
import { HTTPError, RequestError } from "got";
import { quotaExhaustedWaitMs } from "../decisions/quota-exhausted.js";

/** Name used for iCIMS in error messages. */
export const VENDOR = "iCIMS";

/**
 * The human part of an iCIMS error body: the `errorMessage`s of `{"errors":[…]}` (with their
 * codes), or an OAuth `{error, error_description}`; null for any other body.
 */
export function icimsVendorMessage(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { errors, error, error_description } = parsed as Record<string, unknown>;
  if (Array.isArray(errors)) {
    const messages = errors
      .map((e: unknown) => {
        const item = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
        const text = typeof item["errorMessage"] === "string" ? item["errorMessage"] : null;
        return text && item["errorCode"] !== undefined
          ? `${text} (errorCode ${String(item["errorCode"])})`
          : text;
      })
      .filter((m): m is string => m !== null);
    return messages.length > 0 ? messages.join("; ") : null;
  }
  if (typeof error === "string") {
    return typeof error_description === "string" ? `${error_description} (${error})` : error;
  }
  return null;
}

/** Where an error happened, for the mapping. */
export interface ErrorContext {
  /** Integration the session serves. */
  integrationId: string;
  /** Current time (for `Retry-After` and quota resets). */
  now: Date;
  /** The caller's abort signal: when it fired, its reason is thrown instead of a vendor error. */
  signal?: AbortSignal | undefined;
}

/**
 * A safe summary of a got error for `AtsyncError.cause`: got errors carry the request options,
 * whose headers and form bodies hold tokens, passwords and client secrets.
 */
function safeCause(error: unknown): unknown {
  if (!(error instanceof RequestError)) return error;
  const url = error.options?.url;
  const where = url instanceof URL ? `${url.origin}${url.pathname}` : undefined;
  return {
    name: error.name,
    code: error.code,
    method: error.options?.method,
    url: where,
    status: error.response?.statusCode,
  };
}

/**
 * Maps any failure of an iCIMS call to an `AtsyncError` (Kombo codes, iCIMS message kept, see
 * `toAtsyncError`), with two iCIMS rules on top: an exhausted daily quota becomes
 * `REMOTE.RATE_LIMIT_EXCEEDED` retryable at the quota reset, and the cause never carries request
 * options (secrets). When the caller's signal aborted, its reason is returned unchanged.
 */
export function toIcimsError(error: unknown, context: ErrorContext): unknown {
  if (context.signal?.aborted) return context.signal.reason;
  if (isAtsyncError(error)) return error;
  const base = { integrationId: context.integrationId, cause: safeCause(error) };
  if (error instanceof HTTPError) {
    // With `responseType: "json"` got hands over parsed error bodies; the mapping reads text.
    const text = error.response.rawBody?.toString("utf8") ?? String(error.response.body ?? "");
    error.response.body = text;
    const wait = quotaExhaustedWaitMs(error.response.statusCode, error.response.headers);
    if (wait !== undefined) {
      const detail = icimsVendorMessage(text);
      return new AtsyncError(
        "REMOTE.RATE_LIMIT_EXCEEDED",
        `${VENDOR} daily call quota exhausted${detail ? `: ${detail}` : ""}`,
        { ...base, kind: "transient", retryAfterMs: wait },
      );
    }
  }
  const mapped = toAtsyncError(error, {
    vendor: VENDOR,
    integrationId: context.integrationId,
    now: context.now,
    vendorMessage: icimsVendorMessage,
  });
  return new AtsyncError(mapped.code, mapped.message, {
    ...base,
    kind: mapped.kind,
    ...(mapped.retryAfterMs === undefined ? {} : { retryAfterMs: mapped.retryAfterMs }),
    ...(mapped.details === undefined ? {} : { details: mapped.details }),
  });
}
