import { badRequest, ErrorCode, IcimsError } from "../errors.js";
import { mediaType } from "../http.js";
import type { RouteContext } from "../router.js";

/** Parses a JSON request body; 415 for a non-JSON content type, 400 when it does not parse. */
export function jsonBody(ctx: RouteContext): unknown {
  if (mediaType(ctx.headers["content-type"]) !== "application/json") {
    throw new IcimsError(415, ErrorCode.INVALID_REQUEST, "Content-Type must be application/json.");
  }
  try {
    return JSON.parse(ctx.body.toString("utf8"));
  } catch {
    throw badRequest("Unable to parse the JSON request body.");
  }
}

/** The `fields=` parameter as a set of field ids, or undefined when absent. */
export function requestedFields(ctx: RouteContext): Set<string> | undefined {
  const raw = ctx.query.get("fields");
  if (raw === null) return undefined;
  return new Set(
    raw
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean),
  );
}
