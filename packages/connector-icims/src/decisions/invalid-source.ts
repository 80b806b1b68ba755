import type { Response } from "got";

/**
 * §13 decision "Invalid source on create": iCIMS answers a write with an unknown `source` value
 * with a warning (errorCode 4) — the record is written without it — not a failure. The connector
 * passes every warning of a write answer on in the action's `warnings`: the `warnings[]` body of a
 * 201, else the `X-Warning: <code>:<field>:<detail>` headers.
 */
export function writeWarnings(response: Response<string>): string[] {
  const fromBody = bodyWarnings(response.body);
  if (fromBody.length > 0) return fromBody.map((w) => `iCIMS warning: ${w}`);
  const header = response.headers["x-warning"];
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values.map((value) => `iCIMS warning: ${value.replace(/^\d+:/, "")}`);
}

function bodyWarnings(body: string): string[] {
  if (!body.trim().startsWith("{")) return [];
  try {
    const parsed = JSON.parse(body) as { warnings?: unknown };
    return Array.isArray(parsed.warnings)
      ? parsed.warnings
          .map((w: unknown) => (w as { errorMessage?: unknown } | null)?.errorMessage)
          .filter((m): m is string => typeof m === "string")
      : [];
  } catch {
    return [];
  }
}
