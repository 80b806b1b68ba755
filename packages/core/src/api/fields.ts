import { z } from "zod";
import { type AtsyncError, inputInvalid, parseInput } from "../errors.js";
import { WEBHOOK_MODEL_NAMES } from "../events/events.js";
import type { IntegrationFieldType } from "../model/jobs.js";
import type { IntegrationFieldRecord } from "../storage/field-config.js";
import type { ListPage } from "../storage/records.js";
import { requireIntegration } from "../storage/require-integration.js";
import type { AtsyncStorage } from "../storage/storage.js";
import { customFieldId, komboModelName } from "../sync/field-projection.js";

/**
 * A custom field of the host (Kombo's custom fields, defined once for every integration): records
 * of `model` carry `custom_fields[key]`, filled per integration from the integration field it is
 * mapped onto (`PUT /integrations/{id}/custom-fields/{custom field id}`).
 */
export interface CustomFieldDefinition {
  /** Kombo's model name: `ats_jobs`, `ats_candidates`, `ats_applications`, `ats_users`, … */
  model: string;
  /** The key in `custom_fields`: letters, digits and `_`, starting with a letter. */
  key: string;
  /** Shown to whoever maps it. */
  label?: string | null;
  /** Shown to whoever maps it. */
  description?: string | null;
}

/** Kombo's integration field (`GET /integrations/{id}/integration-fields` results). */
export interface KomboIntegrationField {
  /** Stable id of the field. */
  id: string;
  /** The vendor's key. */
  key: string;
  /** Kombo's model name (`ats_jobs`). */
  model: string;
  /** DEFAULT or CUSTOM. */
  type: IntegrationFieldType;
  /** The vendor's label, when known. */
  label: string | null;
  /** Whether records carry it in `integration_fields`. */
  is_passthrough_enabled: boolean;
  /** Always false: atsync writes no integration fields. */
  is_writable: false;
}

/** Kombo's custom field with this integration's mapping (`GET /integrations/{id}/custom-fields` results). */
export interface KomboCustomField {
  /** `<model>.<key>` (`ats_jobs.cost_center`). */
  id: string;
  /** The key in `custom_fields`. */
  key: string;
  /** The integration field it is mapped onto, or null. */
  integration_field: Pick<KomboIntegrationField, "id" | "key" | "type" | "label"> | null;
  /** Kombo's model name. */
  model: string;
  /** As defined by the host. */
  label: string | null;
  /** As defined by the host. */
  description: string | null;
}

const KOMBO_MODELS = new Set<string>(Object.values(WEBHOOK_MODEL_NAMES));
const CUSTOM_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/** Kombo's body of `PATCH /integrations/{id}/integration-fields/{field id}`. */
export const UpdateIntegrationFieldBody = z.strictObject({
  enable_passthrough: z.boolean({ error: "must be true or false" }).nullable(),
});

/** Kombo's body of `PUT /integrations/{id}/custom-fields/{custom field id}`. */
export const UpdateCustomFieldBody = z.strictObject({
  integration_field_id: z.string({ error: "must be an integration field id or null" }).min(1).nullable(),
});

/** Paging of the two field lists: Kombo's `cursor` and `page_size` (1..250, default 100). */
export interface FieldPage {
  /** The `next` of the previous page. */
  cursor?: string | null;
  /** Results per page. */
  page_size?: number;
}

/**
 * Checks the host's custom field definitions: known Kombo model names, keys `CUSTOM_FIELD_KEY`,
 * no duplicates. Throws `PLATFORM.INPUT_INVALID` naming each bad entry.
 */
export function validateCustomFields(definitions: readonly CustomFieldDefinition[]): CustomFieldDefinition[] {
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  definitions.forEach((d, i) => {
    if (!KOMBO_MODELS.has(d.model))
      issues.push({
        path: `customFields.${i}.model`,
        message: `must be one of ${[...KOMBO_MODELS].join(", ")}`,
      });
    if (!CUSTOM_FIELD_KEY.test(d.key))
      issues.push({
        path: `customFields.${i}.key`,
        message: "must be letters, digits and _, starting with a letter",
      });
    const id = customFieldId(d.model, d.key);
    if (seen.has(id)) issues.push({ path: `customFields.${i}`, message: `${id} is defined twice` });
    seen.add(id);
  });
  if (issues.length > 0) throw inputInvalid("custom fields", issues);
  return [...definitions];
}

/**
 * Kombo's integration fields and custom fields of one integration (`atsync.fields`): vendor fields
 * discovered by syncs, their passthrough flag, and which integration field fills each custom
 * field. Changes apply to the records the next sync reads (a full sync applies them to all).
 */
export class FieldsApi {
  constructor(
    private readonly storage: AtsyncStorage,
    private readonly definitions: readonly CustomFieldDefinition[],
  ) {}

  /** A page of the integration's discovered fields, ascending id. */
  async listIntegrationFields(
    integrationId: string,
    page: FieldPage = {},
  ): Promise<ListPage<KomboIntegrationField>> {
    await this.require(integrationId);
    const { results, next } = await this.storage.fields.listFields(integrationId, {
      cursor: page.cursor ?? null,
      page_size: pageSize(page.page_size),
    });
    return { results: results.map(komboField), next };
  }

  /**
   * Kombo's update of one field: `enable_passthrough` true/false sets the flag, null leaves it.
   * Throws `PLATFORM.INPUT_INVALID` naming `integration_field_id` for an unknown field.
   */
  async updateIntegrationField(
    integrationId: string,
    fieldId: string,
    body: unknown,
  ): Promise<KomboIntegrationField> {
    const { enable_passthrough } = parseInput(UpdateIntegrationFieldBody, body, "integration field update");
    await this.require(integrationId);
    const field =
      enable_passthrough === null
        ? await this.storage.fields.getField(integrationId, fieldId)
        : await this.storage.fields.setPassthrough(integrationId, fieldId, enable_passthrough);
    if (!field) throw unknownField("integration_field_id", `no integration field ${fieldId}`);
    return komboField(field);
  }

  /** A page of the host's custom fields with this integration's mappings, in definition order. */
  async listCustomFields(integrationId: string, page: FieldPage = {}): Promise<ListPage<KomboCustomField>> {
    await this.require(integrationId);
    const size = pageSize(page.page_size);
    const start = page.cursor ? cursorOffset(page.cursor) : 0;
    const slice = this.definitions.slice(start, start + size);
    const results = await this.withMappings(integrationId, slice);
    return { results, next: start + size < this.definitions.length ? String(start + size) : null };
  }

  /**
   * Maps a custom field onto an integration field of the same model (`integration_field_id`), or
   * removes its mapping (null). Throws `PLATFORM.INPUT_INVALID` naming `custom_field_id` or
   * `integration_field_id` when either is unknown or the models differ.
   */
  async updateCustomField(integrationId: string, id: string, body: unknown): Promise<KomboCustomField> {
    const { integration_field_id } = parseInput(UpdateCustomFieldBody, body, "custom field update");
    await this.require(integrationId);
    const definition = this.definitions.find((d) => customFieldId(d.model, d.key) === id);
    if (!definition) throw unknownField("custom_field_id", `no custom field ${id}`);
    if (integration_field_id !== null) {
      const field = await this.storage.fields.getField(integrationId, integration_field_id);
      if (!field) throw unknownField("integration_field_id", `no integration field ${integration_field_id}`);
      if (komboModelName(field.model) !== definition.model) {
        throw unknownField(
          "integration_field_id",
          `${integration_field_id} is a field of ${komboModelName(field.model)}, not ${definition.model}`,
        );
      }
    }
    await this.storage.fields.setCustomFieldMapping(integrationId, id, integration_field_id);
    const [result] = await this.withMappings(integrationId, [definition]);
    return result as KomboCustomField;
  }

  private async withMappings(
    integrationId: string,
    definitions: readonly CustomFieldDefinition[],
  ): Promise<KomboCustomField[]> {
    const mappings = new Map(
      (await this.storage.fields.customFieldMappings(integrationId)).map((m) => [
        m.custom_field_id,
        m.integration_field_id,
      ]),
    );
    return Promise.all(
      definitions.map(async (d) => {
        const id = customFieldId(d.model, d.key);
        const fieldId = mappings.get(id);
        const field = fieldId ? await this.storage.fields.getField(integrationId, fieldId) : null;
        return {
          id,
          key: d.key,
          integration_field: field
            ? { id: field.id, key: field.key, type: field.type, label: field.label }
            : null,
          model: d.model,
          label: d.label ?? null,
          description: d.description ?? null,
        };
      }),
    );
  }

  private async require(integrationId: string): Promise<void> {
    await requireIntegration(this.storage.integrations, integrationId);
  }
}

function komboField(field: IntegrationFieldRecord): KomboIntegrationField {
  return {
    id: field.id,
    key: field.key,
    model: komboModelName(field.model),
    type: field.type,
    label: field.label,
    is_passthrough_enabled: field.is_passthrough_enabled,
    is_writable: false,
  };
}

function pageSize(value: number | undefined): number {
  if (value === undefined) return 100;
  if (!Number.isInteger(value) || value < 1 || value > 250) {
    throw inputInvalid("query parameters", [
      { path: "page_size", message: "must be an integer from 1 to 250" },
    ]);
  }
  return value;
}

function cursorOffset(cursor: string): number {
  if (!/^\d{1,9}$/.test(cursor)) {
    throw inputInvalid("query parameters", [
      { path: "cursor", message: "pass back the `next` value of the previous page" },
    ]);
  }
  return Number(cursor);
}

function unknownField(path: string, message: string): AtsyncError {
  return inputInvalid("request", [{ path, message }]);
}
