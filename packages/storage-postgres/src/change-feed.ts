import { type ChangeEntry, type ChangeFeed, inputInvalid } from "@atsync/core/storage";
import { type Db, iso, type Tables } from "./sql.js";

const MAX_CURSOR = 2n ** 63n - 1n;

/** `ChangeFeed` on the `change_feed` table; a cursor is the decimal `seq` of an entry. */
export function createChangeFeed(db: Db, t: Tables): ChangeFeed {
  return {
    changesSince: async (integrationId, cursor, limit = 1000) => {
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw inputInvalid("change feed query", [
          { path: "limit", message: "must be an integer from 1 to 10000" },
        ]);
      }
      if (cursor !== null && (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > MAX_CURSOR)) {
        throw inputInvalid("change feed query", [{ path: "cursor", message: "not a cursor of this feed" }]);
      }
      const entries = await db.query<ChangeEntry>(
        `SELECT seq::text AS cursor, integration_id, model, record_id, remote_id, kind, ${iso("at")} AS at
         FROM ${t.changeFeed}
         WHERE integration_id = $1 AND seq > $2::bigint
         ORDER BY seq LIMIT $3`,
        [integrationId, cursor ?? "0", limit],
      );
      return { entries, cursor: entries[entries.length - 1]?.cursor ?? cursor };
    },
  };
}
