/** A stored API key: never the key itself, only its hash. */
export interface ApiKeyRecord {
  /** Key id (public). */
  id: string;
  /** Host-chosen label. */
  name: string;
  /** sha256 hex of the key (`hashApiKey`). */
  hash: string;
  /** First characters of the key, to help people recognise it. */
  prefix: string;
  /** ISO timestamp of creation. */
  created_at: string;
  /** ISO timestamp of revocation, or null while valid. */
  revoked_at: string | null;
}

/** API keys of the HTTP surface, stored hashed. */
export interface ApiKeyStore {
  /** Stores a key record. Throws `PLATFORM.INPUT_INVALID` when the id or hash exists. */
  create(record: ApiKeyRecord): Promise<void>;
  /** The key record with this hash, revoked or not, or null. */
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** All key records, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked at `at`; returns false when there is no such key. */
  revoke(id: string, at: string): Promise<boolean>;
}
