import type { IntegrationField } from "@atsync/core/connector";

const CUSTOM_FIELD = /^field\d+$/;

/** Keys of an iCIMS answer that are not fields. */
const NOT_FIELDS = new Set(["links"]);

/**
 * Every field of an iCIMS answer as Kombo's `integration_fields` (`type` CUSTOM for the tenant's
 * `fieldNNNNN` ids, DEFAULT otherwise; `id` = `<profile type>.<field id>`, stable across records),
 * and the custom ones as `custom_fields`.
 */
export function integrationFields(
  profileType: string,
  json: Record<string, unknown>,
): { integration_fields: IntegrationField[]; custom_fields: Record<string, unknown> } {
  const integration_fields: IntegrationField[] = [];
  const custom_fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (NOT_FIELDS.has(key)) continue;
    const custom = CUSTOM_FIELD.test(key);
    integration_fields.push({
      id: `${profileType}.${key}`,
      key,
      type: custom ? "CUSTOM" : "DEFAULT",
      value,
      label: null,
    });
    if (custom) custom_fields[key] = value;
  }
  return { integration_fields, custom_fields };
}
