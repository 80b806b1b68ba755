import { createHash, randomBytes } from "node:crypto";
import type { IntegrationDetails } from "../api/integrations.js";
import { parseConnectorSettings } from "../connector/connector-settings.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import type { Atsync } from "../di/create-atsync.js";
import { AtsyncError, inputInvalid } from "../errors.js";
import { parseCredentials } from "../runtime/integration-runtime.js";
import type { ConnectLinkKind, ConnectLinkRecord } from "../storage/connect-links.js";
import type { EndUser, IntegrationRecord, IntegrationSettings } from "../storage/integrations.js";
import { parseIntegrationSettings } from "../storage/integrations.js";
import { requireIntegration } from "../storage/require-integration.js";

/** Default lifetime of a link: 7 days, like Kombo's. */
export const DEFAULT_CONNECT_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** How long a link is kept after it expired (a completed connect link answers its integration until then). */
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Options of `ConnectLinksApi`. */
export interface ConnectLinksOptions {
  /** Lifetime of a new link in milliseconds, 1 minute to 90 days; default `DEFAULT_CONNECT_LINK_TTL_MS`. */
  ttlMs?: number;
}

/** A new link: the token to put into the link's URL (shown once, stored only as a hash) and its expiry. */
export interface IssuedLink {
  /** The secret token. */
  token: string;
  /** ISO timestamp after which the link can no longer be used. */
  expires_at: string;
}

/** Why a link cannot be used (see `ConnectLinksApi.problem`). */
export type LinkProblem = "unknown" | "expired" | "used";

/** The SHA-256 (hex) of a token: what storage holds instead of it. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The connect flow of atsync: links (connect, relink, setup) that let an end user connect or
 * repair an integration on a page atsync serves, without the host handling credentials. A link's
 * token is random, stored hashed, expires (`ttlMs`) and is single-use: completing a flow claims it
 * first, and a failed attempt (the vendor refused the credentials) reopens it.
 */
export class ConnectLinksApi {
  private readonly ttlMs: number;

  /** Throws `PLATFORM.INPUT_INVALID` naming `ttlMs` when it is out of range. */
  constructor(
    private readonly atsync: Atsync,
    options: ConnectLinksOptions = {},
  ) {
    const ttl = options.ttlMs ?? DEFAULT_CONNECT_LINK_TTL_MS;
    if (!Number.isInteger(ttl) || ttl < 60_000 || ttl > 90 * 24 * 60 * 60 * 1000) {
      throw inputInvalid("connect link options", [
        { path: "ttlMs", message: "must be an integer from 60000 (1 minute) to 7776000000 (90 days)" },
      ]);
    }
    this.ttlMs = ttl;
  }

  /**
   * A link connecting a new integration for `endUser` (its owner once created) with `tool`, or
   * with a connector the end user picks when `tool` is null. Throws `PLATFORM.INPUT_INVALID`
   * naming `integration_tool` for an unknown tool.
   */
  async createConnectLink(tool: string | null, endUser: EndUser): Promise<IssuedLink> {
    if (tool !== null && !this.atsync.connectors.list().some((c) => c.slug === tool)) {
      throw inputInvalid("connect link request", [
        { path: "integration_tool", message: `no connector "${tool}" is registered` },
      ]);
    }
    return this.issue("connect", tool, null, endUser);
  }

  /**
   * A link replacing the credentials of an existing integration (it keeps its id), or editing its
   * settings (`kind` `setup`). Throws `PLATFORM.INTEGRATION_NOT_FOUND` when it does not exist.
   */
  async createIntegrationLink(integrationId: string, kind: "relink" | "setup"): Promise<IssuedLink> {
    const integration = await requireIntegration(this.atsync.storage.integrations, integrationId);
    return this.issue(kind, integration.tool, integration.id, integration.end_user);
  }

  /** The link of `token`, or null when there is none. */
  find(token: string): Promise<ConnectLinkRecord | null> {
    return this.atsync.storage.connectLinks.get(hashLinkToken(token));
  }

  /** Why `link` cannot be used now, or null when it can. */
  problem(link: ConnectLinkRecord | null): LinkProblem | null {
    if (!link) return "unknown";
    if (link.used_at !== null) return "used";
    if (Date.parse(link.expires_at) <= this.atsync.clock.now().getTime()) return "expired";
    return null;
  }

  /**
   * The integration a link's flow created or edited. Throws `PLATFORM.INPUT_INVALID` naming
   * `token` for an unknown (or pruned) token, and `PLATFORM.INTEGRATION_NOT_FOUND` while the flow
   * is not completed or after the integration was deleted.
   */
  async integrationByToken(token: string): Promise<IntegrationRecord> {
    const link = await this.find(token);
    if (!link) throw inputInvalid("request", [{ path: "token", message: "no connect link has this token" }]);
    if (link.used_at === null || link.integration_id === null) {
      throw new AtsyncError(
        "PLATFORM.INTEGRATION_NOT_FOUND",
        "The connection flow of this link has not been completed yet",
      );
    }
    return requireIntegration(this.atsync.storage.integrations, link.integration_id);
  }

  /**
   * Completes a connect or relink link with credentials for `tool` and, when the form had any,
   * connector settings (`IntegrationSettings.connector`; on a relink merged into the current ones
   * once the credentials are accepted). Checks both against the connector's schemas first
   * (`PLATFORM.INPUT_INVALID` naming each field, link left open), claims
   * the link (single use), then connects a new integration for the link's end user (which sends
   * `integration-created`, or `connection-flow-failed` when the vendor refuses) or replaces the
   * linked integration's credentials after the vendor accepted them. When the vendor refuses, its
   * error is thrown and the link is reopened for another attempt.
   */
  async submitCredentials(
    token: string,
    tool: string,
    credentials: unknown,
    connectorSettings: Record<string, unknown> | null = null,
  ): Promise<IntegrationDetails> {
    const link = await this.usable(token, ["connect", "relink"]);
    if (link.tool !== null && link.tool !== tool) {
      throw inputInvalid("connect form", [{ path: "tool", message: `this link connects ${link.tool}` }]);
    }
    const connector = this.connector(tool);
    parseCredentials(connector, credentials);
    if (connectorSettings) parseConnectorSettings(connector, connectorSettings);
    return this.claimed(link, async () => {
      if (link.kind === "relink") {
        const id = (await this.boundIntegration(link)).id;
        const relinked = await this.atsync.integrations.updateCredentials(id, credentials);
        if (!connectorSettings) return relinked;
        return this.atsync.integrations.updateSettings(id, { connector: connectorSettings });
      }
      const details = await this.atsync.integrations.connect({
        tool: connector.slug,
        credentials,
        end_user: link.end_user,
        ...(connectorSettings ? { settings: { connector: connectorSettings } } : {}),
      });
      await this.atsync.storage.connectLinks.complete(link.token_hash, details.id);
      return details;
    });
  }

  /**
   * Completes a setup link: merges `settings` into the linked integration's settings (checked by
   * `IntegrationSettingsSchema` and, for `connector`, the connector's schema:
   * `PLATFORM.INPUT_INVALID` naming each bad member, link left open).
   */
  async submitSettings(token: string, settings: IntegrationSettings): Promise<IntegrationDetails> {
    const link = await this.usable(token, ["setup"]);
    const parsed = parseIntegrationSettings(settings);
    return this.claimed(link, async () => {
      await this.boundIntegration(link);
      return this.atsync.integrations.updateSettings(link.integration_id as string, parsed);
    });
  }

  /** The connector `tool`, or `PLATFORM.INPUT_INVALID` naming `tool`. */
  connector(tool: string): ConnectorDefinition<unknown> {
    const connector = this.atsync.connectors.list().find((c) => c.slug === tool);
    if (!connector) throw inputInvalid("connect form", [{ path: "tool", message: `no connector "${tool}"` }]);
    return connector;
  }

  private async issue(
    kind: ConnectLinkKind,
    tool: string | null,
    integrationId: string | null,
    endUser: EndUser,
  ): Promise<IssuedLink> {
    const now = this.atsync.clock.now().getTime();
    await this.atsync.storage.connectLinks.prune(new Date(now - RETENTION_MS).toISOString());
    const token = `atcl_${randomBytes(32).toString("base64url")}`;
    const expires = new Date(now + this.ttlMs).toISOString();
    await this.atsync.storage.connectLinks.create({
      token_hash: hashLinkToken(token),
      kind,
      tool,
      integration_id: integrationId,
      end_user: endUser,
      created_at: new Date(now).toISOString(),
      expires_at: expires,
      used_at: null,
    });
    return { token, expires_at: expires };
  }

  /** The link of `token` when it is of one of `kinds` and usable; `PLATFORM.INPUT_INVALID` naming `token` otherwise. */
  private async usable(token: string, kinds: ConnectLinkKind[]): Promise<ConnectLinkRecord> {
    const link = await this.find(token);
    const problem = this.problem(link);
    if (problem) throw inputInvalid("request", [{ path: "token", message: PROBLEM_MESSAGES[problem] }]);
    const open = link as ConnectLinkRecord;
    if (!kinds.includes(open.kind)) {
      throw inputInvalid("request", [{ path: "token", message: `this is a ${open.kind} link` }]);
    }
    return open;
  }

  /** Runs `complete` holding the claim of `link`; reopens the link when `complete` throws. */
  private async claimed<T>(link: ConnectLinkRecord, complete: () => Promise<T>): Promise<T> {
    const at = this.atsync.clock.now().toISOString();
    const store = this.atsync.storage.connectLinks;
    if (!(await store.claim(link.token_hash, at))) {
      throw inputInvalid("request", [{ path: "token", message: PROBLEM_MESSAGES.used }]);
    }
    try {
      return await complete();
    } catch (error) {
      await store.release(link.token_hash, at);
      throw error;
    }
  }

  /** The linked integration, refused when it now belongs to another end user than the link's. */
  private async boundIntegration(link: ConnectLinkRecord): Promise<IntegrationRecord> {
    const integration = await requireIntegration(
      this.atsync.storage.integrations,
      link.integration_id as string,
    );
    if (integration.end_user.origin_id !== link.end_user.origin_id) {
      throw inputInvalid("request", [
        { path: "token", message: "the integration now belongs to another end user" },
      ]);
    }
    return integration;
  }
}

/** What each link problem means to the person holding the link. */
export const PROBLEM_MESSAGES: { readonly [P in LinkProblem]: string } = {
  unknown: "this link is not valid",
  expired: "this link has expired; ask for a new one",
  used: "this link was already used; ask for a new one",
};
