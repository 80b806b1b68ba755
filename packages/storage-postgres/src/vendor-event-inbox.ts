import { type PendingRefresh, type VendorEventInbox, validateInboxEvent } from "@atsync/core/storage";
import { requireIntegration } from "./integration-store.js";
import { type Db, iso, type Tables } from "./sql.js";

/**
 * `VendorEventInbox` on `vendor_events` (keys seen) and `vendor_event_refreshes` (one pending row
 * per record), both removed with their integration. `accept` is one transaction: the key insert
 * (`ON CONFLICT DO NOTHING`) decides, so of concurrent deliveries of one event exactly one adds
 * its targets.
 */
export function createVendorEventInbox(db: Db, t: Tables): VendorEventInbox {
  return {
    accept: async (integrationId, event) => {
      validateInboxEvent(event);
      return db.transaction(async (query) => {
        // Shares the integration's row: a delete waits for this accept (and the reverse).
        const held = await query(`SELECT 1 FROM ${t.integrations} WHERE id = $1 FOR SHARE`, [integrationId]);
        if (held.length === 0) await requireIntegration(query, t, integrationId);
        const inserted = await query(
          `INSERT INTO ${t.vendorEvents} (integration_id, key, type, received_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING 1`,
          [integrationId, event.key, event.type, event.received_at],
        );
        if (inserted.length === 0) return false;
        if (event.targets.length > 0) {
          await query(
            `INSERT INTO ${t.vendorEventRefreshes} (integration_id, model, remote_id, requested_at)
               SELECT $1, m, r, $4 FROM unnest($2::text[], $3::text[]) AS u (m, r)
               ON CONFLICT (integration_id, model, remote_id) DO UPDATE
                 SET requested_at = GREATEST(${t.vendorEventRefreshes}.requested_at, EXCLUDED.requested_at)`,
            [
              integrationId,
              event.targets.map((x) => x.model),
              event.targets.map((x) => x.remote_id),
              event.received_at,
            ],
          );
        }
        return true;
      });
    },

    pending: async (integrationId, limit) =>
      db.query<PendingRefresh>(
        `SELECT model, remote_id, ${iso("requested_at")} AS requested_at FROM ${t.vendorEventRefreshes}
         WHERE integration_id = $1 ORDER BY requested_at, model COLLATE "C", remote_id LIMIT $2`,
        [integrationId, Math.max(0, Math.trunc(limit))],
      ),

    settle: async (integrationId, done) => {
      if (done.length === 0) return;
      await db.query(
        `DELETE FROM ${t.vendorEventRefreshes} AS v USING unnest($2::text[], $3::text[], $4::timestamptz[]) AS d (m, r, at)
         WHERE v.integration_id = $1 AND v.model = d.m AND v.remote_id = d.r AND v.requested_at <= d.at`,
        [
          integrationId,
          done.map((x) => x.model),
          done.map((x) => x.remote_id),
          done.map((x) => x.requested_at),
        ],
      );
    },

    prune: async (before) => {
      const rows = await db.query(`DELETE FROM ${t.vendorEvents} WHERE received_at < $1 RETURNING 1`, [
        before,
      ]);
      return rows.length;
    },
  };
}
