import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { IcimsError, IcimsProblem } from "./errors.js";
import { problemHeader } from "./errors.js";

/** JSON content type iCIMS sends. */
export const JSON_CONTENT_TYPE = "application/json;charset=UTF-8";

/** A response produced by a route handler; the server adds common headers and writes it. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Serialised as JSON with `Content-Type: application/json;charset=UTF-8`. */
  json?: unknown;
  /** Raw body (used when `json` is absent). */
  body?: Uint8Array | string;
}

/** A JSON response. */
export function json(
  status: number,
  value: unknown,
  headers: Record<string, string | string[]> = {},
): SimResponse {
  return { status, json: value, headers };
}

/** A response without body. */
export function empty(status: number, headers: Record<string, string | string[]> = {}): SimResponse {
  return { status, headers };
}

/** Warnings (`X-Warning` headers) for a write that succeeded with remarks. */
export function warningHeaders(warnings: readonly IcimsProblem[]): Record<string, string | string[]> {
  return warnings.length > 0 ? { "X-Warning": warnings.map(problemHeader) } : {};
}

/** The iCIMS error response for an `IcimsError`: `{"errors":[…]}` plus `X-Error`. */
export function errorResponse(error: IcimsError): SimResponse {
  const problem: IcimsProblem = { errorMessage: error.message, errorCode: error.code };
  if (error.field) problem.field = error.field;
  return json(
    error.status,
    { errors: [{ errorMessage: problem.errorMessage, errorCode: problem.errorCode }] },
    { ...error.headers, "X-Error": problemHeader(problem) },
  );
}

/** Headers every simulated iCIMS response carries (request GUID, HSTS). */
export function commonHeaders(): Record<string, string> {
  return {
    "x-transaction": `{${randomUUID().toUpperCase()}}`,
    "Strict-Transport-Security": "max-age=7776000",
  };
}

/** Reads a request body; resolves undefined when it exceeds `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Media type of a Content-Type header, lowercased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
