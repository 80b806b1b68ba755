import { createHash } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock.js";
import { inputInvalid, parseInput } from "../errors.js";
import { WEBHOOK_EVENT_TYPES } from "../events/events.js";
import type {
  DeliveryPage,
  DeliveryQuery,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
  WebhookOutbox,
} from "../storage/webhooks.js";
import { webhookId } from "../webhooks/delivery.js";

/** A webhook endpoint as the host configures it (`createAtsync({ webhooks })`, `POST /webhooks/endpoints`). */
export interface WebhookEndpointConfig {
  /** Where deliveries are POSTed, exactly as given: an absolute http(s) URL without credentials. */
  url: string;
  /** Signing secret of `X-Kombo-Signature` (at least 16 characters). Stored encrypted, never shown. */
  secret: string;
  /** Kombo event types to deliver (`data-changed`, `sync-finished`, …); omitted: all. */
  events?: readonly WebhookEventType[];
}

/** What `create` accepts, checked before anything is stored (documented as the body of `POST /webhooks/endpoints`). */
export const EndpointConfigSchema = z.strictObject({
  url: z.string().refine(isWebhookUrl, { error: "must be an absolute http(s) URL without credentials" }),
  secret: z.string().min(16, { error: "must be at least 16 characters" }).max(1000),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}` }))
    .optional(),
});

function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    return false;
  }
}

const DeliveryQuerySchema = z.strictObject({
  endpoint_id: z.string().optional(),
  status: z.enum(["pending", "delivered", "dead"]).optional(),
  event_id: z.string().optional(),
  integration_id: z.string().optional(),
  limit: z.number().int().min(1).max(250).optional(),
  cursor: z.string().nullable().optional(),
});

/**
 * Webhook endpoints and their deliveries (`atsync.webhooks`): what the management routes serve.
 * Secrets go in and are never returned. Changes wake delivery.
 */
export class WebhooksApi {
  private registration: Promise<void> = Promise.resolve();

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly clock: Clock,
    private readonly wake: () => void,
  ) {}

  /**
   * Creates an endpoint (`PLATFORM.INPUT_INVALID` naming each bad field). With `id` (the
   * configured endpoints of `createAtsync`) an existing endpoint gets the new URL, events and
   * secret and keeps its disabled state.
   */
  async create(config: WebhookEndpointConfig, id = webhookId("whk")): Promise<WebhookEndpoint> {
    const parsed = parseInput(EndpointConfigSchema, config, "webhook endpoint");
    return this.outbox.putEndpoint(
      {
        id,
        url: parsed.url,
        events: parsed.events ? [...new Set(parsed.events)] : null,
        created_at: this.now(),
        disabled_at: null,
        disabled_reason: null,
      },
      parsed.secret,
    );
  }

  /**
   * Registers the host's configured endpoints under ids derived from their URLs (`whk_cfg_…`),
   * so every process with the same configuration names them alike. Throws
   * `PLATFORM.INPUT_INVALID` for a bad entry or a URL given twice.
   */
  async configure(configs: readonly WebhookEndpointConfig[]): Promise<WebhookEndpoint[]> {
    validateEndpointConfigs(configs);
    const out: WebhookEndpoint[] = [];
    for (const config of configs) out.push(await this.create(config, configuredEndpointId(config.url)));
    return out;
  }

  /**
   * Starts registering the host's configured endpoints (`configure`) in the background;
   * `registered()` waits for it. Used by `createAtsync`.
   */
  register(configs: readonly WebhookEndpointConfig[]): Promise<void> {
    this.registration = this.configure(configs).then(() => undefined);
    return this.registration;
  }

  /** Resolves once the endpoints given to `register` are stored; rejects with why they could not be. */
  registered(): Promise<void> {
    return this.registration;
  }

  /** Every endpoint, oldest first, without secrets. */
  list(): Promise<WebhookEndpoint[]> {
    return this.outbox.listEndpoints();
  }

  /** Deletes an endpoint and its deliveries; false when it did not exist. */
  delete(id: string): Promise<boolean> {
    return this.outbox.deleteEndpoint(id);
  }

  /** Re-enables an endpoint disabled by a 410; its pending deliveries resume. Null when it does not exist. */
  async enable(id: string): Promise<WebhookEndpoint | null> {
    const endpoint = await this.outbox.setEndpointDisabled(id, null);
    this.wake();
    return endpoint;
  }

  /** Deliveries, newest first (`PLATFORM.INPUT_INVALID` for a bad filter, limit or cursor). */
  deliveries(query: DeliveryQuery = {}): Promise<DeliveryPage> {
    return this.outbox.listDeliveries(parseInput(DeliveryQuerySchema, query, "delivery query"));
  }

  /** Sends a delivery again (same event id and body), whatever its state; null when it does not exist. */
  async redeliver(id: string): Promise<WebhookDelivery | null> {
    const delivery = await this.outbox.redeliver(id, this.now());
    this.wake();
    return delivery;
  }

  /** Sends every dead delivery again (of one endpoint, when given); returns how many. */
  async replayDead(endpointId?: string): Promise<number> {
    const count = await this.outbox.replayDead(this.now(), endpointId);
    this.wake();
    return count;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/**
 * `configs` when every entry is valid and no URL comes twice; throws `PLATFORM.INPUT_INVALID`
 * naming the entry (`webhooks.<i>.<field>`) otherwise, never echoing a secret.
 */
export function validateEndpointConfigs(
  configs: readonly WebhookEndpointConfig[],
): readonly WebhookEndpointConfig[] {
  const issues: { path: string; message: string }[] = [];
  configs.forEach((config, i) => {
    const parsed = EndpointConfigSchema.safeParse(config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ["webhooks", i, ...issue.path].map(String).join("."), message: issue.message });
    }
    if (configs.findIndex((c) => c.url === config.url) !== i)
      issues.push({ path: `webhooks.${i}.url`, message: "the same URL is configured twice" });
  });
  if (issues.length > 0) throw inputInvalid("webhooks", issues);
  return configs;
}

/** The id of a configured endpoint: `whk_cfg_` and 24 hex characters of sha256 of its URL. */
export function configuredEndpointId(url: string): string {
  return `whk_cfg_${createHash("sha256").update(url).digest("hex").slice(0, 24)}`;
}
