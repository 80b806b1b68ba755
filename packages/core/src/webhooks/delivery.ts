import { createHmac, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "../clock.js";
import { isAtsyncError } from "../errors.js";
import { type AtsyncEvents, dataChanged } from "../events/events.js";
import { toolOfIntegrationId } from "../ids.js";
import type { Logger } from "../logging.js";
import type { ModelKey } from "../model/common.js";
import type { GuardedFetcher } from "../net/guarded-fetch.js";
import type { ClaimedDelivery, DeliveryOutcome, WebhookOutbox } from "../storage/webhooks.js";

/** The header carrying a delivery's signature. */
export const SIGNATURE_HEADER = "X-Kombo-Signature";

/**
 * The `X-Kombo-Signature` value of a body: HMAC-SHA256 keyed with the endpoint's secret over the
 * raw body bytes, base64url without padding. Receivers recompute it over the bytes they received
 * and compare in constant time (`crypto.timingSafeEqual`).
 */
export function signWebhook(secret: string, body: string | Uint8Array): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}

/** Timing of webhook delivery (`createAtsync({ webhookDelivery })`); every member has a default. */
export interface WebhookDeliveryTiming {
  /** Time limit of one attempt, connecting included (ms). Default 10,000. */
  timeoutMs?: number;
  /** Deliveries attempted at once by one drain. Default 8. */
  concurrency?: number;
  /**
   * Delay before the first retry (ms). Later retries wait as long as the failures have lasted so
   * far (at least this), so delays double: 10 s, 10 s, 20 s, 40 s, … capped at `maxRetryDelayMs`,
   * each with jitter (a random 50–100% of it). Default 10,000 (the first retry comes 5–10 s after
   * the failure).
   */
  firstRetryMs?: number;
  /** Longest delay between two attempts, `Retry-After` included (ms). Default 3,600,000 (1 h). */
  maxRetryDelayMs?: number;
  /** A delivery failing for this long since its first failure is given up (dead-letter), ms. Default 24 h. */
  giveUpAfterMs?: number;
  /**
   * Longest time between two drains of a started runner (ms): picks up events whose wake-up was
   * lost (a process died between commit and wake), expired leases and stale change inputs.
   * Default 60,000.
   */
  pollIntervalMs?: number;
  /**
   * `data-changed` inputs pending this long (a run that died before its end flushed them) are
   * sent by the next drain (ms). Default 900,000 (15 min).
   */
  staleChangesMs?: number;
  /** Delivered deliveries are pruned this long after delivery (ms). Default 7 days. */
  retentionMs?: number;
}

/** Defaults of `WebhookDeliveryTiming`. */
export const WEBHOOK_DELIVERY_DEFAULTS: Required<WebhookDeliveryTiming> = {
  timeoutMs: 10_000,
  concurrency: 8,
  firstRetryMs: 10_000,
  maxRetryDelayMs: 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
  pollIntervalMs: 60_000,
  staleChangesMs: 15 * 60_000,
  retentionMs: 7 * 24 * 3_600_000,
};

/**
 * Drains the outbox: run by a `WebhookDeliveryRunner`, it delivers what is due and resolves with
 * the time it should run again (the next due delivery, at the latest `pollIntervalMs` from now).
 * It never throws for a delivery's failure.
 */
export type WebhookDrain = (signal: AbortSignal) => Promise<Date>;

/**
 * Where webhook drains run. The default, `InProcessWebhookRunner`, drains in this process;
 * `GraphileWorkerQueue` from `@atsync/storage-postgres` runs them as graphile-worker jobs, so any
 * worker process delivers.
 */
export interface WebhookDeliveryRunner {
  /** Starts running `drain` in this process: at once, whenever woken, and when each drain asks to. */
  startDelivery(drain: WebhookDrain): Promise<void>;
  /**
   * Asks for a drain soon, in any process running delivery (new events were committed). Never
   * throws: a lost wake-up is caught up by the periodic drain.
   */
  wakeDelivery(): Promise<void>;
  /** Stops draining in this process; a drain under way is aborted between deliveries and awaited. */
  stopDelivery(): Promise<void>;
}

/**
 * The default `WebhookDeliveryRunner`: one drain at a time in this process, timed on atsync's
 * clock. Anything committed while no process delivers waits in the outbox for the next start.
 */
export class InProcessWebhookRunner implements WebhookDeliveryRunner {
  private drain: WebhookDrain | null = null;
  private loop: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private sleeping: AbortController | null = null;
  private again = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async startDelivery(drain: WebhookDrain): Promise<void> {
    if (this.loop) return;
    this.drain = drain;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  async wakeDelivery(): Promise<void> {
    this.again = true;
    this.sleeping?.abort();
  }

  async stopDelivery(): Promise<void> {
    this.abort?.abort(new Error("atsync is shutting down"));
    this.sleeping?.abort();
    const loop = this.loop;
    this.loop = null;
    this.drain = null;
    await loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && this.drain) {
      this.again = false;
      let next: number;
      try {
        next = (await this.drain(signal)).getTime();
      } catch (error) {
        if (signal.aborted) break;
        this.logger.error({ err: error }, "webhook drain failed");
        next = this.clock.now().getTime() + 5_000;
      }
      if (this.again || signal.aborted) continue;
      this.sleeping = new AbortController();
      const wait = Math.max(0, next - this.clock.now().getTime());
      await this.clock.sleep(wait, this.sleeping.signal).catch(() => undefined);
      this.sleeping = null;
    }
  }
}

/** Why a response asks to wait: its `Retry-After` in ms (seconds or an HTTP date), or null. */
function retryAfterMs(headers: IncomingHttpHeaders, now: number): number | null {
  const value = headers["retry-after"];
  if (typeof value !== "string" || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The message of a failed attempt, safe to store and show (never the secret or the body). */
function failureMessage(error: unknown): string {
  if (isAtsyncError(error)) {
    const issues = (error.details as { issues?: { message: string }[] } | undefined)?.issues;
    return `URL ${issues?.[0]?.message ?? error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends due deliveries from the outbox (`drain`): signs each body with its endpoint's secret,
 * POSTs it through the guarded fetcher, and settles the attempt — 2xx delivered; 410 dead and the
 * endpoint disabled; anything else (other statuses, refusals, timeouts) retried with exponential
 * backoff and jitter or after `Retry-After`, until `giveUpAfterMs` → dead. Also flushes stale
 * `data-changed` inputs and prunes old deliveries.
 */
export class WebhookDeliverer {
  private readonly timing: Required<WebhookDeliveryTiming>;
  private lastMaintenance = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly fetcher: GuardedFetcher,
    private readonly events: AtsyncEvents,
    private readonly clock: Clock,
    private readonly logger: Logger,
    timing: WebhookDeliveryTiming = {},
    private readonly random: () => number = Math.random,
  ) {
    this.timing = { ...WEBHOOK_DELIVERY_DEFAULTS, ...timing };
  }

  /** The `WebhookDrain`: delivers everything due now, then says when to come back. */
  readonly drain: WebhookDrain = async (signal) => {
    await this.maintain();
    for (;;) {
      if (signal.aborted) break;
      const now = this.clock.now().getTime();
      // An attempt ends within timeoutMs; a lease twice that long outlives it, and ends soon after
      // its holder died.
      const leaseUntil = new Date(now + this.timing.timeoutMs * 2).toISOString();
      const batch = await this.outbox.claim(new Date(now).toISOString(), this.timing.concurrency, leaseUntil);
      if (batch.length === 0) break;
      await Promise.all(batch.map((claimed) => this.attempt(claimed, signal)));
    }
    const now = this.clock.now().getTime();
    const due = await this.outbox.nextDueAt();
    const poll = now + this.timing.pollIntervalMs;
    return new Date(due === null ? poll : Math.max(now, Math.min(poll, Date.parse(due))));
  };

  /** Sends one claimed delivery and settles it; never throws. */
  private async attempt(claimed: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const started = this.clock.now().getTime();
    let status: number | null = null;
    let outcome: DeliveryOutcome;
    try {
      const response = await this.fetcher.post(claimed.url, claimed.body, {
        field: "url",
        what: "webhook endpoint",
        signal,
        headers: {
          "content-type": "application/json",
          "user-agent": "atsync-webhooks",
          [SIGNATURE_HEADER.toLowerCase()]: signWebhook(claimed.secret, claimed.body),
        },
      });
      status = response.status;
      outcome = this.judge(claimed, status, response.headers);
    } catch (error) {
      if (signal.aborted) return; // the lease expires and another drain sends it again
      outcome = this.failed(claimed, null, failureMessage(error), null);
    }
    const settled = await this.outbox.settle(claimed.delivery.id, claimed.lease, outcome).catch((error) => {
      this.logger.error(
        { err: error, deliveryId: claimed.delivery.id },
        "settling a webhook delivery failed",
      );
      return false;
    });
    const { delivery } = claimed;
    const log = {
      deliveryId: delivery.id,
      eventId: delivery.event_id,
      endpointId: delivery.endpoint_id,
      status,
    };
    if (outcome.result === "delivered") this.logger.debug(log, "webhook delivered");
    else
      this.logger.warn({ ...log, outcome: outcome.result, error: outcome.error }, "webhook delivery failed");
    if (!settled) return;
    const after = await this.outbox.getDelivery(delivery.id);
    if (after) {
      this.events.emit("webhook-attempt", {
        type: "webhook-attempt",
        delivery: after,
        outcome: outcome.result,
        status,
        duration_ms: this.clock.now().getTime() - started,
      });
    }
  }

  /** The outcome of an answered attempt. */
  private judge(claimed: ClaimedDelivery, status: number, headers: IncomingHttpHeaders): DeliveryOutcome {
    const at = this.clock.now().toISOString();
    if (status >= 200 && status <= 299) return { result: "delivered", at, status };
    if (status === 410) {
      return {
        result: "dead",
        at,
        status,
        error: "HTTP 410 Gone: endpoint disabled",
        disable_endpoint: true,
      };
    }
    const wait = retryAfterMs(headers, Date.parse(at));
    return this.failed(claimed, status, `HTTP ${status}`, wait);
  }

  /** A failure's outcome: a retry after backoff (or `wait`), or dead once retrying took too long. */
  private failed(
    claimed: ClaimedDelivery,
    status: number | null,
    error: string,
    wait: number | null,
  ): DeliveryOutcome {
    const now = this.clock.now().getTime();
    const at = new Date(now).toISOString();
    const since = Date.parse(claimed.delivery.retrying_since ?? at);
    if (now - since >= this.timing.giveUpAfterMs) {
      return {
        result: "dead",
        at,
        status,
        error: `${error}; gave up after ${claimed.delivery.attempts + 1} attempts`,
      };
    }
    // Waiting as long as the series has lasted doubles the delay with every retry.
    const backoff = Math.min(this.timing.maxRetryDelayMs, Math.max(this.timing.firstRetryMs, now - since));
    const delay =
      wait === null ? backoff * (0.5 + this.random() / 2) : Math.min(wait, this.timing.maxRetryDelayMs);
    return { result: "retry", at, status, error, next_attempt_at: new Date(now + delay).toISOString() };
  }

  /** At most once per poll interval: sends stale `data-changed` inputs and prunes old deliveries. */
  private async maintain(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastMaintenance < this.timing.pollIntervalMs) return;
    this.lastMaintenance = now;
    const stale = new Date(now - this.timing.staleChangesMs).toISOString();
    for (const integrationId of await this.outbox.changesPendingSince(stale)) {
      await flushChanges(this.outbox, this.events, integrationId);
    }
    await this.outbox.prune(new Date(now - this.timing.retentionMs).toISOString());
  }
}

/**
 * Takes the integration's pending `data-changed` inputs into one `data-changed` event (committed
 * with the take) and announces it. Returns the models it reported (none: nothing was pending).
 */
export function flushChanges(
  outbox: WebhookOutbox,
  events: AtsyncEvents,
  integrationId: string,
): Promise<ModelKey[]> {
  const tool = toolOfIntegrationId(integrationId) ?? "unknown";
  return events.commit(
    (models: ModelKey[]) => [dataChanged(integrationId, tool, models)],
    (append) => outbox.takeChanges(integrationId, append),
  );
}

/** A new endpoint or delivery id with its prefix (`whk_`, `whd_`). */
export function webhookId(prefix: "whk" | "whd"): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}
