import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import { inputInvalid } from "../errors.js";
import { base58 } from "../ids.js";
import type { ApiKeyRecord, ApiKeyStore } from "../storage/api-keys.js";
import { hashApiKey } from "../storage/encoding.js";

/** Prefix of every key atsync issues, to make leaked keys easy to recognise (and to scan for). */
export const API_KEY_PREFIX = "atsk_";

/**
 * What a key is listed as: `atsk_` and four more characters for issued keys, the first four for
 * keys the host chose (which may carry meaning), then `…`.
 */
function apiKeyPrefix(key: string): string {
  return `${key.slice(0, key.startsWith(API_KEY_PREFIX) ? API_KEY_PREFIX.length + 4 : 4)}…`;
}

/**
 * API keys of the HTTP surface (`atsync.apiKeys`). Keys are shown once; stores keep only a hash
 * keyed with the storage secret, and lists show only a short prefix.
 */
export class ApiKeysApi {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Issues a key (or registers `key` when given, e.g. from `ATSYNC_API_KEY`; at least 20
   * characters). Returns the plaintext key once, with its stored record.
   */
  async create(name: string, key?: string): Promise<{ key: string; record: ApiKeyRecord }> {
    if (!name.trim()) throw inputInvalid("API key", [{ path: "name", message: "must not be empty" }]);
    if (key !== undefined && key.length < 20) {
      throw inputInvalid("API key", [{ path: "key", message: "must be at least 20 characters" }]);
    }
    const plaintext = key ?? `${API_KEY_PREFIX}${base58(randomBytes(24))}`;
    const record: ApiKeyRecord = {
      id: randomUUID(),
      name: name.trim(),
      prefix: apiKeyPrefix(plaintext),
      created_at: this.clock.now().toISOString(),
      revoked_at: null,
    };
    await this.store.create(record, hashApiKey(plaintext));
    return { key: plaintext, record };
  }

  /** The key's record when it is valid (known and not revoked), else null. */
  async verify(key: string): Promise<ApiKeyRecord | null> {
    const record = await this.store.findByDigest(hashApiKey(key));
    return record && record.revoked_at === null ? record : null;
  }

  /** Every key record, oldest first (never the keys themselves nor their hashes). */
  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  /** Revokes a key; false when unknown. */
  revoke(id: string): Promise<boolean> {
    return this.store.revoke(id, this.clock.now().toISOString());
  }
}
