/** A Harvest API error: HTTP status plus the messages of its `{"errors":[…]}` body. */
export class HarvestError extends Error {
  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    message: string,
    /** Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A 422 validation error (the status Harvest v3 uses for bad parameters and bodies). */
export const invalid = (message: string): HarvestError => new HarvestError(422, message);
