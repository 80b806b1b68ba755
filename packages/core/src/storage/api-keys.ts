/** A stored API key as atsync shows it: never the key itself, nor any hash of it. */
export interface ApiKeyRecord {
  /** Key id (public). */
  id: string;
  /** Host-chosen label. */
  name: string;
  /** The first characters of the key and `…` (e.g. `atsk_Ab3x…`), to help people recognise it. */
  prefix: string;
  /** ISO timestamp of creation. */
  created_at: string;
  /** ISO timestamp of revocation, or null while valid. */
  revoked_at: string | null;
}

/**
 * API keys of the HTTP surface. Callers pass a key's digest (`hashApiKey`, sha256); the store
 * keeps only `CredentialCipher.apiKeyHash` of it, a hash keyed with the storage's secret, and
 * looks keys up by that.
 */
export interface ApiKeyStore {
  /**
   * Stores a key record with the digest of its key. Throws `PLATFORM.INPUT_INVALID` when the id
   * or the key exists.
   */
  create(record: ApiKeyRecord, digest: string): Promise<void>;
  /** The record of the key with this digest, revoked or not, or null. */
  findByDigest(digest: string): Promise<ApiKeyRecord | null>;
  /** All key records, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked at `at`; returns false when there is no such key. */
  revoke(id: string, at: string): Promise<boolean>;
}
