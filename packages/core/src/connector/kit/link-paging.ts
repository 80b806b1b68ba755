/**
 * Vendor-neutral paging by RFC 8288 `Link` headers (`<url>; rel="next"`), as Greenhouse, GitHub
 * and many REST APIs use it.
 */

/**
 * The targets of a `Link` header by relation type (`rel`, lowercased; a `rel` naming several
 * types lists the URL under each). Entries without `rel` or with a malformed target are skipped;
 * the first entry of a relation wins. Accepts got's header value (a string, an array of them, or
 * undefined).
 */
export function parseLinkHeader(header: string | readonly string[] | undefined): Map<string, string> {
  const links = new Map<string, string>();
  const values = header === undefined ? [] : typeof header === "string" ? [header] : header;
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)/g)) {
      const target = match[1] ?? "";
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i.exec(match[2] ?? "");
      const types = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      for (const type of types) if (target !== "" && !links.has(type)) links.set(type, target);
    }
  }
  return links;
}

/**
 * The `rel="next"` target of a `Link` header resolved against `base` (the URL of the page that
 * carried it), or null when there is none: the answer was the last page.
 */
export function nextLinkUrl(header: string | readonly string[] | undefined, base: string | URL): URL | null {
  const next = parseLinkHeader(header).get("next");
  if (next === undefined) return null;
  try {
    return new URL(next, base);
  } catch {
    return null;
  }
}

/** One answer of a Link-paged listing. */
export interface LinkPage<Row> {
  /** The page's rows, in the vendor's order. */
  rows: Row[];
  /** The page after this one (its `rel="next"` target), or null on the last page. */
  next: URL | null;
}

/** Options of `walkLinkPages`. */
export interface WalkLinkPagesOptions<Row> {
  /** URL of the first page to fetch: the listing's first page, or a saved `next` to resume at. */
  start: URL;
  /** Fetches one page (with the vendor's authentication, retries and error mapping). */
  fetchPage(url: URL): Promise<LinkPage<Row>>;
  /**
   * Rows a full page holds (the `per_page` asked for). A page with fewer rows is re-requested
   * once and the longer of the two answers kept (see `walkLinkPages`).
   */
  pageSize: number;
  /** Aborts between pages; the generator then throws the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Fetches one page and confirms it when it is short: an answer with fewer than `pageSize` rows —
 * whether or not it links a next page — is requested again and the answer with more rows kept
 * (the first on a tie). Vendors glitch with empty or cut-short pages that keep or drop the next
 * link, and a listing that trusted such a page would end early or skip rows; a genuine last page
 * costs one extra request per listing.
 */
export async function fetchConfirmedPage<Row>(
  url: URL,
  fetchPage: (url: URL) => Promise<LinkPage<Row>>,
  pageSize: number,
): Promise<LinkPage<Row>> {
  const first = await fetchPage(url);
  if (first.rows.length >= pageSize) return first;
  const again = await fetchPage(url);
  return again.rows.length > first.rows.length ? again : first;
}

/**
 * Walks a Link-paged listing from `start`, yielding each page (confirmed as by
 * `fetchConfirmedPage`) with the URL of the page after it; the last yielded page has
 * `next: null`. A saved `next` passed back as `start` continues after the page that carried it,
 * never re-reading that page. A next link equal to the current URL ends the walk with an error
 * instead of looping forever.
 */
export async function* walkLinkPages<Row>(options: WalkLinkPagesOptions<Row>): AsyncGenerator<LinkPage<Row>> {
  let url: URL | null = options.start;
  while (url !== null) {
    options.signal?.throwIfAborted();
    const page: LinkPage<Row> = await fetchConfirmedPage(url, options.fetchPage, options.pageSize);
    if (page.next !== null && page.next.href === url.href)
      throw new Error(
        `paging did not advance: the next link of ${url.origin}${url.pathname} is the page itself`,
      );
    yield page;
    url = page.next;
  }
}
