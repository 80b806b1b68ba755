import { inputInvalid, payloadIdentity, type VendorEvent } from "@atsync/core/connector";

/**
 * Decision "Event notifications" (REFERENCE in the package README): which pushed iCIMS events
 * refresh which records, and what identifies an event.
 * - `WorkFlowStatusChangeEvent` → the applicant workflow `systemId` (one GET): a status change
 *   changes the workflow only.
 * - `ApplicationCompletedEvent` → the workflow `systemId` and its person (the `person` link or
 *   `personId`): a completed portal apply may have created or changed both (two GETs).
 * - `JobPostToWebEvent` / `JobUnpostToWebEvent` → the job `systemId` (one GET, which also feeds
 *   its screening questions and hiring team) and its postings on the configured portals (the
 *   portal searches).
 * - Every other type (`ViewJobWebPostEvent`, `RemoteLoginEvent`, types iCIMS adds later) refreshes
 *   nothing and is answered 200.
 * - iCIMS events carry no id: the identity is the SHA-256 of the payload's canonical JSON, so a
 *   redelivery is a duplicate. A genuine repeat with the same content (a workflow moved A → B,
 *   back, and to B again within the receiver's 24-hour dedupe window) is taken for a duplicate:
 *   the next delta reads it.
 * - `customerId` must be the integration's tenant: an event of another tenant is refused (400).
 */

/** What the event parser needs of the integration. */
export interface EventContext {
  /** The integration's numeric customer id. */
  customerId: string;
  /** Portal names whose postings are job postings (settings `portals`). */
  portals: readonly string[];
}

const ID = /^\d{1,20}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** An id field of the payload as a string (iCIMS sends strings; numbers are accepted), or undefined. */
function idField(payload: Record<string, unknown>, key: string): string | undefined {
  const v = payload[key];
  const s = typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v;
  return typeof s === "string" && ID.test(s) ? s : undefined;
}

/** The required id `key`; refuses the payload naming it when absent or not an iCIMS id. */
function requiredId(payload: Record<string, unknown>, key: string): string {
  const id = idField(payload, key);
  if (id === undefined)
    throw inputInvalid("iCIMS event", [{ path: key, message: "must be a numeric iCIMS id" }]);
  return id;
}

/** The id at the end of the `links[]` entry with `rel` (`…/people/50912`), or undefined. */
function linkedId(payload: Record<string, unknown>, rel: string): string | undefined {
  const links = Array.isArray(payload["links"]) ? payload["links"] : [];
  for (const link of links) {
    if (!isObject(link) || link["rel"] !== rel || typeof link["url"] !== "string") continue;
    const id = /\/(\d{1,20})\/?$/.exec(link["url"])?.[1];
    if (id) return id;
  }
  return undefined;
}

/** Maps one iCIMS event payload onto the records to refresh (see the module comment). */
export function eventOfPayload(payload: unknown, context: EventContext): VendorEvent {
  if (!isObject(payload))
    throw inputInvalid("iCIMS event", [{ path: "body", message: "must be a JSON object" }]);
  const type = payload["eventType"];
  if (typeof type !== "string" || !/^[A-Za-z0-9_.-]{1,100}$/.test(type))
    throw inputInvalid("iCIMS event", [{ path: "eventType", message: "must be an iCIMS event type" }]);
  if (String(payload["customerId"] ?? "") !== context.customerId)
    throw inputInvalid("iCIMS event", [
      { path: "customerId", message: "is not this integration's customer id" },
    ]);
  const id = payloadIdentity(payload);
  switch (type) {
    case "WorkFlowStatusChangeEvent":
      return { id, type, refresh: { applications: [requiredId(payload, "systemId")] } };
    case "ApplicationCompletedEvent": {
      const workflow = requiredId(payload, "systemId");
      const person = linkedId(payload, "person") ?? idField(payload, "personId");
      return { id, type, refresh: { applications: [workflow], ...(person ? { candidates: [person] } : {}) } };
    }
    case "JobPostToWebEvent":
    case "JobUnpostToWebEvent": {
      const job = requiredId(payload, "systemId");
      return {
        id,
        type,
        refresh: { jobs: [job], job_postings: context.portals.map((portal) => `${portal}:${job}`) },
      };
    }
    default:
      return { id, type, refresh: {} };
  }
}
