import { formatDate } from "../dates.js";
import { badRequest } from "../errors.js";
import type { TenantLists } from "./lists.js";
import { LIST_IDS } from "./lists.js";
import type { ProfileType } from "./schema.js";
import type { RecordStore } from "./store.js";
import { clone } from "./store.js";
import type { WriteContext, Writer } from "./write.js";
import { loadRecord } from "./write.js";

/**
 * Purges a record for good (as iCIMS' purge batch does): GET answers 404 and searches skip it. Purging a
 * job or a person also removes its workflows.
 */
export function purge(store: RecordStore, type: ProfileType, id: number): void {
  loadRecord(store, type, id);
  store.purge(type, id);
}

/** Marks a record as hidden from the API user (GET → 404 RESOURCE_ACCESS_DENIED) or visible again. */
export function restrict(store: RecordStore, type: ProfileType, id: number, restricted: boolean): void {
  const record = clone(loadRecord(store, type, id));
  if (restricted) record.restricted = true;
  else delete record.restricted;
  store.put(type, record);
}

/**
 * Merges two people the way iCIMS does: the survivor keeps its values and fills its blanks from the
 * loser, and inherits the earlier `createddate`; the loser's `firstname` becomes
 * `Merged with <survivorId> - <yyyy-MM-dd>` and it moves to the Purge folder. The loser's recruiting
 * workflows move to the survivor, except where the survivor already has one for the same job (those
 * are purged).
 */
export function merge(
  store: RecordStore,
  writer: Writer,
  lists: TenantLists,
  survivorId: number,
  loserId: number,
  ctx: WriteContext,
): void {
  if (survivorId === loserId) throw badRequest("A person cannot be merged with itself.");
  const survivor = clone(loadRecord(store, "people", survivorId));
  const loser = clone(loadRecord(store, "people", loserId));
  for (const [name, value] of Object.entries(loser.fields)) {
    if (survivor.fields[name] === undefined) survivor.fields[name] = structuredClone(value);
  }
  survivor.fields["createddate"] = Math.min(
    survivor.fields["createddate"] as number,
    loser.fields["createddate"] as number,
  );
  writer.touch("people", survivor, undefined, ctx);

  loser.fields["firstname"] = `Merged with ${survivorId} - ${formatDate(ctx.now)}`;
  loser.fields["folder"] = lists.byValue(LIST_IDS.personFolders, "Purge").id;
  writer.touch("people", loser, undefined, ctx);

  const survivorJobs = new Set(
    store.workflowsOfPerson(survivorId).map((w) => store.field("applicantworkflows", w, "baseprofile")),
  );
  for (const w of store.workflowsOfPerson(loserId)) {
    if (survivorJobs.has(store.field("applicantworkflows", w, "baseprofile"))) {
      store.purge("applicantworkflows", w);
      continue;
    }
    const current = store.get("applicantworkflows", w);
    if (!current) continue;
    const workflow = clone(current);
    workflow.fields["associatedprofile"] = survivorId;
    writer.touch("applicantworkflows", workflow, workflow.fields["status"], ctx);
  }
}
