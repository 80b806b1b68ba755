import type { HarvestRow } from "../http/client.js";

/**
 * Decision (REFERENCE decision 27): a candidate may hold one non-rejected application per job;
 * Harvest refuses a second with a 422. The connector looks for one first and answers
 * `ATS.APPLICATION_ALREADY_EXISTS`, so the caller gets Kombo's code instead of a vendor message.
 * A rejected application does not block a new one.
 */
export function blocksNewApplication(existing: HarvestRow): boolean {
  return existing.status !== "rejected";
}
