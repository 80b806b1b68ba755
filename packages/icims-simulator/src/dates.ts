/** iCIMS date formats: datetime `yyyy-MM-dd hh:mm a` and date `yyyy-MM-dd`, always UTC. */

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Truncates a timestamp to the minute (iCIMS keeps minute precision). */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Formats a timestamp as `yyyy-MM-dd` in UTC. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Formats a timestamp as `yyyy-MM-dd hh:mm AM|PM` in UTC (12-hour clock, minute precision). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${formatDate(ms)} ${pad(hour12)}:${pad(d.getUTCMinutes())} ${hours < 12 ? "AM" : "PM"}`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{1,2}):(\d{2}) ([AaPp][Mm]))?$/;

/**
 * Parses a search date the way iCIMS does: `yyyy-MM-dd hh:mm a` (1- or 2-digit hour) or `yyyy-MM-dd`
 * (midnight), as UTC. Returns undefined for anything else (ISO strings included) — callers ignore such
 * bounds, as iCIMS does.
 */
export function parseSearchDate(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, ampm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  let hour = 0;
  let minute = 0;
  if (h !== undefined && mi !== undefined && ampm !== undefined) {
    hour = Number(h);
    minute = Number(mi);
    if (hour < 1 || hour > 12 || minute > 59) return undefined;
    hour = (hour % 12) + (ampm.toUpperCase() === "PM" ? 12 : 0);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms;
}

/** True when `text` is a valid `yyyy-MM-dd` calendar date. */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseSearchDate(text) !== undefined;
}
