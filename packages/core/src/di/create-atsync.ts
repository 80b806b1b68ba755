import { type DependencyContainer, container as globalContainer, Lifecycle } from "tsyringe";
import { type Clock, systemClock } from "../clock.js";
import { CallBudget } from "../connector/budget.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import { ConnectorRegistry } from "../connector/registry.js";
import { createRootLogger, type Logger, type LoggingOptions } from "../logging.js";
import type { AtsyncStorage } from "../storage/storage.js";
import { IntegrationRuntime } from "./integration-runtime.js";
import { TOKENS } from "./tokens.js";

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
}

/** One atsync instance: a root DI container and one child container per integration. */
export interface Atsync {
  /** The root container (storage ports, registry, clock, root logger). */
  readonly container: DependencyContainer;
  /** The storage backend. */
  readonly storage: AtsyncStorage;
  /** Registered connectors. */
  readonly connectors: ConnectorRegistry;
  /** atsync's root logger. */
  readonly logger: Logger;
  /** The clock. */
  readonly clock: Clock;
  /**
   * The child container of an integration (created on first use, then reused): it resolves
   * `TOKENS.IntegrationId`, a `TOKENS.Logger` bound to the integration, the integration's
   * `TOKENS.QuotaBudget` and its `IntegrationRuntime`. Does not check that the integration exists.
   */
  integrationContainer(integrationId: string): DependencyContainer;
  /** Disposes an integration's container (closing its session); the next use creates a fresh one. */
  releaseIntegration(integrationId: string): Promise<void>;
  /** Disposes every integration container, then closes the storage. */
  close(): Promise<void>;
}

/** Builds an atsync instance (DESIGN.md §4): root container + per-integration child containers. */
export function createAtsync(options: AtsyncOptions): Atsync {
  const clock = options.clock ?? systemClock;
  const logger = createRootLogger({
    ...options.logging,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const connectors = new ConnectorRegistry(options.connectors);
  const { storage } = options;

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

  const children = new Map<string, DependencyContainer>();

  const integrationContainer = (integrationId: string): DependencyContainer => {
    let child = children.get(integrationId);
    if (!child) {
      child = root.createChildContainer();
      child.register(TOKENS.IntegrationId, { useValue: integrationId });
      child.register(TOKENS.Logger, { useValue: logger.child({ integrationId }) });
      child.register(TOKENS.QuotaBudget, { useValue: new CallBudget(clock) });
      child.register(
        IntegrationRuntime,
        { useClass: IntegrationRuntime },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      children.set(integrationId, child);
    }
    return child;
  };

  const releaseIntegration = async (integrationId: string): Promise<void> => {
    const child = children.get(integrationId);
    children.delete(integrationId);
    await child?.dispose();
  };

  return {
    container: root,
    storage,
    connectors,
    logger,
    clock,
    integrationContainer,
    releaseIntegration,
    async close() {
      await Promise.all([...children.keys()].map(releaseIntegration));
      await storage.close();
    },
  };
}
