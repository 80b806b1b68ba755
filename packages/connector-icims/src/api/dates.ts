import { inputInvalid } from "@atsync/core/connector";

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * Formats a time as an iCIMS search date, `yyyy-MM-dd hh:mm AM|PM` in UTC, truncated to the minute
 * (iCIMS keeps minute precision, so truncating never skips a change). Throws
 * `PLATFORM.INPUT_INVALID` for an invalid Date: iCIMS silently ignores a date it cannot parse and
 * then returns every record, so a bad bound must never reach it; `path` names the bound in that
 * error.
 */
export function formatSearchDateTime(date: Date, path = "since"): string {
  if (Number.isNaN(date.getTime())) {
    throw inputInvalid("iCIMS search date", [{ path, message: "is not a valid date" }]);
  }
  const hours = date.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(hour12)}:${pad(date.getUTCMinutes())} ${hours < 12 ? "AM" : "PM"}`
  );
}

/** Formats a time as an iCIMS date, `yyyy-MM-dd` in UTC. */
export function formatIcimsDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?)?$/;

/**
 * Parses an iCIMS date or datetime (`yyyy-MM-dd`, `yyyy-MM-dd hh:mm a`, always UTC; a 24-hour
 * `HH:mm` is accepted too) into an ISO 8601 string with `Z`. Returns null for anything else,
 * including non-strings and impossible calendar dates: a bad vendor date never fails a sync.
 */
export function parseIcimsDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, ampm] = m;
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm.toUpperCase() === "PM" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, minute);
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  return check.toISOString();
}
