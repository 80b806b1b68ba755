import type { SimContext } from "../context.js";
import { LIST_IDS } from "../data/lists.js";
import type { ProfileType } from "../data/schema.js";
import { PROFILE_TYPES } from "../data/schema.js";
import { formatDateTime } from "../dates.js";
import { badRequest, notFound } from "../errors.js";
import { json } from "../http.js";
import type { RouteContext, Router } from "../router.js";
import type { FilterCatalog } from "../search/catalog.js";
import type { Query } from "../search/query.js";
import { parseQuery, runQuery } from "../search/query.js";
import { jsonBody } from "./common.js";

const OPEN_FOLDERS = new Set(["Approved", "Open"]);

/** The raw filter JSON of a search: POST body, or the `searchJson` query parameter of a GET. */
function rawQuery(ctx: RouteContext): unknown {
  if (ctx.method === "POST") return ctx.body.length === 0 ? undefined : jsonBody(ctx);
  const text = ctx.query.get("searchJson");
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Unable to parse searchJson.");
  }
}

function staleness(ctx: RouteContext, fallback: number): number {
  const raw = ctx.query.get("staleness");
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw badRequest("staleness must be a whole number of minutes.");
  return Number(raw);
}

/** Runs a search through the staleness cache; the key is the search kind plus the request's filter JSON. */
function cachedSearch(sim: SimContext, ctx: RouteContext, key: string, run: () => number[]): number[] {
  const cached = sim.searchCache.lookup(key, staleness(ctx, sim.options.defaultStalenessMin));
  if (cached) return cached;
  const ids = run();
  sim.searchCache.store(key, ids);
  return ids;
}

const titleSlug = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * Search routes: `POST /search/{type}` and `GET /search/{type}?searchJson=` (ids only, ascending, ≤ 1000,
 * `{"searchResults":[{id,self}]}`), and the portal search `GET|POST /search/portals/{portal}` (posted
 * jobs as `{id,self,portalUrl,updatedDate}`; filters optional). All honour `staleness`.
 */
export function searchRoutes(router: Router, sim: SimContext, catalog: FilterCatalog): void {
  const search = (type: ProfileType) => (ctx: RouteContext) => {
    const raw = rawQuery(ctx);
    const query = parseQuery(raw ?? {}, type, catalog, sim.options.portals);
    const ids = cachedSearch(sim, ctx, `${type}|${JSON.stringify(raw)}`, () =>
      runQuery(sim.store, type, query),
    );
    return json(200, { searchResults: ids.map((id) => ({ id, self: `${ctx.apiBase}/${type}/${id}` })) });
  };
  for (const type of PROFILE_TYPES) {
    router.on("POST", `/search/${type}`, search(type));
    router.on("GET", `/search/${type}`, search(type));
  }

  const portalSearch = (ctx: RouteContext) => {
    const param = ctx.params["portal"] ?? "";
    const portal = /^\d+$/.test(param)
      ? sim.options.portals[Number(param) - 1]
      : sim.options.portals.find((p) => p === param);
    if (!portal) throw notFound("Portal not found.");
    const raw = rawQuery(ctx);
    const query: Query = parseQuery(raw ?? {}, "jobs", catalog, sim.options.portals, true);
    const posted = (id: number): boolean => {
      const portals = sim.store.field("jobs", id, "postedto") as string[] | undefined;
      const folder = sim.lists.find(LIST_IDS.jobFolders, sim.store.field("jobs", id, "folder") as string)
        ?.node.value;
      return (portals?.includes(portal) ?? false) && folder !== undefined && OPEN_FOLDERS.has(folder);
    };
    const ids = cachedSearch(sim, ctx, `portal:${portal}|${JSON.stringify(raw)}`, () =>
      runQuery(sim.store, "jobs", query, posted),
    );
    const host = `${portal}-${sim.generator.tenantDomain.replace(/\.example$/, "")}.icims.com`;
    return json(200, {
      searchResults: ids.map((id) => ({
        id,
        self: `${ctx.apiBase}/portals/${portal}/${id}`,
        portalUrl: `https://${host}/jobs/${id}/${titleSlug(String(sim.store.field("jobs", id, "jobtitle") ?? "job"))}/job`,
        updatedDate: formatDateTime(sim.store.field("jobs", id, "updateddate") as number),
      })),
    });
  };
  router.on("GET", "/search/portals/{portal}", portalSearch);
  router.on("POST", "/search/portals/{portal}", portalSearch);
}
