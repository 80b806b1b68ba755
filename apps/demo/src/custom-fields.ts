import type { Atsync, CustomFieldDefinition, KomboIntegrationField } from "@atsync/core";

/**
 * The demo host's custom fields. Their labels are the titles of the simulated tenant's iCIMS
 * custom fields (Schema API), so `mapCustomFieldsByLabel` finds them; on a real tenant, fields
 * with the same titles are mapped, others stay unmapped until mapped with
 * `PUT /v1/integrations/{id}/custom-fields/{custom field id}`.
 */
export const DEMO_CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
  {
    model: "ats_jobs",
    key: "cost_center",
    label: "Cost Center",
    description: "Finance cost center of the job",
  },
  { model: "ats_jobs", key: "hiring_priority", label: "Hiring Priority", description: null },
  {
    model: "ats_candidates",
    key: "work_authorization",
    label: "Work Authorization",
    description: "The candidate's right to work",
  },
];

/** Every integration field the integration's syncs discovered. */
async function allIntegrationFields(atsync: Atsync, integrationId: string): Promise<KomboIntegrationField[]> {
  const fields: KomboIntegrationField[] = [];
  let cursor: string | null = null;
  do {
    const page = await atsync.fields.listIntegrationFields(integrationId, { cursor, page_size: 250 });
    fields.push(...page.results);
    cursor = page.next;
  } while (cursor !== null);
  return fields;
}

/**
 * Maps each of the host's unmapped custom fields onto the integration's CUSTOM integration field
 * of the same model whose label equals the custom field's label (ignoring case), as an operator
 * would through the API. Returns the ids of the custom fields it mapped (none when the fields are
 * not discovered yet, i.e. before the first sync).
 */
export async function mapCustomFieldsByLabel(atsync: Atsync, integrationId: string): Promise<string[]> {
  const fields = (await allIntegrationFields(atsync, integrationId)).filter((f) => f.type === "CUSTOM");
  const mapped: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await atsync.fields.listCustomFields(integrationId, { cursor, page_size: 250 });
    for (const custom of page.results) {
      if (custom.integration_field !== null || custom.label === null) continue;
      const label = custom.label.toLowerCase();
      const match = fields.find((f) => f.model === custom.model && f.label?.toLowerCase() === label);
      if (!match) continue;
      await atsync.fields.updateCustomField(integrationId, custom.id, { integration_field_id: match.id });
      mapped.push(custom.id);
    }
    cursor = page.next;
  } while (cursor !== null);
  return mapped;
}
