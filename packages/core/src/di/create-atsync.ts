import { container as globalContainer } from "tsyringe";
import { ActionService } from "../actions/action-service.js";
import { ApiKeysApi } from "../api/api-keys.js";
import { type AtsApi, createAtsApi, type KomboReader } from "../api/ats.js";
import { type CustomFieldDefinition, FieldsApi, validateCustomFields } from "../api/fields.js";
import { IntegrationsApi } from "../api/integrations.js";
import { SyncApi } from "../api/sync.js";
import { validateEndpointConfigs, type WebhookEndpointConfig, WebhooksApi } from "../api/webhooks.js";
import { type Clock, systemClock } from "../clock.js";
import type { QuotaSnapshot } from "../connector/budget.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import type { VendorHttpOptions } from "../connector/http.js";
import { ConnectorRegistry } from "../connector/registry.js";
import { AtsyncEvents } from "../events/events.js";
import { createRootLogger, type Logger, type LoggingOptions } from "../logging.js";
import { GuardedFetcher } from "../net/guarded-fetch.js";
import { type PassthroughResponse, PassthroughService } from "../passthrough/passthrough-service.js";
import { ReadService } from "../read/read-service.js";
import { IntegrationRuntimes } from "../runtime/integration-runtimes.js";
import { TOKENS } from "../runtime/tokens.js";
import { InProcessQueue } from "../scheduler/in-process-queue.js";
import type { JobQueue, SyncJob } from "../scheduler/job-queue.js";
import { type SchedulerOptions, SyncScheduler } from "../scheduler/scheduler.js";
import type { ChangePage } from "../storage/change-feed.js";
import type { AtsyncStorage } from "../storage/storage.js";
import type { SyncOutcome } from "../sync/engine.js";
import { VendorEventsApi } from "../vendor-events/api.js";
import { DEFAULT_REFRESH_COALESCE_MS, RefreshRequests } from "../vendor-events/refresh-requests.js";
import {
  InProcessWebhookRunner,
  WebhookDeliverer,
  type WebhookDeliveryRunner,
  type WebhookDeliveryTiming,
} from "../webhooks/delivery.js";

/** Options of `createAtsync`. */
export interface AtsyncOptions {
  /** The storage backend (`@atsync/storage-memory`, `@atsync/storage-postgres`, ...). */
  storage: AtsyncStorage;
  /** Connectors this instance can use. */
  connectors: readonly ConnectorDefinition<unknown>[];
  /** The host's pino logger; omitted → silent. atsync adds its redaction paths (see `createRootLogger`). */
  logger?: Logger;
  /** Where to log when the host has no pino logger; ignored when `logger` is given. */
  logging?: Omit<LoggingOptions, "logger">;
  /** Time source; default the system clock. Tests pass a fake clock. */
  clock?: Clock;
  /** Where syncs are queued; default an `InProcessQueue` (use storage-postgres' queue to share work across processes). */
  queue?: JobQueue;
  /** Scheduling defaults and concurrency. */
  scheduler?: SchedulerOptions;
  /** Timeouts and retries of vendor HTTP calls (defaults: 30 s, 4 retries, 500 ms first backoff). */
  http?: VendorHttpOptions;
  /**
   * Non-public addresses atsync may download caller-supplied URLs (attachment `data_url`s) from,
   * as CIDRs or addresses (e.g. `["127.0.0.1/32"]` for a local file server). Default none: only
   * public unicast addresses (see `GuardedFetcher`). A bad entry makes `createAtsync` throw.
   */
  fetchAllow?: readonly string[];
  /**
   * Webhook endpoints of the host, each receiving Kombo's events (all, or `events`) as signed POSTs
   * from the durable outbox. Registered in storage under ids derived from their URLs when
   * `createAtsync` runs (awaited by `start()`), so every process with this configuration can
   * deliver to them; more can be added at run time (`atsync.webhooks.create`). A bad entry makes
   * `createAtsync` throw.
   */
  webhooks?: readonly WebhookEndpointConfig[];
  /** How webhooks are delivered: timing (see `WebhookDeliveryTiming`), allow-list and runner. */
  webhookDelivery?: WebhookDeliveryOptions;
  /**
   * Absolute URL of this atsync API's base as its users reach it (e.g. `https://ats.example.com/v1`):
   * payload URLs such as `sync-finished`'s `log_url` become absolute. Without it they are paths
   * relative to that base. A bad URL makes `createAtsync` throw.
   */
  publicBaseUrl?: string;
  /**
   * The host's custom fields (Kombo's custom fields): keys records carry in `custom_fields`, each
   * mapped per integration onto an integration field (`atsync.fields.updateCustomField`). A bad
   * entry makes `createAtsync` throw.
   */
  customFields?: readonly CustomFieldDefinition[];
  /** How pushed vendor events (`POST /vendor-events/{tool}/{routing key}`) become targeted refreshes. */
  vendorEvents?: VendorEventsOptions;
}

/** `AtsyncOptions.vendorEvents`. */
export interface VendorEventsOptions {
  /**
   * How long a refresh waits for more events of a burst before it reads (ms): every record named
   * meanwhile is read by that one refresh. Default 500.
   */
  coalesceMs?: number;
}

/** `AtsyncOptions.webhookDelivery`. */
export interface WebhookDeliveryOptions extends WebhookDeliveryTiming {
  /**
   * Non-public addresses webhook endpoints may resolve to, as CIDRs or addresses (the same rules
   * as `fetchAllow`, which is the default). Deliveries to other non-public addresses fail.
   */
  allow?: readonly string[];
  /**
   * Where drains run: default an `InProcessWebhookRunner` (this process, while started); pass
   * the `GraphileWorkerQueue` of `@atsync/storage-postgres` to deliver from every worker.
   */
  runner?: WebhookDeliveryRunner;
}

/**
 * One atsync instance: the host API over a root DI container and one child container per
 * integration (`IntegrationRuntimes`, kept internal).
 */
export interface Atsync {
  /** The storage backend. */
  readonly storage: AtsyncStorage;
  /** Registered connectors. */
  readonly connectors: ConnectorRegistry;
  /** atsync's root logger. */
  readonly logger: Logger;
  /** The clock. */
  readonly clock: Clock;
  /**
   * In-process events: Kombo's webhook events (`data-changed`, `sync-finished`,
   * `integration-state-changed`, `integration-created`, `integration-deleted`,
   * `connection-flow-failed`, each emitted after it was committed to the outbox) and atsync's own
   * `sync-progress` and `webhook-attempt`.
   */
  readonly events: AtsyncEvents;
  /** Webhook endpoints, deliveries, redelivery and the dead-letter. */
  readonly webhooks: WebhooksApi;
  /** Connect, inspect, enable/disable and delete integrations. */
  readonly integrations: IntegrationsApi;
  /** Trigger and inspect syncs. */
  readonly sync: SyncApi;
  /** API keys of the HTTP surface. */
  readonly apiKeys: ApiKeysApi;
  /** Integration fields (discovered vendor fields, passthrough) and custom-field mappings. */
  readonly fields: FieldsApi;
  /** The scheduler (started by `start()`). */
  readonly scheduler: SyncScheduler;
  /**
   * The vendor-event receiver: pushed event notifications (iCIMS) authenticated, deduplicated,
   * stored and turned into targeted refreshes; each integration's receiver URL.
   */
  readonly vendorEvents: VendorEventsApi;
  /** Kombo's unified reads and write actions for one integration. */
  ats(integrationId: string): AtsApi;
  /** Kombo's `POST /passthrough/{tool}/{api}` for one integration. */
  passthrough(integrationId: string, tool: string, api: string, body: unknown): Promise<PassthroughResponse>;
  /** The change feed of an integration after `cursor` (null: from the start). */
  changesSince(integrationId: string, cursor: string | null, limit?: number): Promise<ChangePage>;
  /**
   * The integration's vendor call budget as this process has seen it: calls made here, and the
   * limit, remaining calls and reset the vendor last reported (null when unknown).
   */
  quota(integrationId: string): QuotaSnapshot;
  /**
   * Registers the configured webhook endpoints (if that failed, throws why), starts webhook
   * delivery in this process and the scheduler: plans every ACTIVE integration and runs due syncs.
   */
  start(): Promise<void>;
  /**
   * Stops the scheduler gracefully (running syncs end `cancelled` at their next page, checkpoints
   * kept), then webhook delivery (undelivered events stay in the outbox).
   */
  stop(): Promise<void>;
  /** `stop()`, disposes every integration container, then closes the storage. */
  close(): Promise<void>;
}

/** The runtimes behind each instance, for `@atsync/core/testing`'s `runtimesOf`. */
const RUNTIMES = new WeakMap<Atsync, IntegrationRuntimes>();

/** The per-integration runtimes of an instance `createAtsync` built (test introspection; not host API). */
export function runtimesOf(atsync: Atsync): IntegrationRuntimes {
  const runtimes = RUNTIMES.get(atsync);
  if (!runtimes) throw new TypeError("not an instance createAtsync built");
  return runtimes;
}

/** Builds an atsync instance (docs/architecture.md): root container + per-integration child containers. */
export function createAtsync(options: AtsyncOptions): Atsync {
  const clock = options.clock ?? systemClock;
  const logger = createRootLogger({
    ...options.logging,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const connectors = new ConnectorRegistry(options.connectors);
  const events = new AtsyncEvents(logger, {
    clock,
    ...(options.publicBaseUrl !== undefined ? { publicBaseUrl: options.publicBaseUrl } : {}),
  });
  const { storage } = options;
  const configuredWebhooks = validateEndpointConfigs(options.webhooks ?? []);
  const customFields = validateCustomFields(options.customFields ?? []);

  const root = globalContainer.createChildContainer();
  root.register(TOKENS.Storage, { useValue: storage });
  root.register(TOKENS.RecordStore, { useValue: storage.records });
  root.register(TOKENS.IntegrationStore, { useValue: storage.integrations });
  root.register(TOKENS.SyncStateStore, { useValue: storage.syncState });
  root.register(TOKENS.ChangeFeed, { useValue: storage.changeFeed });
  root.register(TOKENS.ActionLedger, { useValue: storage.actionLedger });
  root.register(TOKENS.ApiKeyStore, { useValue: storage.apiKeys });
  root.register(TOKENS.ConnectorRegistry, { useValue: connectors });
  root.register(TOKENS.Clock, { useValue: clock });
  root.register(TOKENS.Logger, { useValue: logger });
  root.register(TOKENS.Events, { useValue: events });
  root.register(TOKENS.VendorHttpOptions, { useValue: options.http ?? {} });

  const runtimes = new IntegrationRuntimes(root, logger, clock);
  root.register(IntegrationRuntimes, { useValue: runtimes });
  const runtimeOf = (integrationId: string) => runtimes.runtime(integrationId);
  const releaseIntegration = (integrationId: string) => runtimes.release(integrationId);
  const runSync = (job: SyncJob, signal: AbortSignal): Promise<SyncOutcome> => runtimes.run(job, signal);

  const queue = options.queue ?? new InProcessQueue(clock, logger);
  const refreshHere = (integrationId: string, signal: AbortSignal, started?: () => void) =>
    runtimes.refresh(integrationId, signal, started);
  const scheduler = new SyncScheduler(
    storage,
    queue,
    runSync,
    clock,
    events,
    logger,
    options.scheduler,
    async (integrationId, signal) => {
      await refreshHere(integrationId, signal);
    },
  );
  const refreshes = new RefreshRequests(
    queue,
    (integrationId, signal, started) => refreshHere(integrationId, signal, started),
    clock,
    logger.child({ component: "vendor-events" }),
    options.vendorEvents?.coalesceMs ?? DEFAULT_REFRESH_COALESCE_MS,
  );
  const vendorEvents = new VendorEventsApi(
    storage,
    connectors,
    clock,
    logger.child({ component: "vendor-events" }),
    refreshes,
    (path) => events.url(path),
  );
  const reader: KomboReader = new ReadService(storage.records);
  // Downloads of caller-supplied file URLs (attachments, multipart passthrough files).
  const fileFetcher = new GuardedFetcher({ allow: options.fetchAllow ?? [] });
  const actions = new ActionService(
    storage,
    clock,
    runtimeOf,
    (id, resource, recordId) => reader.get(id, resource, recordId),
    fileFetcher,
    events,
  );
  const {
    runner: webhookRunner = new InProcessWebhookRunner(clock, logger),
    allow,
    ...timing
  } = options.webhookDelivery ?? {};
  const wake = () => void webhookRunner.wakeDelivery();
  events.onPublished(wake);
  const deliverer = new WebhookDeliverer(
    storage.webhooks,
    new GuardedFetcher({ allow: allow ?? options.fetchAllow ?? [], timeoutMs: timing.timeoutMs ?? 10_000 }),
    events,
    clock,
    logger.child({ component: "webhooks" }),
    timing,
  );
  const webhooks = new WebhooksApi(storage.webhooks, clock, wake);
  webhooks
    .register(configuredWebhooks)
    .catch((error: unknown) =>
      logger.error({ err: error }, "registering the configured webhook endpoints failed"),
    );
  const passthrough = new PassthroughService(storage.integrations, runtimeOf, fileFetcher);
  const integrations = new IntegrationsApi(
    storage,
    connectors,
    clock,
    events,
    scheduler,
    runtimeOf,
    releaseIntegration,
  );
  const sync = new SyncApi(storage, scheduler, queue, clock, runSync);

  const atsync: Atsync = {
    storage,
    connectors,
    logger,
    clock,
    events,
    webhooks,
    integrations,
    sync,
    apiKeys: new ApiKeysApi(storage.apiKeys, clock),
    fields: new FieldsApi(storage, customFields),
    scheduler,
    vendorEvents,
    ats: (integrationId) => createAtsApi(integrationId, storage.integrations, connectors, reader, actions),
    passthrough: (integrationId, tool, api, body) => passthrough.forward(integrationId, tool, api, body),
    changesSince: (integrationId, cursor, limit) =>
      storage.changeFeed.changesSince(integrationId, cursor, limit),
    quota: (integrationId) => runtimes.quota(integrationId),
    async start() {
      await webhooks.registered();
      await webhookRunner.startDelivery(deliverer.drain);
      await scheduler.start();
      await vendorEvents.resume();
    },
    async stop() {
      await scheduler.stop();
      await refreshes.stop();
      await webhookRunner.stopDelivery();
    },
    async close() {
      await scheduler.stop();
      await refreshes.stop();
      await webhookRunner.stopDelivery();
      await runtimes.releaseAll();
      await storage.close();
    },
  };
  RUNTIMES.set(atsync, runtimes);
  return atsync;
}
