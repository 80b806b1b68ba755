import { type AtsyncError, isAtsyncError, toAtsyncError } from "@atsync/core/connector";

/** Name used for Greenhouse in error messages. */
export const VENDOR = "Greenhouse";

/**
 * The human part of a Greenhouse error body: Harvest's `{"errors": [string | {message}, …]}`
 * joined, v1's `{"message"}`, or an OAuth `{error, error_description}`; null for anything else.
 */
export function harvestVendorMessage(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { errors, message, error, error_description } = parsed as Record<string, unknown>;
  if (Array.isArray(errors)) {
    const messages = errors
      .map((e: unknown) =>
        typeof e === "string"
          ? e
          : typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string"
            ? (e as { message: string }).message
            : null,
      )
      .filter((m): m is string => m !== null && m !== "");
    if (messages.length > 0) return messages.join("; ");
  }
  if (typeof message === "string") return message;
  if (typeof error === "string")
    return typeof error_description === "string" ? `${error_description} (${error})` : error;
  return null;
}

/**
 * Maps any failure of a Greenhouse call to an `AtsyncError` (core's `toAtsyncError` with
 * Harvest's messages; its `cause` is a summary without request headers or bodies). When `signal`
 * fired, its reason is returned instead of a vendor error.
 */
export function toGreenhouseError(
  error: unknown,
  context: { integrationId: string; now: Date; signal?: AbortSignal | undefined },
): unknown {
  if (context.signal?.aborted) return context.signal.reason;
  if (isAtsyncError(error)) return error;
  return toAtsyncError(error, {
    vendor: VENDOR,
    integrationId: context.integrationId,
    now: context.now,
    vendorMessage: harvestVendorMessage,
  }) satisfies AtsyncError;
}
