import type { RemoteOf } from "@atsync/core/connector";
import { allListChildren, type ListNode } from "../api/lists.js";
import type { CallOptions, IcimsClient } from "../http/client.js";
import { listId, listValue, obj } from "../mappers/icims-json.js";

/**
 * §13 decision "Application stages": the recruiting-workflow bins-and-statuses tree, read through
 * the List API under the list id set in the credentials (`statusListId`): bins are the first-level
 * nodes of `GET /v2/lists/{listId}`, statuses their children (`/v2/lists/{listId}/{binId}`). Each
 * status is a stage; `index` follows list order across bins. Without a list id, stages are
 * harvested from the distinct `status` nodes seen on workflows (what other integrators do).
 * The tree is the tenant's: every stage is shared by every job (`job_remote_id` null).
 */

/** A bin of the status tree with its statuses. */
export interface StatusBin {
  /** The bin (first-level node). */
  bin: ListNode;
  /** Its statuses, in list order. */
  statuses: ListNode[];
}

/** A stage as the connector emits it. */
export type RemoteStage = RemoteOf<"application_stages">;

/** Reads the status tree: one call for the bins (per page) plus one per bin, the bins in parallel. */
export async function loadStatusTree(
  client: IcimsClient,
  statusListId: string,
  options: CallOptions = {},
): Promise<StatusBin[]> {
  const bins = await allListChildren(client, statusListId, null, options);
  return Promise.all(
    bins.map(async (bin) => ({
      bin,
      statuses: await allListChildren(client, statusListId, bin.id, options),
    })),
  );
}

/** The stages of a status tree, in list order (`index` 0, 1, …). */
export function stagesOfTree(tree: readonly StatusBin[]): RemoteStage[] {
  return tree
    .flatMap(({ bin, statuses }) => statuses.map((status) => ({ bin, status })))
    .map(({ bin, status }, index) => ({
      remote_id: status.id,
      name: status.value,
      index,
      job_remote_id: null,
      remote_created_at: null,
      remote_updated_at: null,
      remote_data: { status, bin: { id: bin.id, value: bin.value } },
      custom_fields: {},
    }));
}

/** A stage harvested from a workflow's `status` node (no order known), or null without a status id. */
export function stageOfStatusNode(status: unknown): RemoteStage | null {
  const id = listId(status);
  if (id === null) return null;
  return {
    remote_id: id,
    name: listValue(status),
    index: null,
    job_remote_id: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { status: obj(status) },
    custom_fields: {},
  };
}

/** Bin name per status id, for the outcome decision. */
export function binNamesByStatus(tree: readonly StatusBin[]): Map<string, string | null> {
  const names = new Map<string, string | null>();
  for (const { bin, statuses } of tree) for (const status of statuses) names.set(status.id, bin.value);
  return names;
}
