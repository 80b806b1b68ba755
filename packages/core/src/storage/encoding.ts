import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AtsyncError } from "../errors.js";

/** JSON with object keys sorted at every level, so equal values always serialise equally. */
export function canonicalJson(value: unknown): string {
  return fastCanonical(value) ?? replacerCanonical(value);
}

/** `canonicalJson` by definition: `JSON.stringify` with a replacer rebuilding objects with sorted keys. */
function replacerCanonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** Keys an object orders numerically before all others (array indices); `fastCanonical` leaves those alone. */
const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/;

/**
 * `replacerCanonical` for plain JSON data (strings, finite numbers, booleans, null, arrays and
 * plain objects without index-like, `toJSON` or `__proto__` keys), written out directly; undefined for anything else
 * (a `toJSON`, `undefined`, an index-like key, …), which `replacerCanonical` then handles.
 */
function fastCanonical(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return undefined;
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          const item = fastCanonical(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const keys = Object.keys(value).sort();
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (key === "toJSON" || key === "__proto__" || INDEX_LIKE.test(key)) return undefined;
        const item = fastCanonical((value as Record<string, unknown>)[key]);
        if (item === undefined) return undefined;
        out += `${i === 0 ? "" : ","}${JSON.stringify(key)}:${item}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/**
 * Members that do not count as a change of a record's own unified fields: atsync's bookkeeping,
 * and the vendor's payload and timestamps (a vendor touching `updateddate`, or a connector
 * estimating it, is not a change of the record's properties).
 */
const NOT_HASHED = new Set([
  "id",
  "changed_at",
  "remote_deleted_at",
  "tree_changed_at",
  "remote_data",
  "remote_created_at",
  "remote_updated_at",
]);

/**
 * sha256 hex over a record's own unified fields (everything but id, changed_at,
 * remote_deleted_at, tree_changed_at, remote_data, remote_created_at and remote_updated_at).
 * `changed_at` moves only when this changes; the excluded vendor members are still stored.
 */
export function contentHash(record: Record<string, unknown>): string {
  const hashed: Record<string, unknown> = {};
  for (const k in record) {
    if (!Object.hasOwn(record, k) || NOT_HASHED.has(k)) continue;
    const v = record[k];
    if (v !== undefined) hashed[k] = v;
  }
  return createHash("sha256").update(canonicalJson(hashed)).digest("hex");
}

/** Encodes a keyset position as an opaque cursor string. */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/** Decodes a cursor from `encodeCursor`; throws `PLATFORM.INPUT_INVALID` naming `cursor` otherwise. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new AtsyncError(
    "PLATFORM.INPUT_INVALID",
    "Invalid cursor: pass back the `next` value of the previous page",
  );
}

/** sha256 hex of an API key; stores keep only this. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Encrypts and decrypts credential objects with AES-256-GCM, bound to the integration id. */
export interface CredentialCipher {
  /** Ciphertext `v1.<iv>.<tag>.<data>` (base64url parts) of the JSON of `credentials`. */
  encrypt(integrationId: string, credentials: Record<string, unknown>): string;
  /** The credentials object; throws `PLATFORM.UNKNOWN_ERROR` when the ciphertext or key is wrong. */
  decrypt(integrationId: string, ciphertext: string): Record<string, unknown>;
}

/**
 * A cipher using `key`: 32 bytes, or a string holding 32 bytes as base64/base64url or hex.
 * Throws `PLATFORM.INPUT_INVALID` for any other key.
 */
export function createCredentialCipher(key: Uint8Array | string): CredentialCipher {
  const secret = parseKey(key);
  return {
    encrypt(integrationId, credentials) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", secret, iv);
      cipher.setAAD(Buffer.from(integrationId));
      const data = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
      return ["v1", iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    decrypt(integrationId, ciphertext) {
      const [version, iv, tag, data] = ciphertext.split(".");
      try {
        if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("malformed");
        const decipher = createDecipheriv("aes-256-gcm", secret, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(integrationId));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]);
        return JSON.parse(plain.toString("utf8")) as Record<string, unknown>;
      } catch {
        throw new AtsyncError(
          "PLATFORM.UNKNOWN_ERROR",
          "Stored credentials could not be decrypted (wrong key?)",
          {
            integrationId,
          },
        );
      }
    },
  };
}

function parseKey(key: Uint8Array | string): Buffer {
  let bytes: Buffer;
  if (typeof key !== "string") bytes = Buffer.from(key);
  else if (/^[0-9a-fA-F]{64}$/.test(key)) bytes = Buffer.from(key, "hex");
  else bytes = Buffer.from(key, "base64");
  if (bytes.length !== 32) {
    throw new AtsyncError(
      "PLATFORM.INPUT_INVALID",
      `Invalid encryptionKey: need 32 bytes (64 hex chars or base64), got ${bytes.length} bytes`,
    );
  }
  return bytes;
}
