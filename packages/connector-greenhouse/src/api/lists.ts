import { inputInvalid, walkLinkPages } from "@atsync/core/connector";
import type { HarvestClient, HarvestRow } from "../http/client.js";

/** Largest `per_page` Harvest accepts (REFERENCE §2). */
export const MAX_PER_PAGE = 500;
/** Most ids an `ids` / `*_ids` filter takes (REFERENCE §4). */
export const MAX_FILTER_IDS = 50;

/**
 * Harvest's date filter value for "at or after `since`" (`gte|2024-01-01T00:00:00.000Z`,
 * REFERENCE §4). An invalid Date is refused (`PLATFORM.INPUT_INVALID`) before anything is sent.
 */
export function sinceFilter(since: Date): string {
  if (Number.isNaN(since.getTime()))
    throw inputInvalid("read options", [{ path: "since", message: "since must be a valid date" }]);
  return `gte|${since.toISOString()}`;
}

/**
 * The checkpoint after a page: the query of its `rel="next"` link (Harvest's opaque `cursor=…`,
 * which carries the first request's filters and page size, REFERENCE §2), or null on the last page.
 */
export function cursorCheckpoint(next: URL | null): string | null {
  return next === null ? null : next.search.slice(1);
}

/**
 * The URL a checkpoint continues at: the resource list with the saved query. Refuses
 * (`PLATFORM.INPUT_INVALID`) a checkpoint that is not a plain query string naming a cursor.
 */
export function resumeUrl(client: HarvestClient, resource: string, checkpoint: string): URL {
  const ok = /^[A-Za-z0-9_\-.~%=&+]+$/.test(checkpoint) && new URLSearchParams(checkpoint).has("cursor");
  if (!ok)
    throw inputInvalid("read options", [
      { path: "resume", message: "not a checkpoint of a Greenhouse read" },
    ]);
  const url = client.url(resource);
  url.search = checkpoint;
  return url;
}

/** Options of `eachPage`. */
export interface PageWalk {
  /** Harvest resource (`jobs`, `job_interview_stages`, …). */
  resource: string;
  /** Query of the first page (filters); ignored when `resume` is given. */
  params: Record<string, string>;
  /** `per_page` asked for. */
  perPage: number;
  /** A checkpoint (`cursorCheckpoint`) to continue after, or null for the first page. */
  resume: string | null;
  /** Aborts between pages. */
  signal?: AbortSignal | undefined;
}

/**
 * The pages of one Harvest listing (cursor paging by `Link rel="next"`, short pages confirmed by
 * the kit's `walkLinkPages` so a vendor glitch never ends a listing early), each with the
 * checkpoint after it.
 */
export async function* eachPage(
  client: HarvestClient,
  walk: PageWalk,
): AsyncGenerator<{ rows: HarvestRow[]; checkpoint: string | null }> {
  const start =
    walk.resume === null
      ? client.url(walk.resource, { ...walk.params, per_page: String(walk.perPage) })
      : resumeUrl(client, walk.resource, walk.resume);
  for await (const page of walkLinkPages({
    start,
    pageSize: walk.perPage,
    fetchPage: (url) => client.page(url, walk.signal),
    signal: walk.signal,
  })) {
    yield { rows: page.rows, checkpoint: cursorCheckpoint(page.next) };
  }
}

/** Every row of a small listing (lookups such as departments), at the largest page size. */
export async function allRows(
  client: HarvestClient,
  resource: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<HarvestRow[]> {
  const rows: HarvestRow[] = [];
  for await (const page of eachPage(client, {
    resource,
    params,
    perPage: MAX_PER_PAGE,
    resume: null,
    signal,
  }))
    rows.push(...page.rows);
  return rows;
}
