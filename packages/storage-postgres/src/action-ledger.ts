import {
  type ActionLedger,
  type ActionOutcome,
  inputInvalid,
  type ReserveResult,
} from "@atsync/core/storage";
import { requireIntegration, rethrowMissingIntegration } from "./integration-store.js";
import type { Db, Tables } from "./sql.js";

/** `ActionLedger` on the `action_ledger` table. */
export function createActionLedger(db: Db, t: Tables): ActionLedger {
  return {
    // INSERT … ON CONFLICT DO NOTHING makes the reservation atomic. When the key is taken, its row
    // is read; a row released in between reads as missing, and the loop tries to reserve again.
    reserve: async (integrationId, key, fingerprint, at): Promise<ReserveResult> => {
      for (;;) {
        let reserved: unknown[];
        try {
          reserved = await db.query(
            `INSERT INTO ${t.actionLedger} (integration_id, key, fingerprint, reserved_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (integration_id, key) DO NOTHING RETURNING 1`,
            [integrationId, key, fingerprint, at],
          );
        } catch (error) {
          return rethrowMissingIntegration(error, db.query, t, integrationId);
        }
        if (reserved.length > 0) return { state: "reserved" };
        const rows = await db.query<{ fingerprint: string; outcome: ActionOutcome | null }>(
          `SELECT fingerprint, outcome FROM ${t.actionLedger} WHERE integration_id = $1 AND key = $2`,
          [integrationId, key],
        );
        const row = rows[0];
        if (!row) continue;
        if (row.fingerprint !== fingerprint) return { state: "mismatch" };
        return row.outcome ? { state: "completed", outcome: row.outcome } : { state: "in_progress" };
      }
    },

    complete: async (integrationId, key, outcome) => {
      const rows = await db.query(
        `UPDATE ${t.actionLedger} SET outcome = $3 WHERE integration_id = $1 AND key = $2 RETURNING 1`,
        [integrationId, key, JSON.stringify(outcome)],
      );
      if (rows.length === 0) {
        await requireIntegration(db.query, t, integrationId);
        throw inputInvalid("idempotency key", [{ path: "key", message: `${key} is not reserved` }]);
      }
    },

    release: async (integrationId, key) => {
      await db.query(`DELETE FROM ${t.actionLedger} WHERE integration_id = $1 AND key = $2`, [
        integrationId,
        key,
      ]);
    },
  };
}
