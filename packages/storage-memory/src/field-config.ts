import {
  AtsyncError,
  type CustomFieldMapping,
  decodeCursor,
  encodeCursor,
  type FieldConfigStore,
  type IntegrationFieldRecord,
} from "@atsync/core/storage";

/** What one integration's field configuration holds. */
interface FieldConfig {
  fields: Map<string, IntegrationFieldRecord>;
  mappings: Map<string, string>;
}

/**
 * `FieldConfigStore` in memory. Configuration is keyed by the integration's storage object
 * (`owner(id)`, undefined once deleted), so deleting an integration drops it with no extra step
 * and an integration created again under the same id starts empty.
 */
export function createMemoryFieldConfig(
  owner: (integrationId: string) => object | undefined,
): FieldConfigStore {
  const configs = new WeakMap<object, FieldConfig>();
  const read = (integrationId: string): FieldConfig | undefined => {
    const key = owner(integrationId);
    return key ? configs.get(key) : undefined;
  };
  const write = (integrationId: string): FieldConfig => {
    const key = owner(integrationId);
    if (!key) {
      throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`);
    }
    let config = configs.get(key);
    if (!config) {
      config = { fields: new Map(), mappings: new Map() };
      configs.set(key, config);
    }
    return config;
  };
  const sorted = (integrationId: string) =>
    [...(read(integrationId)?.fields.values() ?? [])].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );

  return {
    discover: async (integrationId, fields) => {
      const known = write(integrationId).fields;
      let added = 0;
      for (const field of fields) {
        const existing = known.get(field.id);
        if (existing) {
          if (existing.label === null && field.label !== null) existing.label = field.label;
          continue;
        }
        known.set(field.id, { ...field, is_passthrough_enabled: false });
        added += 1;
      }
      return added;
    },
    listFields: async (integrationId, page) => {
      const after = page.cursor ? decodeCursor(page.cursor).after : undefined;
      const all = sorted(integrationId).filter((f) => typeof after !== "string" || f.id > after);
      const results = all.slice(0, page.page_size).map((f) => ({ ...f }));
      const last = results.at(-1);
      return { results, next: all.length > page.page_size && last ? encodeCursor({ after: last.id }) : null };
    },
    enabledFields: async (integrationId) =>
      sorted(integrationId)
        .filter((f) => f.is_passthrough_enabled)
        .map((f) => ({ ...f })),
    getField: async (integrationId, id) => {
      const field = read(integrationId)?.fields.get(id);
      return field ? { ...field } : null;
    },
    setPassthrough: async (integrationId, id, enabled) => {
      const field = write(integrationId).fields.get(id);
      if (!field) return null;
      field.is_passthrough_enabled = enabled;
      return { ...field };
    },
    customFieldMappings: async (integrationId): Promise<CustomFieldMapping[]> =>
      [...(read(integrationId)?.mappings ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([custom_field_id, integration_field_id]) => ({ custom_field_id, integration_field_id })),
    setCustomFieldMapping: async (integrationId, customFieldId, integrationFieldId) => {
      const { mappings } = write(integrationId);
      if (integrationFieldId === null) mappings.delete(customFieldId);
      else mappings.set(customFieldId, integrationFieldId);
    },
  };
}
