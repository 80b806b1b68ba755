import type { IntegrationDetails } from "../api/integrations.js";
import { schemaFields } from "../connect/form-fields.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import { WEBHOOK_MODEL_NAMES } from "../events/events.js";
import type { ModelKey } from "../model/common.js";

const label = (id: string) => id.replaceAll("_", " ").replace(/^\w/, (c) => c.toUpperCase());

/** Kombo's `GET /integrations/{id}` data for an integration. */
export function komboIntegration(details: IntegrationDetails, connector: ConnectorDefinition<unknown>) {
  const field = (id: string) => ({
    id,
    is_available: true,
    coverage_status: "SUPPORTED",
    scope_config_setting: "ENABLED",
    opted_out_by_customer: false,
  });
  return {
    id: details.id,
    tool: { id: connector.slug, label: connector.name, internal_label: null, logo_url: "", icon_url: "" },
    category: "ATS",
    status: details.status,
    setup_status: details.setup_status,
    settings: details.settings,
    end_user: details.end_user,
    scope_config: { id: "default", name: null },
    data_expired_at: null,
    created_at: details.created_at,
    beta: false,
    read_models: details.read_models.map((m) => ({
      id: WEBHOOK_MODEL_NAMES[m.id as ModelKey] ?? m.id,
      label: label(m.id),
      is_available: true,
      coverage_status: "SUPPORTED",
      scope_config_setting: "ENABLED",
      opted_out_by_customer: false,
      fields: m.fields.map(field),
      // atsync's own: how far the model's sync has come (complete, window covered so far).
      sync: m.sync,
    })),
    write_actions: details.write_actions.map((a) => ({
      id: `ats_${a.id}`,
      label: label(a.id),
      is_available: a.is_available,
      coverage_status: a.is_available ? "SUPPORTED" : "UNSUPPORTED",
      scope_config_setting: "ENABLED",
      opted_out_by_customer: false,
      fields: [],
    })),
  };
}

/** Kombo's coverage of a tool (`GET /tools/{category}`), from the connector's declared coverage. */
function komboCoverage(connector: ConnectorDefinition<unknown>) {
  const status = (supported: boolean) => (supported ? "SUPPORTED" : "UNSUPPORTED");
  return {
    read_models: Object.entries(connector.coverage.models).map(([model, c]) => ({
      id: WEBHOOK_MODEL_NAMES[model as ModelKey] ?? model,
      label: label(model),
      coverage_status: "SUPPORTED",
      fields: (c?.fields ?? []).map((id) => ({ id, coverage_status: "SUPPORTED" })),
    })),
    write_actions: Object.entries(connector.coverage.actions).map(([action, c]) => ({
      id: `ats_${action}`,
      label: label(action),
      coverage_status: status(c?.supported ?? false),
      fields: [],
    })),
    features: [
      { id: "delta_sync", label: "Delta sync", coverage_status: status(connector.capabilities.deltaSync) },
      {
        id: "passthrough",
        label: "Passthrough",
        coverage_status: status(connector.capabilities.passthrough),
      },
    ],
  };
}

/**
 * One tool's entry of `GET /tools/ats`: Kombo's fields (assets, markdown notes, `coverage` with
 * read models, write actions and features) plus atsync's own: `capabilities`, `atsync_coverage`
 * (the connector's coverage with notes), connection guide steps, prerequisites and credential fields.
 */
export function toolEntry(connector: ConnectorDefinition<unknown>) {
  return {
    id: connector.slug,
    label: connector.name,
    internal_label: null,
    assets: { logo_url: "", icon_url: "", icon_black_url: "" },
    paid_api_details_markdown: null,
    fast_track_details_markdown: null,
    partner_only_details_markdown: null,
    connection_guide_url: null,
    coverage: komboCoverage(connector),
    category: "ATS",
    capabilities: connector.capabilities,
    atsync_coverage: connector.coverage,
    connection_guide: connector.connectionGuide,
    prerequisites: connector.prerequisites,
    credentials_schema: schemaFields(connector.credentials, connector.secretPaths),
  };
}
