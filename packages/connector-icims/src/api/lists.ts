import { AtsyncError } from "@atsync/core/connector";
import { z } from "zod";
import type { CallOptions, IcimsClient } from "../http/client.js";

const ListNodeSchema = z.looseObject({ id: z.union([z.string(), z.number()]), value: z.string().nullish() });

const ListPageSchema = z.looseObject({
  children: z.array(ListNodeSchema).optional(),
  _links: z.looseObject({ next: z.object({ href: z.string() }).optional() }).optional(),
});

/** A List API node: its id, value and any other keys iCIMS sent. */
export type ListNode = Record<string, unknown> & { id: string; value: string | null };

/** Largest `size` the List API accepts. */
const LIST_PAGE_SIZE = "1000";

/**
 * Reads the children of a List API node — `GET /v2/lists/{listId}` (first level) or
 * `/v2/lists/{listId}/{nodeId}` — page by page, following `_links.next` while it stays under the
 * API base. Yields each page's children.
 */
export async function* listChildren(
  client: IcimsClient,
  listId: string,
  nodeId: string | null,
  options: CallOptions = {},
): AsyncGenerator<ListNode[]> {
  const path = `/v2/lists/${encodeURIComponent(listId)}${nodeId === null ? "" : `/${encodeURIComponent(nodeId)}`}`;
  let url: URL | null = new URL(client.url(path));
  url.searchParams.set("size", LIST_PAGE_SIZE);
  const seen = new Set<string>();
  while (url !== null && !seen.has(url.href)) {
    seen.add(url.href);
    const body = await client.getJson(url.href.slice(client.base.length), { signal: options.signal });
    const parsed = ListPageSchema.safeParse(body);
    if (!parsed.success) {
      throw new AtsyncError("REMOTE.UNKNOWN_HTTP_ERROR", `iCIMS list ${listId} answered an unexpected shape`);
    }
    yield (parsed.data.children ?? []).map((node) => ({
      ...node,
      id: String(node.id),
      value: node.value ?? null,
    }));
    const next: string | undefined = parsed.data._links?.next?.href;
    url = next?.startsWith(`${client.base}/`) ? new URL(next) : null;
  }
}

/** Every child of a List API node, all pages. */
export async function allListChildren(
  client: IcimsClient,
  listId: string,
  nodeId: string | null,
  options: CallOptions = {},
): Promise<ListNode[]> {
  const nodes: ListNode[] = [];
  for await (const page of listChildren(client, listId, nodeId, options)) nodes.push(...page);
  return nodes;
}
