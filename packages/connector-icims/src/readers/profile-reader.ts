import { chunks, type RecordPage, type RemoteRecord } from "@atsync/core/connector";
import { CallLimiter } from "../api/pool.js";
import { type FetchedRecord, fetchRecordPrefix, type IcimsJson } from "../api/records.js";
import {
  SEARCH_PREFIX,
  type SearchPage,
  type SearchType,
  searchOnce,
  searchPages,
  updatedWithin,
} from "../api/search.js";
import { byId, checkCheckpoint, ID_CHECKPOINT, pagesOfIds } from "./checkpoint.js";
import type { ListRequest, ModelReader, ReaderDeps, ReadRequest } from "./types.js";

/** Ids per search when checking which of a scope's ids still exist. */
const SCOPE_CHUNK = 100;

/** What one page of fetched profiles becomes: the page's records, and what else they feed. */
export type PageContent = Pick<RecordPage, "records" | "related" | "gone">;

/** What a pager made of one page of fetched profiles. */
export interface PagedProfiles {
  /** The content of the first `through` fetched profiles. */
  content: PageContent;
  /** How many of the fetched profiles, from the first, `content` covers (all when `error` is null). */
  through: number;
  /** The failure of a call the pager made that stopped it before the others, or null. */
  error: unknown;
}

/** Turns pages of fetched profiles into page content, for one read. */
export interface ProfilePager {
  /**
   * The content of one page of fetched profiles. A pager that calls the vendor per profile
   * returns the content of the profiles before the first call that failed (with the failure), so
   * the read keeps what it paid for; one that cannot split its page throws instead.
   */
  page(fetched: FetchedRecord[]): Promise<PagedProfiles>;
  /**
   * Vendor calls one profile needs before `page` can use it, made right after its GET in the
   * same concurrency slot (`FetchOptions.prepare`), so a read stopped at its quota reserve has
   * every fetched profile ready to keep. Profiles another read prefetched skip it: `page` makes
   * those calls itself.
   */
  prepare?(fetched: FetchedRecord): Promise<void>;
  /** Extra content added to the read's last page (records found only at the end), or null. */
  tail?(): Promise<PageContent | null>;
}

/** How a profile-backed model is read. */
export interface ProfileModel {
  /** Profile type searched and fetched. */
  type: SearchType;
  /** Field ids asked for (resolved once per read: they may include the tenant's custom fields). */
  fields(signal: AbortSignal | undefined): Promise<readonly string[]>;
  /** The pager of one read (may load what the mapping needs first). */
  pager(request: ReadRequest): Promise<ProfilePager>;
}

/** A pager that maps each fetched profile to one record. */
export function eachProfile(map: (id: string, json: IcimsJson) => RemoteRecord): ProfilePager {
  return {
    page: async (fetched) => ({
      content: { records: fetched.map(({ id, json }) => map(id, json)) },
      through: fetched.length,
      error: null,
    }),
  };
}

/** `a` with `b`'s records, related records and gone markers appended. */
function mergeContent(a: PageContent, b: PageContent | null): PageContent {
  if (b === null) return a;
  const out: PageContent = { records: [...a.records, ...b.records] };
  for (const key of ["related", "gone"] as const) {
    const merged: Record<string, unknown[]> = {};
    for (const part of [a[key], b[key]]) {
      for (const [model, items] of Object.entries(part ?? {}))
        merged[model] = [...(merged[model] ?? []), ...items];
    }
    if (Object.keys(merged).length > 0) Object.assign(out, { [key]: merged });
  }
  return out;
}

/**
 * Reads a model that is one iCIMS profile type (jobs, people, applicant workflows): id searches
 * paged by id (1000 per page, `updateddate` filter on deltas; see `pagedSearch`), then one GET per
 * record with `fields=` (unless another read of the sync prefetched it), bounded concurrency, turned into page content by the model's pager. A
 * scope without `since` GETs exactly the scoped ids; with `since`, the delta search is intersected
 * with the scope. Checkpoint: the page's last id. A fetch that fails mid-page first yields the
 * records fetched before the first id it could not fetch.
 */
export function profileReader(deps: ReaderDeps, model: ProfileModel): ModelReader {
  const { client, settings } = deps;
  /**
   * The records of `ids` (prefetched or fetched now); on a failure, those of the ids before the
   * first one not fetched (`through` of them) and the failure.
   */
  const fetchPage = async (
    ids: readonly string[],
    fields: readonly string[],
    request: ReadRequest,
    pager: ProfilePager,
    limiter?: CallLimiter,
  ): Promise<{ fetched: FetchedRecord[]; through: number; error: unknown }> => {
    const prefetched = new Map(deps.prefetched.take(model.type, ids).map((r) => [r.id, r]));
    const wanted = ids.filter((id) => !prefetched.has(id));
    const { records, through, error } = await fetchRecordPrefix(client, model.type, wanted, {
      fields,
      concurrency: settings.concurrency,
      signal: request.signal,
      ...(limiter ? { limiter } : {}),
      ...(pager.prepare ? { prepare: pager.prepare.bind(pager) } : {}),
    });
    for (const r of records) prefetched.set(r.id, r);
    const stop = error === null ? ids.length : ids.indexOf(wanted[through] as string);
    return { fetched: ids.slice(0, stop).flatMap((id) => prefetched.get(id) ?? []), through: stop, error };
  };
  const fetchAll = async (
    ids: readonly string[],
    fields: readonly string[],
    request: ReadRequest,
    pager: ProfilePager,
  ) => {
    const { fetched, error } = await fetchPage(ids, fields, request, pager);
    if (error !== null) throw error;
    return fetched;
  };
  /** The whole page's content, or the pager's failure (nothing kept). */
  const pageAll = async (pager: ProfilePager, fetched: FetchedRecord[]): Promise<PageContent> => {
    const { content, error } = await pager.page(fetched);
    if (error !== null) throw error;
    return content;
  };

  return {
    async *read(request) {
      const resume = request.resume === null ? "0" : checkCheckpoint(request.resume, ID_CHECKPOINT);
      const fields = await model.fields(request.signal);
      const pager = await model.pager(request);
      const tail = async () => (pager.tail ? pager.tail() : null);
      if (request.scope !== null && request.since === null) {
        const after = Number(resume);
        const ids = [...request.scope]
          .filter((id) => ID_CHECKPOINT.test(id) && Number(id) > after)
          .sort(byId);
        for await (const page of pagesOfIds(ids, (p) => fetchAll(p, fields, request, pager))) {
          const content = await pageAll(pager, page.items);
          yield {
            ...mergeContent(content, page.checkpoint === null ? await tail() : null),
            checkpoint: page.checkpoint,
          };
        }
        return;
      }
      const filters = updatedWithin(model.type, request.since, request.until);
      // The next page's GETs start as soon as its search has answered, while this page's last
      // GETs run (one limit for both), so the calls in flight never drop between pages; stopping
      // the read aborts them.
      const stop = new AbortController();
      const signal = request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal;
      const limiter = new CallLimiter(settings.concurrency);
      const pages = searchPages(client, model.type, filters, resume, { signal });
      const fetchRows = (page: SearchPage) => {
        const ids = page.rows
          .map((row) => row.id)
          .filter((id) => (request.scope?.has(id) ?? true) && !request.alreadyRead.has(id));
        return { page, ids, fetching: fetchPage(ids, fields, { ...request, signal }, pager, limiter) };
      };
      try {
        const first = await pages.next();
        let pending = first.done ? null : fetchRows(first.value);
        while (pending !== null) {
          const { page, ids, fetching } = pending;
          let last = false;
          let searchError: unknown = null;
          let next: ReturnType<typeof fetchRows> | null = null;
          try {
            last = await page.last;
            if (!last) {
              const following = await pages.next();
              if (!following.done) next = fetchRows(following.value);
            }
          } catch (error) {
            searchError = error;
          }
          const { fetched, through, error } = await fetching;
          const paged = await pager.page(fetched);
          // Keep what was paid for (a sync stopped at its quota reserve): the records of the ids
          // before the first one not fetched or not paged (or, when only the next search failed,
          // the whole page).
          const unpaged = paged.error !== null ? fetched[paged.through] : undefined;
          const kept =
            unpaged !== undefined ? ids.indexOf(unpaged.id) : error !== null ? through : ids.length;
          const failure = paged.error ?? error ?? searchError;
          if (failure !== null) {
            const checkpoint = kept < ids.length ? ids[kept - 1] : page.rows.at(-1)?.id;
            if (kept > 0 && checkpoint !== undefined) yield { ...paged.content, checkpoint };
            throw failure;
          }
          const content = paged.content;
          yield {
            ...mergeContent(content, last ? await tail() : null),
            checkpoint: last ? null : (page.rows.at(-1)?.id ?? null),
          };
          pending = next;
        }
      } finally {
        stop.abort();
        await pages.return(undefined);
      }
    },

    async *listIds(request: ListRequest) {
      const options = { signal: request.signal };
      if (request.scope === null) {
        for await (const page of searchPages(client, model.type, [], "0", options)) {
          yield page.rows.map((row) => row.id);
        }
        return;
      }
      const ids = [...request.scope].filter((id) => ID_CHECKPOINT.test(id)).sort(byId);
      for (const chunk of chunks(ids, SCOPE_CHUNK)) {
        const filter = { name: `${SEARCH_PREFIX[model.type]}.id`, value: chunk };
        const rows = await searchOnce(client, `/search/${model.type}`, [filter], options);
        yield rows.map((row) => row.id);
      }
    },
  };
}
