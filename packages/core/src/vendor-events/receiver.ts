import { gunzipSync } from "node:zlib";
import type { Clock } from "../clock.js";
import { parseConnectorSettings, settingsInCredentials } from "../connector/connector-settings.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import { safeEqual } from "../connector/kit/event-signing.js";
import type { ConnectorRegistry } from "../connector/registry.js";
import type {
  SignedVendorRequest,
  VendorEventAuth,
  VendorEventsDefinition,
} from "../connector/vendor-events.js";
import { AtsyncError, inputInvalid, isAtsyncError } from "../errors.js";
import { parseJsonBody } from "../http/request-body.js";
import type { Logger } from "../logging.js";
import { isModelKey, MODEL_KEYS, type ModelKey } from "../model/common.js";
import { parseCredentials } from "../runtime/integration-runtime.js";
import type { IntegrationRecord } from "../storage/integrations.js";
import type { AtsyncStorage } from "../storage/storage.js";
import { MAX_EVENT_TARGETS, type RefreshTarget } from "../storage/vendor-events.js";
import { authenticateEvent, basicCredentials, EVENT_TOKEN_TTL_S, issueEventToken } from "./event-auth.js";

/** Largest event payload after decompression, in bytes. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** Deepest nesting of arrays and objects in an event payload. */
const MAX_EVENT_DEPTH = 32;

/** One request pushed to the receiver (`POST /vendor-events/{tool}/{routing key}`). */
export interface VendorEventDelivery extends SignedVendorRequest {
  /** The tool slug of the path. */
  tool: string;
  /** The routing key of the path: the integration's id. */
  routingKey: string;
}

/** The receiver's answer to an accepted (or ignored) event. */
export interface VendorEventReceipt {
  /** The event's identity (`VendorEvent.id`). */
  event_id: string;
  /** The vendor's event type. */
  event_type: string;
  /** True when the event was new and its records were queued for a refresh. */
  accepted: boolean;
  /** True when the same event was received before (nothing changed). */
  duplicate: boolean;
  /** Why an authentic, new event changes nothing (no record named, integration not active), or null. */
  ignored: string | null;
  /** How many records of each model were queued for a refresh. */
  refresh: Partial<Record<ModelKey, number>>;
}

/** What the receiver's OAuth token endpoint answers (RFC 6749 §5.1). */
export interface VendorEventToken {
  /** The bearer token. */
  access_token: string;
  /** Always `Bearer`. */
  token_type: "Bearer";
  /** Lifetime in seconds. */
  expires_in: number;
}

/** Where a host tells the vendor to send an integration's events (shown with the integration). */
export interface VendorEventEndpoints {
  /** The receiver URL of the integration (absolute with `publicBaseUrl`, else relative to the API base). */
  url: string;
  /** Its OAuth token endpoint (for the `oauth` sender authentication). */
  token_url: string;
  /** The sender authentication the credentials configure, or null when none is (events are refused). */
  auth_mode: VendorEventAuth["mode"] | null;
}

/** The 401 of a request that does not prove it comes from the integration's vendor. */
function unauthenticated(message: string): AtsyncError {
  return new AtsyncError("PLATFORM.AUTHENTICATION_INVALID", message);
}

/**
 * The vendor-event receiver (docs/architecture.md, decision 23): one endpoint for every
 * integration of a tool, each sender authenticated as its integration's credentials configure
 * (HMAC, Basic or OAuth client credentials), gzip and size limits, the connector's parser,
 * deduplication by event identity and a durable inbox. It answers as soon as the event is stored:
 * the refresh runs afterwards (`requestRefresh`). Nothing is written for a request that fails any
 * check.
 */
export class VendorEventReceiver {
  constructor(
    private readonly storage: AtsyncStorage,
    private readonly connectors: ConnectorRegistry,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly requestRefresh: (integrationId: string) => Promise<void>,
    private readonly url: (path: string) => string,
  ) {}

  /**
   * Receives one pushed event. Throws `PLATFORM.INTEGRATION_NOT_FOUND` (404) for an unknown tool
   * or routing key, `INTEGRATION.ACTION_NOT_AVAILABLE` (400) for a tool without vendor events,
   * `PLATFORM.AUTHENTICATION_INVALID` (401) when the sender's authentication is missing, wrong or
   * not configured, `PLATFORM.INPUT_INVALID` (400) naming what is wrong with the body.
   */
  async receive(delivery: VendorEventDelivery): Promise<VendorEventReceipt> {
    const { connector, events, integration } = await this.resolve(delivery.tool, delivery.routingKey);
    const credentials = await this.credentialsOf(connector, integration);
    const auth = events.auth(credentials);
    if (!auth) {
      throw unauthenticated(
        `Integration ${integration.id} has no vendor-event authentication configured in its credentials`,
      );
    }
    if (
      !authenticateEvent(
        integration.id,
        auth,
        delivery,
        events as VendorEventsDefinition<unknown>,
        this.clock.now(),
      )
    ) {
      this.logger.warn(
        { integrationId: integration.id, mode: auth.mode },
        "vendor event refused: bad authentication",
      );
      throw unauthenticated(
        `The request does not carry valid ${auth.mode} authentication for this integration`,
      );
    }
    const payload = parseJsonBody(decodeBody(delivery), { bytes: MAX_EVENT_BYTES, depth: MAX_EVENT_DEPTH });
    if (payload === null) throw inputInvalid("vendor event", [{ path: "body", message: "is empty" }]);
    const settings = parseConnectorSettings(connector, {
      ...settingsInCredentials(connector, await this.storage.integrations.getCredentials(integration.id)),
      ...integration.settings.connector,
    });
    const event = this.parse(events, payload, { credentials, settings, headers: delivery.headers });
    const targets = this.targetsOf(connector, event.refresh);
    const receipt = (accepted: boolean, duplicate: boolean, ignored: string | null): VendorEventReceipt => ({
      event_id: event.id,
      event_type: event.type,
      accepted,
      duplicate,
      ignored,
      refresh: accepted ? countByModel(targets) : {},
    });
    if (integration.status !== "ACTIVE") return receipt(false, false, `integration is ${integration.status}`);
    const fresh = await this.storage.vendorEvents.accept(integration.id, {
      key: event.id,
      type: event.type,
      received_at: this.clock.now().toISOString(),
      targets,
    });
    if (!fresh) return receipt(false, true, null);
    if (targets.length === 0) return receipt(true, false, "the event names no record atsync stores");
    await this.requestRefresh(integration.id).catch((error: unknown) =>
      // The event is stored: the next refresh request (or `start()`) picks it up.
      this.logger.error({ err: error, integrationId: integration.id }, "queueing a targeted refresh failed"),
    );
    this.logger.debug(
      { integrationId: integration.id, type: event.type, targets: targets.length },
      "vendor event accepted",
    );
    return receipt(true, false, null);
  }

  /**
   * The receiver's OAuth 2.0 token endpoint for the `oauth` sender authentication: the client
   * credentials grant, with the client id and secret in the form body or in `Authorization:
   * Basic`. Throws `PLATFORM.AUTHENTICATION_INVALID` for wrong client credentials or an
   * integration configured otherwise, `PLATFORM.INPUT_INVALID` for another grant type.
   */
  async issueToken(request: VendorEventDelivery): Promise<VendorEventToken> {
    const { connector, events, integration } = await this.resolve(request.tool, request.routingKey);
    const auth = events.auth(await this.credentialsOf(connector, integration));
    if (auth?.mode !== "oauth")
      throw unauthenticated(
        `Integration ${integration.id} is not configured for OAuth sender authentication`,
      );
    const form = tokenForm(request);
    const grant = form.get("grant_type");
    if (grant !== "client_credentials") {
      throw inputInvalid("token request", [{ path: "grant_type", message: "must be client_credentials" }]);
    }
    const basic = basicCredentials(request.headers.get("authorization"));
    const clientId = basic?.user ?? form.get("client_id") ?? "";
    const clientSecret = basic?.password ?? form.get("client_secret") ?? "";
    const idOk = safeEqual(clientId, auth.clientId);
    if (!(safeEqual(clientSecret, auth.clientSecret) && idOk))
      throw unauthenticated("Invalid client credentials");
    return {
      access_token: issueEventToken(integration.id, auth, this.clock.now()),
      token_type: "Bearer",
      expires_in: EVENT_TOKEN_TTL_S,
    };
  }

  /**
   * Where the integration's vendor sends its events and how it must authenticate, or null when
   * its connector has no vendor events.
   */
  async endpoints(integrationId: string): Promise<VendorEventEndpoints | null> {
    const integration = await this.storage.integrations.get(integrationId);
    if (!integration) return null;
    const connector = this.connectors.list().find((c) => c.slug === integration.tool);
    if (!connector?.vendorEvents || connector.capabilities.vendorEvents !== true) return null;
    let mode: VendorEventAuth["mode"] | null = null;
    try {
      mode = connector.vendorEvents.auth(await this.credentialsOf(connector, integration))?.mode ?? null;
    } catch {
      mode = null;
    }
    const segment = (text: string) => encodeURIComponent(text).replaceAll("%3A", ":");
    const path = `/vendor-events/${segment(connector.slug)}/${segment(integration.id)}`;
    return { url: this.url(path), token_url: this.url(`${path}/oauth/token`), auth_mode: mode };
  }

  /** The connector and integration a path names; 404 / 400 as `receive` documents. */
  private async resolve(tool: string, routingKey: string) {
    const connector = this.connectors.list().find((c) => c.slug === tool);
    if (!connector) throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", "No such tool");
    const events = connector.vendorEvents;
    if (!events || connector.capabilities.vendorEvents !== true) {
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        `${connector.name} does not push event notifications; its integrations see changes at their next sync`,
      );
    }
    const integration = routingKey.length <= 200 ? await this.storage.integrations.get(routingKey) : null;
    if (!integration || integration.tool !== connector.slug) {
      throw new AtsyncError(
        "PLATFORM.INTEGRATION_NOT_FOUND",
        `No ${connector.name} integration has this routing key`,
      );
    }
    return { connector, events, integration };
  }

  private async credentialsOf(connector: ConnectorDefinition<unknown>, integration: IntegrationRecord) {
    return parseCredentials(connector, await this.storage.integrations.getCredentials(integration.id));
  }

  /** The connector's reading of the payload; anything but an `AtsyncError` becomes a 400. */
  private parse(
    events: VendorEventsDefinition<unknown>,
    payload: unknown,
    context: { credentials: unknown; settings: unknown; headers: Headers },
  ) {
    try {
      return events.parse(payload, context);
    } catch (error) {
      if (isAtsyncError(error)) throw error;
      throw inputInvalid("vendor event", [{ path: "body", message: "is not an event of this vendor" }]);
    }
  }

  /** The refresh targets of an event: covered models read on their own, deduplicated, at most `MAX_EVENT_TARGETS`. */
  private targetsOf(
    connector: ConnectorDefinition<unknown>,
    refresh: Partial<Record<ModelKey, readonly string[]>>,
  ) {
    const targets: RefreshTarget[] = [];
    for (const [model, ids] of Object.entries(refresh)) {
      const coverage = isModelKey(model) ? connector.coverage.models[model] : undefined;
      if (!isModelKey(model) || coverage === undefined || coverage.fedBy !== undefined) {
        throw new AtsyncError(
          "PLATFORM.UNKNOWN_ERROR",
          `Connector ${connector.slug} names ${model} records to refresh, which it does not read on their own`,
          { kind: "system" },
        );
      }
      for (const remote_id of new Set(ids ?? [])) targets.push({ model, remote_id });
    }
    if (targets.length > MAX_EVENT_TARGETS) {
      throw inputInvalid("vendor event", [
        { path: "body", message: `names more than ${MAX_EVENT_TARGETS} records to refresh` },
      ]);
    }
    return targets.sort((a, b) => MODEL_KEYS.indexOf(a.model) - MODEL_KEYS.indexOf(b.model));
  }
}

/** The payload's text: gunzipped (a `Content-Encoding: gzip` or gzip magic bytes) within `MAX_EVENT_BYTES`. */
function decodeBody(request: SignedVendorRequest): string {
  const { body } = request;
  const encoding = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
  const gzipped = encoding === "gzip" || encoding === "x-gzip" || (body[0] === 0x1f && body[1] === 0x8b);
  if (encoding !== "" && encoding !== "identity" && !gzipped) {
    throw inputInvalid("vendor event", [{ path: "Content-Encoding", message: "must be gzip or identity" }]);
  }
  if (!gzipped) {
    if (body.byteLength > MAX_EVENT_BYTES) throw tooLarge();
    return Buffer.from(body).toString("utf8");
  }
  try {
    return gunzipSync(body, { maxOutputLength: MAX_EVENT_BYTES }).toString("utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw inputInvalid("vendor event", [{ path: "body", message: "is not valid gzip" }]);
  }
}

/** A token request's parameters: a form body, or a JSON object of strings (`Content-Type: …json`). */
function tokenForm(request: SignedVendorRequest): URLSearchParams {
  const text = Buffer.from(request.body).toString("utf8");
  if (!(request.headers.get("content-type") ?? "").toLowerCase().includes("json"))
    return new URLSearchParams(text);
  const parsed = parseJsonBody(text, { bytes: MAX_EVENT_BYTES, depth: 2 });
  const form = new URLSearchParams();
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") form.set(key, value);
  }
  return form;
}

function tooLarge(): AtsyncError {
  return inputInvalid("vendor event", [
    { path: "body", message: `exceeds ${MAX_EVENT_BYTES} bytes after decompression` },
  ]);
}

function countByModel(targets: readonly RefreshTarget[]): Partial<Record<ModelKey, number>> {
  const counts: Partial<Record<ModelKey, number>> = {};
  for (const t of targets) counts[t.model] = (counts[t.model] ?? 0) + 1;
  return counts;
}
