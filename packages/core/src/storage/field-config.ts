import type { ModelKey } from "../model/common.js";
import type { IntegrationFieldType } from "../model/jobs.js";
import type { ListPage } from "./records.js";

/**
 * A vendor field discovered on the synced records of one integration (Kombo's integration field):
 * what `GET /integrations/{id}/integration-fields` lists and `PATCH …/{field id}` configures.
 */
export interface IntegrationFieldRecord {
  /** The connector's stable id of the field (iCIMS: `<profile type>.<field id>`, e.g. `jobs.field12345`). */
  id: string;
  /** The atsync model whose records carry the field. */
  model: ModelKey;
  /** The vendor's field key. */
  key: string;
  /** DEFAULT for the vendor's standard fields, CUSTOM for the tenant's own. */
  type: IntegrationFieldType;
  /** The vendor's label, when known. */
  label: string | null;
  /** True when records carry the field in their `integration_fields` (set through the API; default false). */
  is_passthrough_enabled: boolean;
}

/** A field as discovery reports it: everything but the integration's own configuration. */
export type DiscoveredField = Omit<IntegrationFieldRecord, "is_passthrough_enabled">;

/** Which integration field fills one custom field key of an integration (Kombo's custom-field mapping). */
export interface CustomFieldMapping {
  /** The host's custom field id (`CustomFieldDefinition.id`). */
  custom_field_id: string;
  /** The integration field whose value becomes the custom field's value. */
  integration_field_id: string;
}

/**
 * Per-integration field configuration: the integration fields discovered by syncs with their
 * passthrough flag, and the custom-field mappings. Everything is scoped by integration id and
 * removed with the integration (`IntegrationStore.delete`). Writes to an integration that does not
 * exist throw `PLATFORM.INTEGRATION_NOT_FOUND`; reads of one answer empty.
 */
export interface FieldConfigStore {
  /**
   * Adds the fields whose id the integration does not know yet (passthrough off); fields already
   * known keep their passthrough flag, and take the given `label` when they had none. Returns how
   * many were added.
   */
  discover(integrationId: string, fields: readonly DiscoveredField[]): Promise<number>;
  /**
   * A page of the integration's fields in ascending id order (code-unit order); `cursor` is the
   * `next` of the previous page. Throws `PLATFORM.INPUT_INVALID` for a malformed cursor.
   */
  listFields(
    integrationId: string,
    page: { cursor?: string | null; page_size: number },
  ): Promise<ListPage<IntegrationFieldRecord>>;
  /** Every field of the integration with passthrough on. */
  enabledFields(integrationId: string): Promise<IntegrationFieldRecord[]>;
  /** One field, or null when the integration has none with this id. */
  getField(integrationId: string, id: string): Promise<IntegrationFieldRecord | null>;
  /** Sets the passthrough flag of a known field and returns it; null when the field is unknown. */
  setPassthrough(integrationId: string, id: string, enabled: boolean): Promise<IntegrationFieldRecord | null>;
  /** The integration's custom-field mappings, in ascending custom field id order. */
  customFieldMappings(integrationId: string): Promise<CustomFieldMapping[]>;
  /** Maps a custom field onto an integration field, or removes its mapping (`integrationFieldId` null). */
  setCustomFieldMapping(
    integrationId: string,
    customFieldId: string,
    integrationFieldId: string | null,
  ): Promise<void>;
}
