import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { AtsyncError } from "../errors.js";

/** An array or object being written by `canonicalJson`: its (sorted) holder and the next position. */
interface Frame {
  /** The object or array whose members are written (for objects, the key-sorted copy). */
  holder: Record<string, unknown>;
  /** Member names in output order; null for an array. */
  keys: string[] | null;
  /** Members (or elements) to write. */
  length: number;
  /** Next member to look at. */
  next: number;
  /** Members written so far (an omitted object member writes nothing). */
  written: number;
  /** The value this frame writes, for cycle detection. */
  source: object;
}

/**
 * JSON with object keys sorted at every level, so equal values always serialise equally. By
 * definition this is `JSON.stringify(value, replacer)` with a replacer rebuilding every non-array
 * object with its keys inserted in sorted order (so index-like keys still come first, ascending,
 * and `__proto__` members vanish, as in that definition); `toJSON`, `undefined`, functions,
 * symbols and non-finite numbers behave as in `JSON.stringify`. Written as a loop over an explicit
 * stack, so any nesting depth is handled (a cycle throws a `TypeError`, as `JSON.stringify` does).
 */
export function canonicalJson(value: unknown): string {
  const root = toJsonValue("", value);
  if (isOmitted(root)) return JSON.stringify(root);
  const stack: Frame[] = [];
  const open = new Set<object>();
  let out = "";
  const write = (v: unknown): void => {
    if (v === null || typeof v !== "object") {
      out += JSON.stringify(v);
      return;
    }
    if (open.has(v)) throw new TypeError("Converting circular structure to canonical JSON");
    open.add(v);
    if (Array.isArray(v)) {
      out += "[";
      stack.push({ holder: v as never, keys: null, length: v.length, next: 0, written: 0, source: v });
      return;
    }
    const { holder, keys } = sortedMembers(v as Record<string, unknown>);
    out += "{";
    stack.push({ holder, keys, length: keys.length, next: 0, written: 0, source: v });
  };
  write(root);
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    if (frame.next >= frame.length) {
      out += frame.keys ? "}" : "]";
      open.delete(frame.source);
      stack.pop();
      continue;
    }
    const i = frame.next++;
    const key = frame.keys ? (frame.keys[i] as string) : String(i);
    const member = toJsonValue(key, frame.holder[key]);
    if (frame.keys === null) {
      if (i > 0) out += ",";
      if (isOmitted(member)) out += "null";
      else write(member);
    } else if (!isOmitted(member)) {
      out += `${frame.written++ > 0 ? "," : ""}${JSON.stringify(key)}:`;
      write(member);
    }
  }
  return out;
}

/** A member's value after its `toJSON` (called with its key, as `JSON.stringify` does). */
function toJsonValue(key: string, value: unknown): unknown {
  return hasToJson(value) ? (value as { toJSON(key: string): unknown }).toJSON(key) : value;
}

/** Keys an object orders numerically before all others (array indices). */
const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/;

/**
 * What the definition's replacer writes for an object: a copy with the keys inserted in sorted
 * order, and that copy's own key order. Without index-like or `__proto__` keys the copy would hold
 * exactly the sorted keys with the same values, so the object itself is read instead.
 */
function sortedMembers(value: Record<string, unknown>): { holder: Record<string, unknown>; keys: string[] } {
  const keys = Object.keys(value).sort();
  if (!keys.some((k) => k === "__proto__" || INDEX_LIKE.test(k))) return { holder: value, keys };
  const sorted: Record<string, unknown> = {};
  for (const k of keys) sorted[k] = value[k];
  return { holder: sorted, keys: Object.keys(sorted) };
}

/** Values JSON has no text for: omitted as object members, `null` as array elements. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
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
  return sha256Hex(canonicalJson(hashed));
}

/** A record's `contentHash` and its JSON, from one serialisation of each member (`hashAndSerialize`). */
export interface HashedJson {
  /** `contentHash(record)`. */
  hash: string;
  /** The record as JSON, members in sorted order: the same value as `JSON.stringify(record)`. */
  json: string;
}

/**
 * `contentHash(record)` and the record's JSON at once: each top-level member is serialised
 * (canonically) once and the text is used for both, so a storage that keeps records as JSON pays
 * for one serialisation instead of two. A record whose top level has index-like or `__proto__`
 * keys, or a member with `toJSON`, takes the two separate passes (same results).
 */
export function hashAndSerialize(record: Record<string, unknown>): HashedJson {
  const keys = Object.keys(record).sort();
  let json = "";
  let hashed = "";
  for (const key of keys) {
    const value = record[key];
    if (key === "__proto__" || INDEX_LIKE.test(key) || hasToJson(value)) {
      return { hash: contentHash(record), json: JSON.stringify(record) };
    }
    if (isOmitted(value)) continue;
    const member = `${JSON.stringify(key)}:${canonicalJson(value)}`;
    json += json === "" ? member : `,${member}`;
    if (!NOT_HASHED.has(key)) hashed += hashed === "" ? member : `,${member}`;
  }
  return { hash: sha256Hex(`{${hashed}}`), json: `{${json}}` };
}

/** Whether `JSON.stringify` would call the value's `toJSON`. */
function hasToJson(value: unknown): boolean {
  return (
    ((typeof value === "object" && value !== null) || typeof value === "bigint") &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  );
}

const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

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

/**
 * sha256 hex of an API key: what `ApiKeyStore` is given to find a key by. Stores never keep it
 * as is; they keep `CredentialCipher.apiKeyHash` of it (keyed with the storage secret).
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Encrypts and decrypts credential objects with AES-256-GCM, bound to the integration id, and
 * derives the keyed hashes API keys are stored as. Both use the storage's secret key.
 */
export interface CredentialCipher {
  /** Ciphertext `v1.<iv>.<tag>.<data>` (base64url parts) of the JSON of `credentials`. */
  encrypt(integrationId: string, credentials: Record<string, unknown>): string;
  /** The credentials object; throws `PLATFORM.UNKNOWN_ERROR` when the ciphertext or key is wrong. */
  decrypt(integrationId: string, ciphertext: string): Record<string, unknown>;
  /**
   * HMAC-SHA256 hex of an API key's digest (`hashApiKey`) under a key derived from the secret
   * (HKDF-SHA256, its own purpose label), so a leaked table of hashes cannot be checked against
   * guessed keys without the secret. Deterministic: stores look keys up by it.
   */
  apiKeyHash(digest: string): string;
}

/**
 * A cipher using `key`: 32 bytes, or a string holding 32 bytes as base64/base64url or hex.
 * Throws `PLATFORM.INPUT_INVALID` for any other key.
 */
export function createCredentialCipher(key: Uint8Array | string): CredentialCipher {
  const secret = parseKey(key);
  const macKey = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "atsync api-key hash v1", 32));
  return {
    apiKeyHash: (digest) => createHmac("sha256", macKey).update(digest).digest("hex"),
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
