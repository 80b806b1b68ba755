import type { VendorEventsDefinition } from "@atsync/core/connector";
import type { IcimsCredentials, IcimsSettings } from "../credentials.js";
import { eventOfPayload } from "../decisions/event-notifications.js";
import { verifyIcimsSignature } from "./event-signature.js";

/**
 * iCIMS event notifications (Event Notifications page of the tenant): gzip JSON POSTs to the
 * integration's receiver URL, authenticated as `eventAuth` says — iCIMS' HMAC signature
 * (`eventSecret`, optional `eventUser`), Basic (`eventUser` / `eventSecret`) or OAuth client
 * credentials (iCIMS gets a token from the receiver's token endpoint with client id `eventUser`
 * and secret `eventSecret`). Which events refresh what: `decisions/event-notifications.ts`.
 */
export const ICIMS_VENDOR_EVENTS: VendorEventsDefinition<IcimsCredentials, IcimsSettings> = {
  auth: (c) => {
    if (c.eventSecret === undefined) return null;
    switch (c.eventAuth) {
      case "hmac":
        return { mode: "hmac", secret: c.eventSecret, user: c.eventUser ?? null };
      case "basic":
        return c.eventUser === undefined
          ? null
          : { mode: "basic", username: c.eventUser, password: c.eventSecret };
      case "oauth":
        return c.eventUser === undefined
          ? null
          : { mode: "oauth", clientId: c.eventUser, clientSecret: c.eventSecret };
      default:
        return null;
    }
  },
  verifySignature: (request, auth, now) => verifyIcimsSignature(request, auth, now),
  parse: (payload, { credentials, settings }) =>
    eventOfPayload(payload, { customerId: credentials.customerId, portals: settings.portals }),
  notes:
    "Configure the receiver URL of the integration on iCIMS' Event Notifications page with the authentication chosen at connect (eventAuth). WorkFlowStatusChangeEvent refreshes the workflow (1 GET), ApplicationCompletedEvent the workflow and its person (2 GETs), JobPostToWebEvent / JobUnpostToWebEvent the job and its postings (1 GET + the portal searches); other events are acknowledged and ignored. Redeliveries (same payload within 24 h) change nothing. Deltas still run: an event that never arrives is read by the next one.",
};
