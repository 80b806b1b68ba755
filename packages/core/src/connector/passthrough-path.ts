import { inputInvalid } from "../errors.js";

/**
 * Joins a passthrough `path` to an integration's API base, refusing anything that could leave it:
 * absolute URLs, scheme-relative `//host`, backslashes, `..` segments (also percent-encoded),
 * control characters. Throws `PLATFORM.INPUT_INVALID` naming `path`.
 */
export function joinPassthroughPath(base: string, path: string): URL {
  const refuse = (why: string) => inputInvalid("passthrough request", [{ path: "path", message: why }]);
  if (typeof path !== "string" || path.length === 0) throw refuse("is required");
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//")) throw refuse("must be a path, not a URL");
  if (path.includes("\\") || [...path].some((ch) => ch.charCodeAt(0) < 0x20)) {
    throw refuse("contains a backslash or control character");
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split("?")[0] as string);
  } catch {
    throw refuse("is not valid percent-encoding");
  }
  if (decoded.split("/").some((segment) => segment === ".." || segment === "."))
    throw refuse("must not contain . or .. segments");
  const baseUrl = new URL(base.endsWith("/") ? base : `${base}/`);
  const url = new URL(path.replace(/^\/+/, ""), baseUrl);
  if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname))
    throw refuse("escapes the API base");
  return url;
}
