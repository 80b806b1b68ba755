import {
  type CustomFieldMapping,
  decodeCursor,
  encodeCursor,
  type FieldConfigStore,
  type IntegrationFieldRecord,
} from "@atsync/core/storage";
import { requireIntegration, rethrowMissingIntegration } from "./integration-store.js";
import type { Db, Tables } from "./sql.js";

const FIELD_COLUMNS = "id, model, key, type, label, is_passthrough_enabled";

/**
 * `FieldConfigStore` on the `integration_fields` and `custom_field_mappings` tables (both removed
 * with their integration by `ON DELETE CASCADE`). `discover` is one multi-row
 * `INSERT … ON CONFLICT`, so concurrent syncs of one integration never lose a flag.
 */
export function createFieldConfigStore(db: Db, t: Tables): FieldConfigStore {
  return {
    discover: async (integrationId, fields) => {
      if (fields.length === 0) {
        await requireIntegration(db.query, t, integrationId);
        return 0;
      }
      const values: unknown[] = [integrationId];
      const rows = fields.map((f) => {
        values.push(f.id, f.model, f.key, f.type, f.label);
        const n = values.length;
        return `($1, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, false)`;
      });
      try {
        const inserted = await db.query<{ inserted: boolean }>(
          `INSERT INTO ${t.integrationFields} AS f (integration_id, ${FIELD_COLUMNS})
           VALUES ${rows.join(", ")}
           ON CONFLICT (integration_id, id) DO UPDATE SET label = coalesce(f.label, excluded.label)
           RETURNING (xmax = 0) AS inserted`,
          values,
        );
        return inserted.filter((r) => r.inserted).length;
      } catch (error) {
        return rethrowMissingIntegration(error, db.query, t, integrationId);
      }
    },

    listFields: async (integrationId, page) => {
      const after = page.cursor ? decodeCursor(page.cursor).after : undefined;
      const rows = await db.query<IntegrationFieldRecord>(
        `SELECT ${FIELD_COLUMNS} FROM ${t.integrationFields}
         WHERE integration_id = $1 AND ($2::text IS NULL OR id > $2)
         ORDER BY id LIMIT $3`,
        [integrationId, typeof after === "string" ? after : null, page.page_size + 1],
      );
      const results = rows.slice(0, page.page_size);
      const last = results.at(-1);
      return {
        results,
        next: rows.length > page.page_size && last ? encodeCursor({ after: last.id }) : null,
      };
    },

    enabledFields: (integrationId) =>
      db.query<IntegrationFieldRecord>(
        `SELECT ${FIELD_COLUMNS} FROM ${t.integrationFields}
         WHERE integration_id = $1 AND is_passthrough_enabled ORDER BY id`,
        [integrationId],
      ),

    getField: async (integrationId, id) => {
      const rows = await db.query<IntegrationFieldRecord>(
        `SELECT ${FIELD_COLUMNS} FROM ${t.integrationFields} WHERE integration_id = $1 AND id = $2`,
        [integrationId, id],
      );
      return rows[0] ?? null;
    },

    setPassthrough: async (integrationId, id, enabled) => {
      await requireIntegration(db.query, t, integrationId);
      const rows = await db.query<IntegrationFieldRecord>(
        `UPDATE ${t.integrationFields} SET is_passthrough_enabled = $3
         WHERE integration_id = $1 AND id = $2 RETURNING ${FIELD_COLUMNS}`,
        [integrationId, id, enabled],
      );
      return rows[0] ?? null;
    },

    customFieldMappings: (integrationId) =>
      db.query<CustomFieldMapping>(
        `SELECT custom_field_id, integration_field_id FROM ${t.customFieldMappings}
         WHERE integration_id = $1 ORDER BY custom_field_id`,
        [integrationId],
      ),

    setCustomFieldMapping: async (integrationId, customFieldId, integrationFieldId) => {
      if (integrationFieldId === null) {
        await requireIntegration(db.query, t, integrationId);
        await db.query(
          `DELETE FROM ${t.customFieldMappings} WHERE integration_id = $1 AND custom_field_id = $2`,
          [integrationId, customFieldId],
        );
        return;
      }
      try {
        await db.query(
          `INSERT INTO ${t.customFieldMappings} (integration_id, custom_field_id, integration_field_id)
           VALUES ($1, $2, $3)
           ON CONFLICT (integration_id, custom_field_id) DO UPDATE
             SET integration_field_id = excluded.integration_field_id`,
          [integrationId, customFieldId, integrationFieldId],
        );
      } catch (error) {
        await rethrowMissingIntegration(error, db.query, t, integrationId);
      }
    },
  };
}
