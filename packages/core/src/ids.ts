import { createHash, randomBytes } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/**
 * Bitcoin-alphabet base58 of `bytes` (leading zero bytes become "1"). Converts with small-number
 * arithmetic: the base-58 digits, least significant first, are multiplied by 256 and the next byte
 * added, byte by byte (no BigInt; the same output as the arithmetic definition).
 */
export function base58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // log(256) / log(58) < 1.366: enough digits for the rest of the input.
  const digits = new Uint8Array(Math.ceil((bytes.length - zeros) * 1.366) + 1);
  let used = 0;
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i] as number;
    for (let j = 0; j < used; j++) {
      carry += (digits[j] as number) << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits[used++] = carry % 58;
      carry = (carry / 58) | 0;
    }
  }
  let out = "1".repeat(zeros);
  for (let j = used - 1; j >= 0; j--) out += BASE58[digits[j] as number];
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
