import { AtsyncError, type ErrorCode, isAtsyncError } from "../errors.js";
import type { Logger } from "../logging.js";

/** HTTP status of each error code (Kombo's SDK treats every non-200 with an error body as `KomboAtsError`). */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case "PLATFORM.INPUT_INVALID":
    case "REMOTE.INPUT_INVALID":
    case "INTEGRATION.MODEL_NOT_AVAILABLE":
    case "INTEGRATION.ACTION_NOT_AVAILABLE":
    case "INTEGRATION.MODEL_DISABLED":
    case "INTEGRATION.ACTION_DISABLED":
    case "ATS.JOB_CLOSED":
      return 400;
    case "PLATFORM.AUTHENTICATION_INVALID":
      return 401;
    case "PLATFORM.IP_NOT_WHITELISTED":
    case "INTEGRATION.PERMISSION_MISSING":
    case "INTEGRATION.AUTHENTICATION_INVALID":
    case "INTEGRATION.INACTIVE":
      return 403;
    case "PLATFORM.INTEGRATION_NOT_FOUND":
      return 404;
    case "INTEGRATION.SETUP_SYNC_PENDING":
    case "INTEGRATION.SETUP_INCOMPLETE":
    case "INTEGRATION.QA_FAILED":
    case "ATS.APPLICATION_ALREADY_EXISTS":
      return 409;
    case "PLATFORM.RATE_LIMIT_EXCEEDED":
    case "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED":
    case "REMOTE.RATE_LIMIT_EXCEEDED":
      return 429;
    case "REMOTE.UNKNOWN_HTTP_ERROR":
      return 502;
    case "REMOTE.SERVICE_UNAVAILABLE":
      return 503;
    case "PLATFORM.TASK_TIMED_OUT":
      return 504;
    default:
      return 500;
  }
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/**
 * Which of Kombo's error enums a route answers from: `ats` (`/ats/…`: every code) or `general`
 * (everything else: only `PLATFORM.*` codes, the SDK's `KomboGeneralError`).
 */
export type ErrorFamily = "ats" | "general";

/** The error family of a request's route under `basePath`. */
export function errorFamilyOf(request: Request, basePath: string): ErrorFamily {
  const path = new URL(request.url).pathname.slice(basePath.length);
  return path.startsWith("/ats/") ? "ats" : "general";
}

/**
 * The code a general route answers for `code`: PLATFORM codes as they are; a vendor rate limit as
 * `PLATFORM.RATE_LIMIT_EXCEEDED`; other REMOTE codes as `PLATFORM.UNKNOWN_ERROR`; INTEGRATION and
 * ATS codes (an inactive integration, a missing capability) as `PLATFORM.INPUT_INVALID`. The HTTP
 * status stays that of the original code, and the message names it.
 */
function generalCode(code: ErrorCode): ErrorCode {
  if (code.startsWith("PLATFORM.")) return code;
  if (code === "REMOTE.RATE_LIMIT_EXCEEDED") return "PLATFORM.RATE_LIMIT_EXCEEDED";
  return code.startsWith("REMOTE.") ? "PLATFORM.UNKNOWN_ERROR" : "PLATFORM.INPUT_INVALID";
}

/**
 * Kombo's error envelope for any thrown value. `AtsyncError`s keep their code and message (they
 * never carry secrets; on a `general` route a non-PLATFORM code is translated, see `generalCode`);
 * anything else is logged and answered as `PLATFORM.UNKNOWN_ERROR` without internals.
 */
export function errorResponse(error: unknown, logger: Logger, family: ErrorFamily = "ats"): Response {
  const e = isAtsyncError(error)
    ? error
    : new AtsyncError("PLATFORM.UNKNOWN_ERROR", "Internal error; see the server log", { kind: "system" });
  if (!isAtsyncError(error)) logger.error({ err: error }, "unhandled error in HTTP handler");
  const headers: Record<string, string> = {};
  if (e.retryAfterMs !== undefined) headers["retry-after"] = String(Math.ceil(e.retryAfterMs / 1000));
  const code = family === "general" ? generalCode(e.code) : e.code;
  return json(
    httpStatusOf(e.code),
    {
      status: "error",
      error: {
        code,
        title: code.split(".")[1]?.replaceAll("_", " ") ?? null,
        message: code === e.code ? e.message : `${e.message} (${e.code})`,
        log_url: null,
      },
    },
    headers,
  );
}
