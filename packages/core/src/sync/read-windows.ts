/**
 * The change-date windows of a full read taken newest first (docs/architecture.md, "Priority first
 * sync"): the first covers the day before the read's start; each next one ends a minute after the
 * previous one begins (so bounds that are exclusive at the vendor lose nothing) and is sized from
 * the records the previous one held, aiming at `TARGET_WINDOW_RECORDS`; after
 * `EMPTY_WINDOWS_BEFORE_OPEN` empty windows in a row, or once a window would start before
 * `OLDEST_WINDOW_START`, the last one is open below and takes everything older.
 */

/** One change-date window of a model read newest first, as stored in its checkpoint. */
export interface ReadWindow {
  /** Lower bound (ISO), or null for the last window: everything changed at or before `until`. */
  since: string | null;
  /** Upper bound (ISO). */
  until: string;
  /** Records of the model this window's read has committed so far. */
  records: number;
  /** Empty windows read in a row right before this one. */
  emptyBefore: number;
}

/** Span of the first window. */
export const FIRST_WINDOW_MS = 24 * 60 * 60_000;
/** Records a window aims at: small enough that the newest records come first, large enough to cost few searches. */
export const TARGET_WINDOW_RECORDS = 1000;
/** Empty windows in a row after which the next window is open below. */
export const EMPTY_WINDOWS_BEFORE_OPEN = 3;
/** No window starts before this time; the window that would is open below instead. */
export const OLDEST_WINDOW_START = Date.parse("2000-01-01T00:00:00Z");

const MINUTE_MS = 60_000;
/** How much a window may shrink or grow against the previous one. */
const MIN_GROWTH = 0.25;
const MAX_GROWTH = 8;

const floorToMinute = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** The first window of a read started at `anchor`: the day before it. */
export function firstWindow(anchor: Date): ReadWindow {
  const until = floorToMinute(anchor.getTime()) + MINUTE_MS;
  return {
    since: new Date(until - FIRST_WINDOW_MS).toISOString(),
    until: new Date(until).toISOString(),
    records: 0,
    emptyBefore: 0,
  };
}

/** The window after `done` (completely read), or null when `done` was the last one (open below). */
export function nextWindow(done: ReadWindow): ReadWindow | null {
  if (done.since === null) return null;
  const since = Date.parse(done.since);
  const span = Date.parse(done.until) - since;
  const empty = done.records === 0;
  const growth = empty
    ? MAX_GROWTH
    : Math.min(MAX_GROWTH, Math.max(MIN_GROWTH, TARGET_WINDOW_RECORDS / done.records));
  const until = since + MINUTE_MS;
  const start = floorToMinute(until - Math.max(2 * MINUTE_MS, span * growth));
  const emptyBefore = empty ? done.emptyBefore + 1 : 0;
  const open = emptyBefore >= EMPTY_WINDOWS_BEFORE_OPEN || start < OLDEST_WINDOW_START;
  return {
    since: open ? null : new Date(start).toISOString(),
    until: new Date(until).toISOString(),
    records: 0,
    emptyBefore,
  };
}

/**
 * While `window` is the one being read: the change time from which on every record up to the
 * read's start is stored (the windows before it end there; for the first window, the read's start).
 */
export function coveredSince(window: ReadWindow): string {
  return new Date(Date.parse(window.until) - MINUTE_MS).toISOString();
}
