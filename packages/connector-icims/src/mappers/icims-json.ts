/**
 * Tolerant readers of iCIMS JSON values. iCIMS omits empty fields, hides fields by permission and
 * adds keys at any time, so every reader accepts anything and answers null (or []) when the value
 * is missing or has an unexpected shape — a mapping never throws.
 */

/** A JSON object, or null. */
export function obj(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The array, or []. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty trimmed string, or null. */
export function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** A finite number (numeric strings accepted), or null. */
export function num(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

/** An iCIMS id (number or numeric string) as a string, or null. */
export function idOf(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return typeof value === "string" && /^[A-Za-z]?\d+$/.test(value.trim()) ? value.trim() : null;
}

/** The label of a list value `{id, value, formattedvalue}` (or a plain string), or null. */
export function listValue(value: unknown): string | null {
  const node = obj(value);
  return node ? (text(node["formattedvalue"]) ?? text(node["value"])) : text(value);
}

/** The node id of a list value `{id, value, formattedvalue}`, or null. */
export function listId(value: unknown): string | null {
  return idOf(obj(value)?.["id"]);
}

/** The profile id of a link `{id, value, profile}` (person, job), or null. */
export function linkId(value: unknown): string | null {
  return idOf(obj(value)?.["id"]);
}

/** A boolean (`true`/`false`, `"true"`/`"false"`, `"yes"`/`"no"`), or null. */
export function bool(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return null;
  const v = value.trim().toLowerCase();
  return v === "true" || v === "yes" ? true : v === "false" || v === "no" ? false : null;
}
