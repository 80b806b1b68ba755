import { WEBHOOK_MODEL_NAMES } from "../events/events.js";
import type { ModelKey } from "../model/common.js";
import type { IntegrationField } from "../model/jobs.js";
import type { DiscoveredField, FieldConfigStore } from "../storage/field-config.js";
import type { RecordInput } from "../storage/records.js";

/** Kombo's model name of an atsync model (`jobs` → `ats_jobs`), as integration and custom fields name it. */
export function komboModelName(model: ModelKey): string {
  return WEBHOOK_MODEL_NAMES[model];
}

/**
 * The id of a custom field: `<Kombo model>.<key>` (`ats_jobs.cost_center`). The projection reads
 * the key a mapping fills from it, so a sync needs the mappings only.
 */
export function customFieldId(komboModel: string, key: string): string {
  return `${komboModel}.${key}`;
}

/**
 * Applies an integration's field configuration to the records a sync commits — the hook between a
 * connector's mapping and `commitPage`. For records that carry `integration_fields` (every vendor
 * field, as the connector mapped them):
 * - every field is reported to `FieldConfigStore.discover` (once per field and run);
 * - `integration_fields` keeps only the fields whose passthrough is enabled (default none);
 * - `custom_fields` becomes exactly the custom fields mapped for the model, each holding the value
 *   of its integration field (null when the record lacks it).
 * Records of models without `integration_fields` pass unchanged. The configuration is read once
 * when the run starts: a change applies from the next sync on.
 */
export class FieldProjection {
  private readonly known = new Set<string>();

  private constructor(
    private readonly store: FieldConfigStore,
    private readonly integrationId: string,
    private readonly enabled: ReadonlySet<string>,
    /** Per Kombo model name: custom field key → integration field id. */
    private readonly mappings: ReadonlyMap<string, ReadonlyMap<string, string>>,
  ) {}

  /** The projection of the integration's current configuration. */
  static async load(store: FieldConfigStore, integrationId: string): Promise<FieldProjection> {
    const [enabled, mappings] = await Promise.all([
      store.enabledFields(integrationId),
      store.customFieldMappings(integrationId),
    ]);
    const byModel = new Map<string, Map<string, string>>();
    for (const { custom_field_id, integration_field_id } of mappings) {
      const dot = custom_field_id.indexOf(".");
      const model = custom_field_id.slice(0, dot);
      const keys = byModel.get(model) ?? new Map<string, string>();
      keys.set(custom_field_id.slice(dot + 1), integration_field_id);
      byModel.set(model, keys);
    }
    return new FieldProjection(store, integrationId, new Set(enabled.map((f) => f.id)), byModel);
  }

  /** `records` of `model` with the configuration applied (see the class); discovers their fields first. */
  async project(model: ModelKey, records: readonly RecordInput[]): Promise<RecordInput[]> {
    const fresh = new Map<string, DiscoveredField>();
    for (const record of records) {
      for (const f of fieldsOf(record) ?? []) {
        if (!this.known.has(f.id) && !fresh.has(f.id))
          fresh.set(f.id, { id: f.id, model, key: f.key, type: f.type, label: f.label });
      }
    }
    if (fresh.size > 0) {
      await this.store.discover(this.integrationId, [...fresh.values()]);
      for (const id of fresh.keys()) this.known.add(id);
    }
    const mapped = this.mappings.get(komboModelName(model)) ?? new Map<string, string>();
    return records.map((record) => {
      const fields = fieldsOf(record);
      if (!fields) return record;
      const custom_fields: Record<string, unknown> = {};
      for (const [key, id] of mapped) custom_fields[key] = fields.find((f) => f.id === id)?.value ?? null;
      return { ...record, integration_fields: fields.filter((f) => this.enabled.has(f.id)), custom_fields };
    });
  }
}

function fieldsOf(record: RecordInput): IntegrationField[] | null {
  return Array.isArray(record.integration_fields) ? (record.integration_fields as IntegrationField[]) : null;
}
