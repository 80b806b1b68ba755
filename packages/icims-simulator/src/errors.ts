/**
 * iCIMS error codes as the simulator uses them. 0–4 and 6 are documented iCIMS codes; 5 ("request
 * invalid": bad search, bad value, bad JSON) and 7 (quota exhausted / rate limited) are the simulator's
 * guesses for situations whose iCIMS code is not documented.
 */
export const ErrorCode = {
  INTERNAL_ERROR: 0,
  FIELD_REQUIRED: 1,
  RESOURCE_NOT_FOUND: 2,
  RESOURCE_ACCESS_DENIED: 3,
  FIELD_WARNING: 4,
  INVALID_REQUEST: 5,
  INVALID_CREDENTIALS: 6,
  RATE_LIMITED: 7,
} as const;

/** One item of an `errors[]` / `warnings[]` array, plus the field it concerns (for `X-Error`). */
export interface IcimsProblem {
  errorMessage: string;
  errorCode: number;
  field?: string;
}

/** A failure answered as `{"errors":[…]}` with an `X-Error` header. */
export class IcimsError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "IcimsError";
  }
}

/** 400 with the simulator's generic invalid-request code. */
export function badRequest(message: string, field?: string): IcimsError {
  return new IcimsError(400, ErrorCode.INVALID_REQUEST, message, field);
}

/** 404 RESOURCE_NOT_FOUND. */
export function notFound(message: string): IcimsError {
  return new IcimsError(404, ErrorCode.RESOURCE_NOT_FOUND, message);
}

/**
 * Formats an `X-Error` / `X-Warning` header value: `<code>:<detail>` or `<code>:<field>:<detail>`.
 * A header carries Latin-1 only: line breaks become spaces and any other character a header cannot
 * hold (a value echoed from the request, e.g. an emoji source name) becomes `?`.
 */
export function problemHeader(problem: IcimsProblem): string {
  const detail = problem.errorMessage.replace(/[\r\n]+/g, " ").replace(/[^\t\x20-\x7e\x80-\xff]/gu, "?");
  return problem.field ? `${problem.errorCode}:${problem.field}:${detail}` : `${problem.errorCode}:${detail}`;
}
