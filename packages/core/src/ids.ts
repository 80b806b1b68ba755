import { createHash, randomBytes } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** 58^5: `base58` works in limbs of five base-58 digits (limb × 256 + carry stays below 2^53). */
const LIMB = 58 ** 5;

/**
 * Bitcoin-alphabet base58 of `bytes` (leading zero bytes become "1"). Converts with plain number
 * arithmetic (no BigInt; the same output as the arithmetic definition): limbs of five base-58
 * digits, least significant first, are multiplied by 256 and the next byte added, byte by byte.
 */
export function base58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // log(256) / log(58^5) < 0.274: enough limbs for the rest of the input.
  const limbs = new Float64Array(Math.ceil((bytes.length - zeros) * 0.274) + 1);
  let used = 0;
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i] as number;
    for (let j = 0; j < used; j++) {
      const x = (limbs[j] as number) * 256 + carry;
      carry = Math.floor(x / LIMB);
      limbs[j] = x - carry * LIMB;
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB);
      limbs[used++] = carry - q * LIMB;
      carry = q;
    }
  }
  let digits = "";
  for (let j = 0; j < used; j++) {
    let limb = limbs[j] as number;
    // Five digits per limb, least significant first; the top limb without leading zeros.
    for (let k = 0; k < 5 && (j < used - 1 || limb > 0); k++) {
      const q = Math.floor(limb / 58);
      digits = BASE58[limb - q * 58] + digits;
      limb = q;
    }
  }
  return "1".repeat(zeros) + digits;
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
