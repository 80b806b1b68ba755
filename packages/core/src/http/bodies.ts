/** Request bodies the HTTP routes validate, and the Kombo endpoints no connector covers yet. */
import { z } from "zod";
import { IntegrationSettingsSchema } from "../storage/integrations.js";

/** Kombo's force-sync body: FULL or DELTA only (the SDK's enum). */
export const ForceSyncBody = z.object({ type: z.enum(["FULL", "DELTA"]).default("DELTA") });
/** atsync's own trigger (`POST /integrations/{id}/force-sync`) also takes a deletion scan. */
export const TriggerSyncBody = z.object({
  type: z.enum(["FULL", "DELTA", "DELETION_SCAN"]).default("DELTA"),
});
/** Body of `PUT /integrations/{id}/enabled`. */
export const EnabledBody = z.object({ value: z.boolean() });
/** Body of `POST /integrations`: connect a tool with credentials (and optional end user and settings). */
export const ConnectBody = z.object({
  tool: z.string().min(1),
  credentials: z.record(z.string(), z.unknown()),
  end_user: z
    .object({
      organization_name: z.string().optional(),
      creator_email: z.string().nullable().optional(),
      origin_id: z.string().nullable().optional(),
    })
    .optional(),
  settings: IntegrationSettingsSchema.optional(),
});
/** Body of `POST /api-keys`. */
export const ApiKeyBody = z.object({ name: z.string().min(1) });
/** Body of `POST /webhooks/dead-letter/replay`: only one endpoint's dead deliveries, or all. */
export const ReplayBody = z.strictObject({ endpoint_id: z.string().optional() });

/** Models of Kombo's ATS API that no connector covers yet; Kombo answers MODEL_NOT_AVAILABLE for them. */
export const UNCOVERED_READS = ["interviews", "offers", "tags", "rejection-reasons", "roles"];
/** Write endpoints no connector covers yet. */
export const UNCOVERED_WRITES = [["post", "/ats/candidates/{id}/result-links"]] as const;
