import type { SimContext } from "../context.js";
import type { ListNode } from "../data/lists.js";
import { badRequest, notFound } from "../errors.js";
import { json } from "../http.js";
import type { RouteContext, Router } from "../router.js";

const MAX_SIZE = 1000;

const numericId = (id: string): number | undefined => {
  const digits = /^[A-Z](\d+)$/.exec(id)?.[1];
  return digits === undefined ? undefined : Number(digits);
};

/** A node as the List API shows it (children are listed one level deep, with self links). */
function nodeJson(node: ListNode): Record<string, unknown> {
  const listnodeid = numericId(node.id);
  return {
    id: node.id,
    ...(listnodeid === undefined ? {} : { listnodeid }),
    value: node.value,
    hidden: false,
    ...(node.abbrev ? { abv2: node.abbrev } : {}),
  };
}

function page(
  ctx: RouteContext,
  listId: string,
  node: ListNode,
  nodeId: string | undefined,
): Record<string, unknown> {
  const sizeParam = ctx.query.get("size");
  const pageParam = ctx.query.get("page");
  const size = sizeParam === null ? MAX_SIZE : Number(sizeParam);
  const index = pageParam === null ? 0 : Number(pageParam);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE)
    throw badRequest(`size must be an integer from 1 to ${MAX_SIZE}.`);
  if (!Number.isInteger(index) || index < 0) throw badRequest("page must be a non-negative integer.");
  const self = `${ctx.apiBase}/v2/lists/${listId}${nodeId ? `/${nodeId}` : ""}`;
  const children = node.children ?? [];
  const last = Math.max(0, Math.ceil(children.length / size) - 1);
  const link = (p: number) => ({ href: `${self}?size=${size}&page=${p}` });
  return {
    ...nodeJson(node),
    children: children.slice(index * size, (index + 1) * size).map((child) => ({
      ...nodeJson(child),
      _links: { self: { href: `${ctx.apiBase}/v2/lists/${listId}/${child.id}` } },
    })),
    _links: {
      self: link(index),
      first: link(0),
      last: link(last),
      ...(index < last ? { next: link(index + 1) } : {}),
    },
  };
}

/**
 * List API: `GET /v2/lists` (list ids), `GET /v2/lists/{listId}` (first level) and
 * `GET /v2/lists/{listId}/{nodeId}` (a node's children), each a node object with `children` and
 * `_links{self,first,last[,next]}`, paged by `size` (≤ 1000) and `page` (from 0).
 */
export function listRoutes(router: Router, sim: SimContext): void {
  router.on("GET", "/v2/lists", () => json(200, { lists: sim.lists.names() }));
  router.on("GET", "/v2/lists/{listId}", (ctx) => {
    const listId = ctx.params["listId"] ?? "";
    const root = sim.lists.root(listId);
    if (!root) throw notFound("List not found.");
    return json(200, page(ctx, listId, root, undefined));
  });
  router.on("GET", "/v2/lists/{listId}/{nodeId}", (ctx) => {
    const listId = ctx.params["listId"] ?? "";
    const nodeId = ctx.params["nodeId"] ?? "";
    const found = sim.lists.find(listId, nodeId);
    if (!found) throw notFound("List node not found.");
    return json(200, page(ctx, listId, found.node, nodeId));
  });
}
