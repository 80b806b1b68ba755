import { createHash, randomBytes } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Bitcoin-alphabet base58 of `bytes` (leading zero bytes become "1"). */
export function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** Length of every unified record id and of the random part of integration ids. */
export const ID_LENGTH = 24;

/**
 * The unified id of a vendor record: the first 24 characters of
 * base58(sha256(`${integrationId}|${model}|${remoteId}`)). The same vendor record gets the same id
 * in every storage backend, on every worker, and after a store is rebuilt.
 */
export function unifiedId(integrationId: string, model: string, remoteId: string): string {
  const digest = createHash("sha256").update(`${integrationId}|${model}|${remoteId}`).digest();
  return base58(digest).slice(0, ID_LENGTH);
}

/** A new random integration id, `<tool>:<24 base58 chars>` (Kombo's shape, e.g. `icims:8Xi6…`). */
export function newIntegrationId(tool: string): string {
  if (!/^[a-z][a-z0-9_-]*$/.test(tool)) throw new TypeError(`Invalid tool slug "${tool}"`);
  return `${tool}:${base58(randomBytes(24)).slice(0, ID_LENGTH)}`;
}

/** The tool slug of an integration id (`icims:abc` → `icims`), or null when it has no tool prefix. */
export function toolOfIntegrationId(integrationId: string): string | null {
  const i = integrationId.indexOf(":");
  return i > 0 ? integrationId.slice(0, i) : null;
}
