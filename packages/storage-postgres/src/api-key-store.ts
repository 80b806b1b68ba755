import {
  type ApiKeyRecord,
  type ApiKeyStore,
  type CredentialCipher,
  inputInvalid,
} from "@atsync/core/storage";
import { type Db, iso, sqlState, type Tables, UNIQUE_VIOLATION } from "./sql.js";

const COLUMNS = `id, name, prefix, ${iso("created_at")} AS created_at, ${iso("revoked_at")} AS revoked_at`;

/**
 * `hash_scheme` of a row whose `hash` is `cipher.apiKeyHash(digest)`. Rows written before
 * migration 2 hold the bare digest (`sha256`) until `upgradeApiKeyHashes` rewrites them.
 */
const KEYED = "hmac-sha256";

/**
 * `ApiKeyStore` on the `api_keys` table: `hash` holds the key's digest hashed with the storage
 * secret (`CredentialCipher.apiKeyHash`); neither the key nor its bare digest is stored.
 */
export function createApiKeyStore(db: Db, t: Tables, cipher: CredentialCipher): ApiKeyStore {
  return {
    create: async (record, digest) => {
      try {
        await db.query(
          `INSERT INTO ${t.apiKeys} (id, name, hash, hash_scheme, prefix, created_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            record.id,
            record.name,
            cipher.apiKeyHash(digest),
            KEYED,
            record.prefix,
            record.created_at,
            record.revoked_at,
          ],
        );
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw inputInvalid("API key", [{ path: "id", message: "an API key with this id or key exists" }]);
        }
        throw error;
      }
    },

    findByDigest: async (digest) => {
      const rows = await db.query<ApiKeyRecord>(
        `SELECT ${COLUMNS} FROM ${t.apiKeys} WHERE hash = $1 AND hash_scheme = $2`,
        [cipher.apiKeyHash(digest), KEYED],
      );
      return rows[0] ?? null;
    },

    list: () => db.query<ApiKeyRecord>(`SELECT ${COLUMNS} FROM ${t.apiKeys} ORDER BY created_at, seq`),

    revoke: async (id, at) => {
      const rows = await db.query(
        `UPDATE ${t.apiKeys} SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING 1`,
        [id, at],
      );
      return rows.length > 0;
    },
  };
}

/**
 * Rewrites keys stored before migration 2 (bare sha256 digests) as keyed hashes, so they keep
 * working and no bare digest stays at rest. Each row is rewritten at most once even when several
 * processes migrate at the same time. Returns how many rows this call rewrote.
 */
export async function upgradeApiKeyHashes(db: Db, t: Tables, cipher: CredentialCipher): Promise<number> {
  const legacy = await db.query<{ id: string; hash: string }>(
    `SELECT id, hash FROM ${t.apiKeys} WHERE hash_scheme = 'sha256'`,
  );
  let upgraded = 0;
  for (const { id, hash } of legacy) {
    const rows = await db.query(
      `UPDATE ${t.apiKeys} SET hash = $2, hash_scheme = $3
       WHERE id = $1 AND hash_scheme = 'sha256' RETURNING 1`,
      [id, cipher.apiKeyHash(hash), KEYED],
    );
    upgraded += rows.length;
  }
  return upgraded;
}
