import { type ConnectLinkRecord, type ConnectLinkStore, inputInvalid } from "@atsync/core/storage";
import { type Db, iso, sqlState, type Tables, UNIQUE_VIOLATION } from "./sql.js";

const COLUMNS = `token_hash, kind, tool, integration_id, end_user, ${iso("created_at")} AS created_at,
  ${iso("expires_at")} AS expires_at, ${iso("used_at")} AS used_at`;

/**
 * `ConnectLinkStore` on the `connect_links` table (token hashes only). A claim is one conditional
 * UPDATE, so concurrent claims of a link serialise on its row and at most one matches.
 */
export function createConnectLinkStore(db: Db, t: Tables): ConnectLinkStore {
  return {
    create: async (link) => {
      try {
        await db.query(
          `INSERT INTO ${t.connectLinks}
             (token_hash, kind, tool, integration_id, end_user, created_at, expires_at, used_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            link.token_hash,
            link.kind,
            link.tool,
            link.integration_id,
            JSON.stringify(link.end_user),
            link.created_at,
            link.expires_at,
            link.used_at,
          ],
        );
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw inputInvalid("connect link", [
            { path: "token_hash", message: "a link with this token exists" },
          ]);
        }
        throw error;
      }
    },

    get: async (tokenHash) => {
      const rows = await db.query<ConnectLinkRecord>(
        `SELECT ${COLUMNS} FROM ${t.connectLinks} WHERE token_hash = $1`,
        [tokenHash],
      );
      return rows[0] ?? null;
    },

    claim: async (tokenHash, at) => {
      const rows = await db.query<ConnectLinkRecord>(
        `UPDATE ${t.connectLinks} SET used_at = $2
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING ${COLUMNS}`,
        [tokenHash, at],
      );
      return rows[0] ?? null;
    },

    release: async (tokenHash, claimedAt) => {
      await db.query(
        `UPDATE ${t.connectLinks} SET used_at = NULL
         WHERE token_hash = $1 AND used_at = $2 AND NOT (kind = 'connect' AND integration_id IS NOT NULL)`,
        [tokenHash, claimedAt],
      );
    },

    complete: async (tokenHash, integrationId) => {
      await db.query(`UPDATE ${t.connectLinks} SET integration_id = $2 WHERE token_hash = $1`, [
        tokenHash,
        integrationId,
      ]);
    },

    prune: async (before) => {
      const rows = await db.query(`DELETE FROM ${t.connectLinks} WHERE expires_at < $1 RETURNING 1`, [
        before,
      ]);
      return rows.length;
    },
  };
}
