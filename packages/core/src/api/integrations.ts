import type { Clock } from "../clock.js";
import { mergeConnectorSettings, parseConnectorSettings } from "../connector/connector-settings.js";
import type { ActionCoverage, ConnectorDefinition, ModelCoverage } from "../connector/definition.js";
import type { ConnectorRegistry } from "../connector/registry.js";
import {
  type AtsyncEvents,
  connectionFlowFailed,
  integrationCreated,
  integrationDeleted,
  integrationStateChanged,
} from "../events/events.js";
import { newIntegrationId } from "../ids.js";
import type { ModelKey } from "../model/common.js";
import { type IntegrationRuntime, parseCredentials } from "../runtime/integration-runtime.js";
import type { SyncScheduler } from "../scheduler/scheduler.js";
import {
  type EndUser,
  type IntegrationRecord,
  type IntegrationSettings,
  parseIntegrationSettings,
} from "../storage/integrations.js";
import { requireIntegration } from "../storage/require-integration.js";
import type { AtsyncStorage } from "../storage/storage.js";
import { modelStream, parseModelState } from "../sync/model-state.js";
import { coveredSince } from "../sync/read-windows.js";

/** What a host passes to connect a customer's vendor account. */
export interface ConnectIntegrationInput {
  /** Connector slug (`icims`). */
  tool: string;
  /** Credentials, validated with the connector's schema and checked against the vendor. */
  credentials: unknown;
  /** Owner on the host's side; `organization_name` defaults to the tool name. */
  end_user?: Partial<EndUser>;
  /** Settings (see `IntegrationSettings`; checked with `IntegrationSettingsSchema`). */
  settings?: IntegrationSettings;
}

/** An integration with what its connector covers (Kombo's `GET /integrations/{id}` content). */
export interface IntegrationDetails extends IntegrationRecord {
  /** Always `ATS` for now. */
  category: "ATS";
  /** Read models: their covered fields and how far their sync has come. */
  read_models: { id: string; fields: readonly string[]; notes: string | null; sync: ModelSyncStatus }[];
  /** Write actions and whether they are supported. */
  write_actions: { id: string; is_available: boolean; notes: string | null }[];
}

/** How far the sync of one model of an integration has come (read from its sync state). */
export interface ModelSyncStatus {
  /** True once a full read of the model has completed; later reads only refresh what is stored. */
  complete: boolean;
  /**
   * While a full read taken newest first is under way (`ModelCoverage.windowedRead`): every record
   * changed from this time (ISO) up to the read's start is stored; older ones are still being
   * read. Null when no such read is under way.
   */
  covered_since: string | null;
  /** Start (ISO) of the model's last completed read: stored records are at least that fresh; null before the first. */
  synced_at: string | null;
}

/** Host-facing management of integrations (`atsync.integrations`). */
export class IntegrationsApi {
  constructor(
    private readonly storage: AtsyncStorage,
    private readonly connectors: ConnectorRegistry,
    private readonly clock: Clock,
    private readonly events: AtsyncEvents,
    private readonly scheduler: SyncScheduler,
    private readonly runtimeOf: (integrationId: string) => IntegrationRuntime,
    private readonly release: (integrationId: string) => Promise<void>,
  ) {}

  /**
   * Connects an account: validates the credentials (`PLATFORM.INPUT_INVALID` naming each bad
   * field), checks them against the vendor (its error is thrown and nothing is stored), stores
   * the integration with encrypted credentials, registers the integration fields the vendor
   * describes up front (`ConnectorSession.describeFields`, so custom fields can be mapped before
   * the first sync) and queues its first full sync (the scheduler runs
   * it, or `sync.runNow(id, "full")` takes it and runs it in place). Reads answer
   * `INTEGRATION.SETUP_SYNC_PENDING` until that sync has completed setup (at its end, or once the
   * newest records of a large tenant are stored: docs/architecture.md, decision 22). Invalid settings are refused
   * with `PLATFORM.INPUT_INVALID` (naming each member and its range) before the vendor is called.
   * A stored integration sends `integration-created` (committed with it); credentials refused by
   * their schema or by the vendor send `connection-flow-failed`.
   */
  async connect(input: ConnectIntegrationInput): Promise<IntegrationDetails> {
    const connector = this.connectors.get(input.tool);
    const settings = parseIntegrationSettings(input.settings ?? {});
    const connectorSettings = parseConnectorSettings(connector, settings.connector);
    const endUser: EndUser = {
      organization_name: input.end_user?.organization_name ?? connector.name,
      creator_email: input.end_user?.creator_email ?? null,
      origin_id: input.end_user?.origin_id ?? null,
    };
    const id = newIntegrationId(connector.slug);
    let credentials: Record<string, unknown>;
    try {
      credentials = parseCredentials(connector, input.credentials) as Record<string, unknown>;
      await this.runtimeOf(id).checkCredentials(connector, credentials, connectorSettings);
    } catch (error) {
      const failed = this.events.toOutbox(
        connectionFlowFailed(connector.slug, endUser, this.events.url("/tools/ats")),
      );
      await this.storage.webhooks.append([failed]);
      this.events.published([failed]);
      throw error;
    }
    const now = this.now();
    const record: IntegrationRecord = {
      id,
      tool: connector.slug,
      status: "ACTIVE",
      setup_status: "FINAL_SYNC_PENDING",
      end_user: endUser,
      settings,
      created_at: now,
      updated_at: now,
    };
    await this.events.commit(
      (created: IntegrationRecord) => [integrationCreated(created)],
      (events) => this.storage.integrations.create(record, credentials, events),
    );
    // Fields the vendor describes up front can be mapped before the first sync fills them.
    await this.runtimeOf(id).discoverFields(this.storage.fields);
    await this.scheduler.forceSync(id, "full");
    return this.details(record, connector);
  }

  /** The integration with its coverage; throws `PLATFORM.INTEGRATION_NOT_FOUND` when absent. */
  async get(integrationId: string): Promise<IntegrationDetails> {
    const record = await this.require(integrationId);
    return this.details(record, this.connectors.get(record.tool));
  }

  /** Every integration, oldest first. */
  async list(): Promise<IntegrationDetails[]> {
    const records = await this.storage.integrations.list();
    return Promise.all(records.map((r) => this.details(r, this.connectors.get(r.tool))));
  }

  /**
   * Replaces the credentials after checking them against the vendor; an INVALID integration
   * becomes ACTIVE again and is scheduled.
   */
  async updateCredentials(integrationId: string, credentials: unknown): Promise<IntegrationDetails> {
    const record = await this.require(integrationId);
    const connector = this.connectors.get(record.tool);
    const parsed = parseCredentials(connector, credentials) as Record<string, unknown>;
    const runtime = this.runtimeOf(integrationId);
    await runtime.checkCredentials(
      connector,
      parsed,
      parseConnectorSettings(connector, record.settings.connector),
    );
    await this.storage.integrations.setCredentials(integrationId, parsed, this.now());
    await runtime.reset();
    if (record.status === "INVALID") return this.setStatus(record, "ACTIVE");
    return this.get(integrationId);
  }

  /**
   * Merges settings member by member, `connector` too (a connector setting set to null returns to
   * its default), without touching the credentials; the next vendor call uses the new connector
   * settings. Throws `PLATFORM.INPUT_INVALID` naming each bad member and its allowed range (see
   * `IntegrationSettings` and the connector's `settings` schema), changing nothing.
   */
  async updateSettings(integrationId: string, settings: IntegrationSettings): Promise<IntegrationDetails> {
    const parsed = parseIntegrationSettings(settings);
    const record = await this.require(integrationId);
    const connector = this.connectors.get(record.tool);
    if (parsed.connector !== undefined) {
      parsed.connector = mergeConnectorSettings(record.settings.connector, parsed.connector);
      parseConnectorSettings(connector, parsed.connector);
    }
    const updated = await this.storage.integrations.update(integrationId, { settings: parsed }, this.now());
    if (parsed.connector !== undefined) await this.runtimeOf(integrationId).reset();
    return this.details(updated, connector);
  }

  /**
   * Kombo's `PUT /integrations/{id}/enabled`: disabling stops scheduling (status INACTIVE);
   * enabling makes it ACTIVE and schedules it. An INVALID integration stays INVALID until its
   * credentials are replaced.
   */
  async setEnabled(integrationId: string, enabled: boolean): Promise<IntegrationDetails> {
    const record = await this.require(integrationId);
    if (enabled && record.status === "INACTIVE") return this.setStatus(record, "ACTIVE");
    if (!enabled && record.status !== "INACTIVE") return this.setStatus(record, "INACTIVE");
    return this.details(record, this.connectors.get(record.tool));
  }

  /**
   * Deletes the integration and all its data, sending `integration-deleted` (committed with the
   * deletion); returns false when it did not exist.
   */
  async delete(integrationId: string): Promise<boolean> {
    await this.scheduler.unschedule(integrationId);
    await this.release(integrationId);
    return this.events.commit(
      (deleted: IntegrationRecord) => [integrationDeleted(deleted, this.now())],
      (events) => this.storage.integrations.delete(integrationId, events),
    );
  }

  private async setStatus(
    record: IntegrationRecord,
    status: IntegrationRecord["status"],
  ): Promise<IntegrationDetails> {
    const updated = await this.events.commit(
      (u: IntegrationRecord) => [integrationStateChanged(u)],
      (events) => this.storage.integrations.update(record.id, { status }, this.now(), events),
    );
    if (status === "ACTIVE") await this.scheduler.plan(record.id);
    else await this.scheduler.unschedule(record.id);
    return this.details(updated, this.connectors.get(updated.tool));
  }

  private require(integrationId: string): Promise<IntegrationRecord> {
    return requireIntegration(this.storage.integrations, integrationId);
  }

  private async details(
    record: IntegrationRecord,
    connector: ConnectorDefinition<unknown>,
  ): Promise<IntegrationDetails> {
    const models = Object.entries(connector.coverage.models) as [ModelKey, ModelCoverage][];
    const actions = Object.entries(connector.coverage.actions) as [string, ActionCoverage][];
    const read_models = await Promise.all(
      models.map(async ([id, c]) => ({
        id,
        fields: c.fields,
        notes: c.notes ?? null,
        // A fed model is read with its feeder: the feeder's state is its own.
        sync: await this.syncStatus(record.id, c.fedBy ?? id),
      })),
    );
    return {
      ...record,
      category: "ATS",
      read_models,
      write_actions: actions.map(([id, c]) => ({ id, is_available: c.supported, notes: c.notes ?? null })),
    };
  }

  /** How far the sync of `model` has come (`ModelSyncStatus`), from its stored sync state. */
  private async syncStatus(integrationId: string, model: ModelKey): Promise<ModelSyncStatus> {
    const state = parseModelState(
      await this.storage.syncState.getCheckpoint(integrationId, modelStream(model)),
    );
    const window = state.inProgress?.window;
    return {
      complete: state.watermark !== null,
      covered_since: window ? coveredSince(window) : null,
      synced_at: state.watermark,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
