import { hmacSha256Hex, type SignedVendorRequest, safeEqual, sha256Hex } from "@atsync/core/connector";

/** The scheme name of iCIMS' HMAC `Authorization` header. */
export const HMAC_SCHEME = "x-icims-v1-hmac-sha256";
/** Headers a signature must cover. */
const REQUIRED_SIGNED = ["host", "x-icims-content-sha256", "x-icims-date"] as const;
/** How far `x-icims-date` may be from the receiver's clock (replays older than this are refused). */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60_000;

/** The parameters of an `x-icims-v1-hmac-sha256 user=…, signedheaders=…, signature=…` header, or null. */
export function parseHmacAuthorization(
  header: string | null,
): { user: string; signedHeaders: string[]; signature: string } | null {
  const match = /^x-icims-v1-hmac-sha256\s+(.+)$/i.exec((header ?? "").trim());
  if (!match) return null;
  const params = new Map<string, string>();
  for (const part of (match[1] as string).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const signature = params.get("signature");
  const signed = params.get("signedheaders");
  if (!signature || !signed || !/^[0-9a-f]{64}$/i.test(signature)) return null;
  return {
    user: params.get("user") ?? "",
    signedHeaders: signed.split(";").map((h) => h.trim().toLowerCase()),
    signature: signature.toLowerCase(),
  };
}

/**
 * The string iCIMS signs (REFERENCE §1.2, reconstructed from a production client): the canonical
 * request `METHOD \n path \n query \n name:value lines of the signed headers (sorted) \n "" \n
 * signed header names`, hashed into `scheme \n x-icims-date \n hex(sha256(canonical))`.
 */
export function stringToSign(
  method: string,
  url: URL,
  headers: (name: string) => string,
  signedHeaders: readonly string[],
): string {
  const names = [...signedHeaders].sort();
  const canonical = [
    method.toUpperCase(),
    url.pathname,
    url.search.replace(/^\?/, ""),
    names.map((n) => `${n}:${headers(n).trim()}`).join("\n"),
    "",
    names.join(";"),
  ].join("\n");
  return [HMAC_SCHEME, headers("x-icims-date"), sha256Hex(canonical)].join("\n");
}

/**
 * Checks an HMAC-signed event request: the signature covers host, body hash and date; the body
 * hash is the SHA-256 of the body as received; the date is within `SIGNATURE_MAX_SKEW_MS`; the
 * user matches when one is configured; signatures compare in constant time.
 */
export function verifyIcimsSignature(
  request: SignedVendorRequest,
  auth: { secret: string; user: string | null },
  now: Date,
): boolean {
  const parsed = parseHmacAuthorization(request.headers.get("authorization"));
  if (!parsed) return false;
  if (!REQUIRED_SIGNED.every((h) => parsed.signedHeaders.includes(h))) return false;
  const url = new URL(request.url);
  const header = (name: string) =>
    name === "host" ? (request.headers.get("host") ?? url.host) : (request.headers.get(name) ?? "");
  const date = Date.parse(header("x-icims-date"));
  if (!Number.isFinite(date) || Math.abs(date - now.getTime()) > SIGNATURE_MAX_SKEW_MS) return false;
  if (!safeEqual(header("x-icims-content-sha256").toLowerCase(), sha256Hex(request.body))) return false;
  if (auth.user !== null && !safeEqual(parsed.user, auth.user)) return false;
  const expected = hmacSha256Hex(
    auth.secret,
    stringToSign(request.method, url, header, parsed.signedHeaders),
  );
  return safeEqual(parsed.signature, expected);
}
