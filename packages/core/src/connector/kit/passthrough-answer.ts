import type { PassthroughResult } from "../session.js";

/** Response headers never handed back to a passthrough caller. */
const HIDDEN_HEADERS = new Set(["set-cookie", "www-authenticate"]);

/** Request headers a passthrough caller may not set: the connector owns authentication. */
const REFUSED_REQUEST_HEADERS = /^(authorization|proxy-authorization|cookie|host)$/i;

/** A passthrough caller's headers without the ones the connector owns (auth, cookies, host). */
export function passthroughRequestHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([key]) => !REFUSED_REQUEST_HEADERS.test(key)),
  );
}

/**
 * A vendor's answer as a `PassthroughResult`: status, headers joined to strings without
 * `set-cookie` / `www-authenticate`, the body parsed as JSON when the content type says so
 * (else its text), and the raw bytes (for `response_as_base64`).
 */
export function passthroughResult(
  url: URL,
  response: { statusCode: number; headers: Record<string, string | string[] | undefined>; body: Uint8Array },
): PassthroughResult {
  const text = Buffer.from(response.body).toString("utf8");
  let data: unknown = text;
  const type = response.headers["content-type"];
  if (/json/i.test(Array.isArray(type) ? type.join(",") : (type ?? ""))) {
    try {
      data = JSON.parse(text);
    } catch {
      // declared JSON but is not: hand back the text
    }
  }
  return {
    url: url.toString(),
    status: response.statusCode,
    headers: Object.fromEntries(
      Object.entries(response.headers)
        .filter(([key, value]) => !HIDDEN_HEADERS.has(key.toLowerCase()) && value !== undefined)
        .map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : String(value)]),
    ),
    data,
    body: response.body,
  };
}
