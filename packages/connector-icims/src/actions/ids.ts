import { inputInvalid } from "@atsync/core/connector";

/** Longest iCIMS id accepted (iCIMS ids are integers; 18 digits stay exact in a double's range checks). */
const MAX_DIGITS = 18;

/**
 * `id` when it is an iCIMS record id (digits only), so it can go into a vendor path; otherwise
 * `PLATFORM.INPUT_INVALID` naming `field`, before any call to iCIMS.
 */
export function icimsId(id: string, field: string): string {
  if (id.length > 0 && id.length <= MAX_DIGITS && /^\d+$/.test(id)) return id;
  throw inputInvalid("request", [{ path: field, message: "is not an iCIMS id (iCIMS ids are integers)" }]);
}
