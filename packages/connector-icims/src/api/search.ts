import { AtsyncError } from "@atsync/core/connector";
import { z } from "zod";
import type { CallOptions, IcimsClient } from "../http/client.js";
import { formatSearchDateTime } from "./dates.js";

/** Rows per search answer: iCIMS never returns more. */
export const SEARCH_PAGE_SIZE = 1000;

/**
 * `staleness` sent with every search: 0 bypasses iCIMS' search cache, so a search never misses
 * records changed in the last minutes. Delta reads still overlap by ≥ the default staleness.
 */
export const SEARCH_STALENESS_MIN = "0";

/** The searchable profile types and their filter prefixes. */
export const SEARCH_PREFIX = {
  people: "person",
  jobs: "job",
  applicantworkflows: "applicantworkflow",
} as const;

/** A searchable profile type. */
export type SearchType = keyof typeof SEARCH_PREFIX;

/** One search filter (`value` is always an array of strings). */
export interface SearchFilter {
  /** Type-prefixed filter name, e.g. `job.updateddate`. */
  name: string;
  /** Values (several = OR); dates in `yyyy-MM-dd hh:mm a` UTC. */
  value: string[];
  /** End of a date range whose start is `value` (both inclusive at the minute). */
  secondaryValue?: string[];
  /** `=` (default; contains for text, from-date for dates), `==`, `>`, … */
  operator?: string;
}

const SearchAnswerSchema = z.object({
  searchResults: z.array(z.looseObject({ id: z.union([z.number(), z.string()]) })),
});

/** One search row: the record's id as a string, plus whatever else the row carries. */
export type SearchRow = Record<string, unknown> & { id: string };

/** Parses a search answer into rows with string ids; a malformed answer is a system error. */
function searchRows(body: unknown): SearchRow[] {
  const parsed = SearchAnswerSchema.safeParse(body);
  if (!parsed.success) {
    throw new AtsyncError("REMOTE.UNKNOWN_HTTP_ERROR", "iCIMS search answer has no searchResults array");
  }
  return parsed.data.searchResults.map((row) => ({ ...row, id: String(row.id) }));
}

/** The filter that pages a search of `type`: ids greater than `afterId`. */
export function idAfter(type: SearchType, afterId: string): SearchFilter {
  return { name: `${SEARCH_PREFIX[type]}.id`, value: [afterId], operator: ">" };
}

/** Runs one search (`POST <path>` with the filters ANDed) and returns its rows. */
export async function searchOnce(
  client: IcimsClient,
  path: string,
  filters: readonly SearchFilter[],
  options: CallOptions = {},
): Promise<SearchRow[]> {
  const body = await client.query(path, filters.length > 0 ? { filters } : {}, {
    ...options,
    searchParams: { staleness: SEARCH_STALENESS_MIN },
  });
  return searchRows(body);
}

/** One page of a paged search. */
export interface SearchPage {
  /** The page's rows, ascending by id (at most 1000). */
  rows: SearchRow[];
  /** Resolves true when this is the final page (known once the next search has answered). */
  last: Promise<boolean>;
}

/**
 * Pages a search by id (iCIMS has no cursor): repeats it with `<type>.id > lastId`. The next
 * search starts as soon as a page is handed out, so it runs while the consumer fetches that page's
 * records; `last` tells the consumer whether more follows. Starts after `afterId` (a resume point).
 *
 * A listing must not end on a vendor glitch (an empty or cut-short answer where rows exist), so it
 * ends only on an empty answer that is confirmed: one that follows a short page (a cut-short page
 * is then just continued by the next search, nothing is lost), or one given twice in a row. N
 * matches cost ceil((N+1)/1000) + 1 searches; a page is empty only when nothing matched at all.
 * A failed search rejects `last` and the next step of the iteration.
 */
export async function* pagedSearch(
  fetchPage: (afterId: string) => Promise<SearchRow[]>,
  afterId: string,
): AsyncGenerator<SearchPage> {
  const confirmedRows = async (after: string, afterShortPage: boolean): Promise<SearchRow[]> => {
    const rows = await fetchPage(after);
    return rows.length > 0 || afterShortPage ? rows : fetchPage(after);
  };
  let rows = await confirmedRows(afterId, false);
  for (;;) {
    const lastRow = rows.at(-1);
    const next = lastRow ? confirmedRows(lastRow.id, rows.length < SEARCH_PAGE_SIZE) : Promise.resolve([]);
    const last = next.then((following) => following.length === 0);
    last.catch(() => undefined); // a consumer that only needs rows must not leave it unhandled
    yield { rows, last };
    const following = await next;
    if (following.length === 0) return;
    rows = following;
  }
}

/** Pages `POST /search/{type}` with `filters` (see `pagedSearch`). */
export function searchPages(
  client: IcimsClient,
  type: SearchType,
  filters: readonly SearchFilter[],
  afterId: string,
  options: CallOptions = {},
): AsyncGenerator<SearchPage> {
  return pagedSearch(
    (after) => searchOnce(client, `/search/${type}`, [...filters, idAfter(type, after)], options),
    afterId,
  );
}

/**
 * The change-date filter of a search of `type` (iCIMS' `yyyy-MM-dd hh:mm a` UTC format):
 * `updateddate` from `since` (a delta: an open range), within [`since`, `until`] (`value` and
 * `secondaryValue`: one window of a read newest first), at or before `until` (`<=`: the last
 * window), or no filter for a read of everything.
 */
export function updatedWithin(
  type: SearchType,
  since: Date | null,
  until: Date | null = null,
): SearchFilter[] {
  const name = `${SEARCH_PREFIX[type]}.updateddate`;
  if (until === null) return since === null ? [] : [{ name, value: [formatSearchDateTime(since)] }];
  const end = formatSearchDateTime(until, "until");
  if (since === null) return [{ name, value: [end], operator: "<=" }];
  return [{ name, value: [formatSearchDateTime(since)], secondaryValue: [end] }];
}
