import type { IntegrationField } from "@atsync/core/connector";
import { CUSTOM_FIELD_ID } from "../decisions/custom-fields.js";

/** No field titles known: every integration field gets label null. */
export const NO_LABELS: ReadonlyMap<string, string> = new Map();

/** Keys of an iCIMS answer that are not fields. */
const NOT_FIELDS = new Set(["links"]);

/** The integration field id of an iCIMS field: `<profile type>.<field id>` (`jobs.field12345`). */
export function integrationFieldId(profileType: string, key: string): string {
  return `${profileType}.${key}`;
}

/**
 * Every field of an iCIMS answer as Kombo's `integration_fields` (`type` CUSTOM for the tenant's
 * `fieldNNNNN` ids, DEFAULT otherwise; `id` = `<profile type>.<field id>`, stable across records;
 * `label` the field's title in `labels` (the Schema API's), else null), and the custom ones as
 * `custom_fields`.
 */
export function integrationFields(
  profileType: string,
  json: Record<string, unknown>,
  labels: ReadonlyMap<string, string> = NO_LABELS,
): { integration_fields: IntegrationField[]; custom_fields: Record<string, unknown> } {
  const integration_fields: IntegrationField[] = [];
  const custom_fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (NOT_FIELDS.has(key)) continue;
    const custom = CUSTOM_FIELD_ID.test(key);
    integration_fields.push({
      id: integrationFieldId(profileType, key),
      key,
      type: custom ? "CUSTOM" : "DEFAULT",
      value,
      label: labels.get(key) ?? null,
    });
    if (custom) custom_fields[key] = value;
  }
  return { integration_fields, custom_fields };
}
