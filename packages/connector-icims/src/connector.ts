import { defineConnector } from "@atsync/core/connector";
import { ICIMS_COVERAGE } from "./coverage.js";
import {
  type IcimsCredentials,
  IcimsCredentialsSchema,
  type IcimsSettings,
  IcimsSettingsSchema,
} from "./credentials.js";
import { ICIMS_VENDOR_EVENTS } from "./events/vendor-events.js";
import { ICIMS_CONNECTION_GUIDE, ICIMS_PREREQUISITES } from "./guide.js";
import { IcimsSession } from "./session.js";

/**
 * The iCIMS connector: every model and action of the coverage table, source writing, created-only
 * scoping, passthrough to `https://<host>/customers/{customerId}` and delta syncs on
 * `updateddate`, and event notifications refreshing the records they name. Delta reads overlap by 30 minutes (≥ iCIMS' 15-minute search-cache staleness
 * plus clock skew).
 */
export const icimsConnector = defineConnector<IcimsCredentials, IcimsSettings>({
  slug: "icims",
  name: "iCIMS",
  category: "ats",
  credentials: IcimsCredentialsSchema,
  secretPaths: ["clientSecret", "password", "eventSecret"],
  settings: IcimsSettingsSchema,
  capabilities: {
    sourceWriting: true,
    createdApplicationsOnly: true,
    passthrough: true,
    deltaSync: true,
    vendorEvents: true,
  },
  vendorEvents: ICIMS_VENDOR_EVENTS,
  deltaOverlapMs: 30 * 60_000,
  coverage: ICIMS_COVERAGE,
  connectionGuide: ICIMS_CONNECTION_GUIDE,
  prerequisites: ICIMS_PREREQUISITES,
  connect: (ctx, credentials, settings) => new IcimsSession(ctx, credentials, settings),
});
