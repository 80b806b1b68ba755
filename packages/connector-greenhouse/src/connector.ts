import { defineConnector } from "@atsync/core/connector";
import { GREENHOUSE_COVERAGE } from "./coverage.js";
import {
  type GreenhouseCredentials,
  GreenhouseCredentialsSchema,
  type GreenhouseSettings,
  GreenhouseSettingsSchema,
} from "./credentials.js";
import { DELTA_OVERLAP_MS } from "./decisions/delta.js";
import { GREENHOUSE_CONNECTION_GUIDE, GREENHOUSE_PREREQUISITES } from "./guide.js";
import { GreenhouseSession } from "./session.js";

/**
 * The Greenhouse connector (Harvest API v3): users, job-scoped application stages, jobs, job
 * postings, candidates and applications; the create, attachment and move actions; source
 * writing by source name, created-only scoping, passthrough to the Harvest v3 base and delta
 * syncs on `updated_at` (overlap: `DELTA_OVERLAP_MS`).
 */
export const greenhouseConnector = defineConnector<GreenhouseCredentials, GreenhouseSettings>({
  slug: "greenhouse",
  name: "Greenhouse",
  category: "ats",
  credentials: GreenhouseCredentialsSchema,
  secretPaths: ["clientSecret"],
  settings: GreenhouseSettingsSchema,
  capabilities: { sourceWriting: true, createdApplicationsOnly: true, passthrough: true, deltaSync: true },
  deltaOverlapMs: DELTA_OVERLAP_MS,
  coverage: GREENHOUSE_COVERAGE,
  connectionGuide: GREENHOUSE_CONNECTION_GUIDE,
  prerequisites: GREENHOUSE_PREREQUISITES,
  connect: (ctx, credentials, settings) => new GreenhouseSession(ctx, credentials, settings),
});
