import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "../../storage/encoding.js";

/**
 * Compares two secrets or signatures in constant time (for equal lengths; a length difference
 * answers false at once, which reveals only the length). Use it for every check of a signature,
 * password or token a caller presents.
 */
export function safeEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, "utf8");
  const b = Buffer.from(expected, "utf8");
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** Lower-case hex HMAC-SHA256 of `data` under `key`. */
export function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): string {
  return createHmac("sha256", key).update(data).digest("hex");
}

/** Lower-case hex SHA-256 of `data`. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * An event identity for vendors whose events carry no id: the SHA-256 of the payload's canonical
 * JSON (keys sorted), so a redelivery of the same event — however its JSON is laid out — has the
 * same identity, and any difference in content makes a different one.
 */
export function payloadIdentity(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}
