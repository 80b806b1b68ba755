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
 * Kombo's error envelope for any thrown value. `AtsyncError`s keep their code and message (they
 * never carry secrets); anything else is logged and answered as `PLATFORM.UNKNOWN_ERROR` without
 * internals.
 */
export function errorResponse(error: unknown, logger: Logger): Response {
  const e = isAtsyncError(error)
    ? error
    : new AtsyncError("PLATFORM.UNKNOWN_ERROR", "Internal error; see the server log", { kind: "system" });
  if (!isAtsyncError(error)) logger.error({ err: error }, "unhandled error in HTTP handler");
  const headers: Record<string, string> = {};
  if (e.retryAfterMs !== undefined) headers["retry-after"] = String(Math.ceil(e.retryAfterMs / 1000));
  return json(
    httpStatusOf(e.code),
    {
      status: "error",
      error: {
        code: e.code,
        title: e.code.split(".")[1]?.replaceAll("_", " ") ?? null,
        message: e.message,
        log_url: null,
      },
    },
    headers,
  );
}
