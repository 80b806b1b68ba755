import {
  AtsyncError,
  type CredentialCipher,
  type IntegrationPatch,
  type IntegrationRecord,
  type IntegrationStore,
  inputInvalid,
  parseIntegrationSettings,
} from "@atsync/core/storage";
import {
  type Db,
  FOREIGN_KEY_VIOLATION,
  iso,
  type Query,
  sqlState,
  type Tables,
  UNIQUE_VIOLATION,
} from "./sql.js";
import { appendEvents, withEvents } from "./webhook-outbox.js";

function notFound(integrationId: string): AtsyncError {
  return new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`, {
    integrationId,
  });
}

/** Throws `PLATFORM.INTEGRATION_NOT_FOUND` unless the integration exists. */
export async function requireIntegration(query: Query, t: Tables, integrationId: string): Promise<void> {
  const rows = await query(`SELECT 1 FROM ${t.integrations} WHERE id = $1`, [integrationId]);
  if (rows.length === 0) throw notFound(integrationId);
}

/**
 * Rethrows `error` from a write to a table referencing `integrations`: as
 * `PLATFORM.INTEGRATION_NOT_FOUND` when it is a foreign-key violation and the integration is
 * indeed missing, unchanged otherwise.
 */
export async function rethrowMissingIntegration(
  error: unknown,
  query: Query,
  t: Tables,
  integrationId: string,
): Promise<never> {
  if (sqlState(error) === FOREIGN_KEY_VIOLATION) await requireIntegration(query, t, integrationId);
  throw error;
}

const COLUMNS = `id, tool, status, setup_status, end_user, settings,
  ${iso("created_at")} AS created_at, ${iso("updated_at")} AS updated_at`;

/** `IntegrationStore` on the `integrations` table; credentials stored as `cipher` ciphertext. */
export function createIntegrationStore(db: Db, t: Tables, cipher: CredentialCipher): IntegrationStore {
  return {
    create: async (integration, credentials, events) => {
      const [tool, rest] = integration.id.split(":");
      if (tool !== integration.tool || !rest) {
        throw inputInvalid("integration", [{ path: "id", message: `must be "${integration.tool}:<id>"` }]);
      }
      const settings = parseIntegrationSettings(integration.settings);
      try {
        await withEvents(db, t, events, async (query) => {
          await query(
            `INSERT INTO ${t.integrations}
             (id, tool, status, setup_status, end_user, settings, credentials, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              integration.id,
              integration.tool,
              integration.status,
              integration.setup_status,
              JSON.stringify(integration.end_user),
              JSON.stringify(settings),
              cipher.encrypt(integration.id, credentials),
              integration.created_at,
              integration.updated_at,
            ],
          );
          return { ...integration, settings };
        });
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw inputInvalid("integration", [
            { path: "id", message: `integration ${integration.id} already exists` },
          ]);
        }
        throw error;
      }
    },

    get: async (id) => {
      const rows = await db.query<IntegrationRecord>(
        `SELECT ${COLUMNS} FROM ${t.integrations} WHERE id = $1`,
        [id],
      );
      return rows[0] ?? null;
    },

    list: () =>
      db.query<IntegrationRecord>(`SELECT ${COLUMNS} FROM ${t.integrations} ORDER BY created_at, seq`),

    update: async (id, patch: IntegrationPatch, at, events) => {
      const settings = patch.settings === undefined ? null : parseIntegrationSettings(patch.settings);
      return withEvents(db, t, events, async (query) => {
        const rows = await query<IntegrationRecord>(
          `UPDATE ${t.integrations} SET
           status = coalesce($2, status),
           setup_status = coalesce($3, setup_status),
           end_user = coalesce($4::jsonb, end_user),
           settings = settings || coalesce($5::jsonb, '{}'::jsonb),
           updated_at = $6
         WHERE id = $1
         RETURNING ${COLUMNS}`,
          [
            id,
            patch.status ?? null,
            patch.setup_status ?? null,
            patch.end_user === undefined ? null : JSON.stringify(patch.end_user),
            settings === null ? null : JSON.stringify(settings),
            at,
          ],
        );
        const row = rows[0];
        if (!row) throw notFound(id);
        return row;
      });
    },

    setCredentials: async (id, credentials, at) => {
      const rows = await db.query(
        `UPDATE ${t.integrations} SET credentials = $2, updated_at = $3 WHERE id = $1 RETURNING 1`,
        [id, cipher.encrypt(id, credentials), at],
      );
      if (rows.length === 0) throw notFound(id);
    },

    getCredentials: async (id) => {
      const rows = await db.query<{ credentials: string }>(
        `SELECT credentials FROM ${t.integrations} WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) throw notFound(id);
      return cipher.decrypt(id, row.credentials);
    },

    // Locks the integration row first, so no commitPage can add records or feed entries between
    // the deletes below (those tables have no foreign key; see migrations.ts).
    delete: (id, events) =>
      db.transaction(async (query) => {
        const [record] = await query<IntegrationRecord>(
          `SELECT ${COLUMNS} FROM ${t.integrations} WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!record) return false;
        await query(`DELETE FROM ${t.records} WHERE integration_id = $1`, [id]);
        await query(`DELETE FROM ${t.changeFeed} WHERE integration_id = $1`, [id]);
        await query(`DELETE FROM ${t.webhookChanges} WHERE integration_id = $1`, [id]);
        await query(`DELETE FROM ${t.integrations} WHERE id = $1`, [id]);
        if (events) await appendEvents(query, t, events(record));
        return true;
      }),
  };
}
