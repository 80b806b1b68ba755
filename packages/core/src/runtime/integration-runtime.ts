import { inject, injectable } from "tsyringe";
import type { Clock } from "../clock.js";
import type { QuotaBudget } from "../connector/budget.js";
import { parseConnectorSettings, settingsInCredentials } from "../connector/connector-settings.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import { enforceCapabilities } from "../connector/enforce-capabilities.js";
import { createHttpClient, type VendorHttpOptions } from "../connector/http.js";
import type { ConnectorRegistry } from "../connector/registry.js";
import type { ConnectorSession } from "../connector/session.js";
import { AtsyncError, parseInput } from "../errors.js";
import type { Logger } from "../logging.js";
import type { FieldConfigStore } from "../storage/field-config.js";
import type { IntegrationStore } from "../storage/integrations.js";
import { requireIntegration } from "../storage/require-integration.js";
import { TOKENS } from "./tokens.js";

/**
 * One integration's live parts, scoped to its child container: the connector, an open session
 * (created on first use from the stored credentials) and an abort signal for everything it runs.
 * Disposed with the container (`Atsync.releaseIntegration`, `Atsync.close`).
 */
@injectable()
export class IntegrationRuntime {
  private readonly abort = new AbortController();
  private opening: Promise<ConnectorSession> | null = null;

  constructor(
    @inject(TOKENS.IntegrationId) readonly integrationId: string,
    @inject(TOKENS.IntegrationStore) private readonly integrations: IntegrationStore,
    @inject(TOKENS.ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.QuotaBudget) readonly budget: QuotaBudget,
    @inject(TOKENS.VendorHttpOptions) private readonly httpOptions: VendorHttpOptions,
  ) {}

  /** Aborts when the runtime is disposed. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /**
   * The connector of this integration. Throws `PLATFORM.INTEGRATION_NOT_FOUND` when the
   * integration does not exist.
   */
  async connector(): Promise<ConnectorDefinition<unknown>> {
    const integration = await requireIntegration(this.integrations, this.integrationId);
    return this.registry.get(integration.tool);
  }

  /**
   * The open session, created once from the stored credentials and connector settings (parsed
   * with the connector's schemas; a mismatch throws `PLATFORM.INPUT_INVALID` naming the fields,
   * never their values). Settings kept in older stored credentials still apply, under
   * `settings.connector` (`settingsInCredentials`).
   */
  session(): Promise<ConnectorSession> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }

  /**
   * Registers in `fields` the vendor fields a session describes without records
   * (`ConnectorSession.describeFields`), on a session opened for it; logs a failure and registers
   * nothing then. Returns how many fields were new.
   */
  async discoverFields(fields: FieldConfigStore): Promise<number> {
    try {
      // A session of its own, closed after: the runtime's session opens when first needed, from
      // the credentials and settings stored then.
      const session = await this.open();
      try {
        if (!session.describeFields) return 0;
        return await fields.discover(
          this.integrationId,
          await session.describeFields({ signal: this.signal }),
        );
      } finally {
        await session.close?.();
      }
    } catch (error) {
      this.logger.warn(
        { integrationId: this.integrationId, err: error },
        "vendor fields not described; the first sync discovers them",
      );
      return 0;
    }
  }

  /** Drops the open session so the next `session()` re-reads credentials and settings (after they change). */
  async reset(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const session = await opening?.catch(() => null);
    await session?.close?.();
  }

  /** Called by tsyringe when the integration container is disposed. */
  async dispose(): Promise<void> {
    this.abort.abort(
      new AtsyncError("INTEGRATION.INACTIVE", `Integration ${this.integrationId} was released`),
    );
    await this.reset();
  }

  /**
   * Checks credentials against the vendor with a throwaway session (nothing is stored), opened
   * with `settings` (parsed connector settings, see `parseConnectorSettings`). Throws
   * `PLATFORM.INPUT_INVALID` when they do not fit the connector's schema, the vendor's error
   * (e.g. `INTEGRATION.AUTHENTICATION_INVALID`) when `check()` fails.
   */
  async checkCredentials(
    connector: ConnectorDefinition<unknown>,
    credentials: unknown,
    settings: unknown,
  ): Promise<void> {
    const session = this.connect(connector, credentials, settings);
    try {
      await session.check();
    } finally {
      await session.close?.();
    }
  }

  private async open(): Promise<ConnectorSession> {
    const integration = await requireIntegration(this.integrations, this.integrationId);
    const connector = this.registry.get(integration.tool);
    const credentials = await this.integrations.getCredentials(this.integrationId);
    const settings = parseConnectorSettings(connector, {
      ...settingsInCredentials(connector, credentials),
      ...integration.settings.connector,
    });
    return this.connect(connector, credentials, settings);
  }

  private connect(
    connector: ConnectorDefinition<unknown>,
    credentials: unknown,
    settings: unknown,
  ): ConnectorSession {
    const logger = this.logger.child({ connector: connector.slug });
    const http = createHttpClient({
      ...this.httpOptions,
      logger,
      budget: this.budget,
      clock: this.clock,
      signal: this.abort.signal,
    });
    const ctx = {
      integrationId: this.integrationId,
      http,
      logger,
      clock: this.clock,
      signal: this.abort.signal,
      budget: this.budget,
    };
    return enforceCapabilities(
      connector,
      connector.connect(ctx, parseCredentials(connector, credentials), settings),
    );
  }
}

/**
 * Parses credentials with the connector's schema; throws `PLATFORM.INPUT_INVALID` naming each bad
 * field (never its value).
 */
export function parseCredentials(connector: ConnectorDefinition<unknown>, credentials: unknown): unknown {
  return parseInput(connector.credentials, credentials, "credentials");
}
