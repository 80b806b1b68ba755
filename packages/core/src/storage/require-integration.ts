import { AtsyncError } from "../errors.js";
import type { IntegrationRecord, IntegrationStore } from "./integrations.js";

/** What an operation needs of an integration besides existing. */
export interface IntegrationRequirement {
  /** Refuse a disabled integration with `INTEGRATION.INACTIVE`. */
  enabled?: boolean;
  /** Refuse an integration whose credentials were rejected with `INTEGRATION.AUTHENTICATION_INVALID`. */
  valid?: boolean;
  /** Refuse one whose first full sync has not completed setup with `INTEGRATION.SETUP_SYNC_PENDING`. */
  synced?: boolean;
}

/**
 * The integration, or the Kombo error a caller should get instead: `PLATFORM.INTEGRATION_NOT_FOUND`
 * when it does not exist, then each requirement asked for, in the order of `IntegrationRequirement`.
 */
export async function requireIntegration(
  store: IntegrationStore,
  integrationId: string,
  requirement: IntegrationRequirement = {},
): Promise<IntegrationRecord> {
  const integration = await store.get(integrationId);
  if (!integration)
    throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`);
  if (requirement.enabled && integration.status === "INACTIVE") {
    throw new AtsyncError("INTEGRATION.INACTIVE", `Integration ${integrationId} is disabled`, {
      integrationId,
    });
  }
  if (requirement.valid && integration.status === "INVALID") {
    throw new AtsyncError(
      "INTEGRATION.AUTHENTICATION_INVALID",
      `Integration ${integrationId} needs new credentials before it can sync`,
      { integrationId },
    );
  }
  if (requirement.synced && integration.setup_status !== "COMPLETED") {
    throw new AtsyncError(
      "INTEGRATION.SETUP_SYNC_PENDING",
      `The first sync of ${integrationId} has not finished yet; retry when it has (data-changed / sync-finished events)`,
      { integrationId },
    );
  }
  return integration;
}
