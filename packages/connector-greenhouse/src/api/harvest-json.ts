/**
 * Lenient readers of Harvest JSON: they accept anything and answer null (or an empty list) for
 * what is missing or of another type, so vendor data never fails a sync.
 */

/** A non-empty string (trimmed), else null. */
export function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** A Harvest id (positive integer, or a numeric string) as a vendor key, else null. */
export function idKey(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string" && /^[1-9]\d*$/.test(value)) return value;
  return null;
}

/** A boolean, else null. */
export function flag(value: unknown): boolean | null {
  return typeof value === "boolean" ? value : null;
}

/** A finite integer, else null. */
export function integer(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

/** An ISO 8601 datetime with a zone, normalised to `YYYY-MM-DDTHH:mm:ss.sssZ`, else null. */
export function timestamp(value: unknown): string | null {
  if (
    typeof value !== "string" ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)
  )
    return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The objects of an array (other entries dropped); empty for anything else. */
export function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter(
        (v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v),
      )
    : [];
}

/** A JSON object, else an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The vendor keys of an array of ids (invalid entries dropped). */
export function idKeys(value: unknown): string[] {
  return Array.isArray(value) ? value.map(idKey).filter((k): k is string => k !== null) : [];
}
