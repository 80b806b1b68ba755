import type { ApplicationOutcome } from "@atsync/core/connector";

/**
 * §13 decision "Outcome": a workflow status under a bin named like "Hired" → HIRED, like
 * "Not Selected" / "Withdrawn" / "Rejected" → DECLINED, any other → PENDING. The bin name decides;
 * when the bin is unknown (no status list configured, or a status missing from it) the status
 * value itself is matched the same way. No status at all → null.
 */
const DECLINED = /\b(not selected|withdrawn|withdrew|rejected|declined|not hired|disqualified)\b/i;
const HIRED = /\bhired\b/i;

/** The outcome of an application whose status is in bin `binName` with value `statusValue`. */
export function outcomeOf(binName: string | null, statusValue: string | null): ApplicationOutcome | null {
  const label = binName ?? statusValue;
  if (label === null) return null;
  if (DECLINED.test(label)) return "DECLINED";
  if (HIRED.test(label)) return "HIRED";
  return "PENDING";
}
