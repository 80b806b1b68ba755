import type { ApplicationOutcome } from "@atsync/core/connector";

/**
 * Decision: an application's `outcome` from Harvest's `status` (REFERENCE §5, decision 20):
 * `in_process` → PENDING, `hired` → HIRED, `rejected` → DECLINED (Greenhouse records a
 * withdrawal as a rejection with a "they rejected us" reason); anything else → null.
 */
export function outcomeOf(status: string | null): ApplicationOutcome | null {
  switch (status) {
    case "in_process":
      return "PENDING";
    case "hired":
      return "HIRED";
    case "rejected":
      return "DECLINED";
    default:
      return null;
  }
}
