import { type ApiKeyRecord, type ApiKeyStore, inputInvalid } from "@atsync/core";
import { type Db, iso, sqlState, type Tables, UNIQUE_VIOLATION } from "./sql.js";

const COLUMNS = `id, name, hash, prefix, ${iso("created_at")} AS created_at, ${iso("revoked_at")} AS revoked_at`;

/** `ApiKeyStore` on the `api_keys` table (hashes only; the key itself is never stored). */
export function createApiKeyStore(db: Db, t: Tables): ApiKeyStore {
  return {
    create: async (record) => {
      try {
        await db.query(
          `INSERT INTO ${t.apiKeys} (id, name, hash, prefix, created_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [record.id, record.name, record.hash, record.prefix, record.created_at, record.revoked_at],
        );
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw inputInvalid("API key", [{ path: "id", message: "an API key with this id or hash exists" }]);
        }
        throw error;
      }
    },

    findByHash: async (hash) => {
      const rows = await db.query<ApiKeyRecord>(`SELECT ${COLUMNS} FROM ${t.apiKeys} WHERE hash = $1`, [
        hash,
      ]);
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
