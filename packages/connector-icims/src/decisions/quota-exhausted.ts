/**
 * §13 decision "Quota exhausted": iCIMS does not document the answer once the daily call quota is
 * used up. atsync treats a 429 — or a 403/503 — carrying `x-ratelimit-remaining: 0` as "quota
 * exhausted": no tight retries; wait `x-ratelimit-reset` seconds (time to 00:00 UTC).
 */

const QUOTA_STATUSES = new Set([429, 403, 503]);

type Headers = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Milliseconds until the daily quota resets when this answer says the quota is exhausted;
 * undefined for any other answer (including a plain 429 that a `Retry-After` governs).
 */
export function quotaExhaustedWaitMs(status: number, headers: Headers): number | undefined {
  if (!QUOTA_STATUSES.has(status) || first(headers["x-ratelimit-remaining"])?.trim() !== "0")
    return undefined;
  const reset = Number(first(headers["x-ratelimit-reset"]));
  return Number.isFinite(reset) && reset >= 0 ? reset * 1000 : 60 * 60_000;
}
