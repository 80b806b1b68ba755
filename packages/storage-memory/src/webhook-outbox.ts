import { randomUUID } from "node:crypto";
import {
  type ClaimedDelivery,
  type CredentialCipher,
  type DeliveryOutcome,
  type DeliveryPage,
  type DeliveryQuery,
  decodeCursor,
  encodeCursor,
  inputInvalid,
  MODEL_KEYS,
  type ModelKey,
  type OutboxEvent,
  type OutboxEvents,
  openWebhookSecret,
  sealWebhookSecret,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookOutbox,
} from "@atsync/core/storage";

/** An endpoint with its secret as ciphertext. */
interface StoredEndpoint {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** A delivery with the order of its event and its lease. */
interface StoredDelivery {
  delivery: WebhookDelivery;
  /** Append order of the event. */
  seq: number;
  /** Append order of the delivery (list cursors). */
  order: number;
  lease: string | null;
  leaseUntil: string | null;
}

/**
 * `WebhookOutbox` in memory. Every method's writes are synchronous after validation, and the
 * storage's other ports call `appendNow`/`noteChanges` inside their own synchronous sections, so
 * an event is committed exactly with its change.
 */
export class MemoryWebhookOutbox implements WebhookOutbox {
  private readonly endpoints = new Map<string, StoredEndpoint>();
  /** Event bodies by payload id. */
  private readonly bodies = new Map<string, string>();
  /** Deliveries in append order. */
  private deliveries: StoredDelivery[] = [];
  /** Pending `data-changed` inputs: integration → model → since (ISO). */
  private readonly changes = new Map<string, Map<ModelKey, string>>();
  private seq = 0;
  private order = 0;

  constructor(private readonly cipher: CredentialCipher) {}

  /** Everything held, as it sits in memory (secrets as ciphertext). */
  dump(): unknown {
    return {
      endpoints: [...this.endpoints.values()],
      bodies: [...this.bodies],
      deliveries: this.deliveries,
      changes: [...this.changes].map(([id, m]) => [id, [...m]]),
    };
  }

  /** Appends events now (see `WebhookOutbox.append`); synchronous, for the other ports' writes. */
  appendNow(events: readonly OutboxEvent[]): void {
    for (const event of events) {
      const { payload } = event;
      if (this.bodies.has(payload.id)) continue;
      const targets = [...this.endpoints.values()].filter(
        ({ endpoint: e }) => e.disabled_at === null && (e.events === null || e.events.includes(payload.type)),
      );
      if (targets.length === 0) continue;
      this.bodies.set(payload.id, JSON.stringify(payload));
      this.seq += 1;
      for (const { endpoint } of targets) {
        this.order += 1;
        this.deliveries.push({
          seq: this.seq,
          order: this.order,
          lease: null,
          leaseUntil: null,
          delivery: {
            id: `whd_${randomUUID().replaceAll("-", "")}`,
            endpoint_id: endpoint.id,
            event_id: payload.id,
            event_type: payload.type,
            integration_id: event.integration_id,
            status: "pending",
            attempts: 0,
            next_attempt_at: event.created_at,
            retrying_since: null,
            last_attempt_at: null,
            last_status: null,
            last_error: null,
            created_at: event.created_at,
            delivered_at: null,
          },
        });
      }
    }
  }

  /** Records `model` as a pending `data-changed` input of the integration (from `commitPage`). */
  noteChanges(integrationId: string, model: ModelKey, at: string): void {
    let models = this.changes.get(integrationId);
    if (!models) {
      models = new Map();
      this.changes.set(integrationId, models);
    }
    if (!models.has(model)) models.set(model, at);
  }

  /** Drops the integration's pending inputs (it was deleted). */
  forgetChanges(integrationId: string): void {
    this.changes.delete(integrationId);
  }

  async putEndpoint(endpoint: WebhookEndpoint, secret: string): Promise<WebhookEndpoint> {
    if (secret === "")
      throw inputInvalid("webhook endpoint", [{ path: "secret", message: "must not be empty" }]);
    const old = this.endpoints.get(endpoint.id)?.endpoint;
    const stored: WebhookEndpoint = old
      ? { ...old, url: endpoint.url, events: endpoint.events ? [...endpoint.events] : null }
      : structuredClone(endpoint);
    this.endpoints.set(endpoint.id, {
      endpoint: stored,
      secret: sealWebhookSecret(this.cipher, endpoint.id, secret),
    });
    return structuredClone(stored);
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()]
      .map((e) => structuredClone(e.endpoint))
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const e = this.endpoints.get(id);
    return e ? structuredClone(e.endpoint) : null;
  }

  async setEndpointDisabled(
    id: string,
    disabled: { at: string; reason: string } | null,
  ): Promise<WebhookEndpoint | null> {
    const e = this.endpoints.get(id);
    if (!e) return null;
    e.endpoint = {
      ...e.endpoint,
      disabled_at: disabled?.at ?? null,
      disabled_reason: disabled?.reason ?? null,
    };
    return structuredClone(e.endpoint);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    if (!this.endpoints.delete(id)) return false;
    this.deliveries = this.deliveries.filter((d) => d.delivery.endpoint_id !== id);
    this.dropOrphanBodies();
    return true;
  }

  async append(events: readonly OutboxEvent[]): Promise<void> {
    this.appendNow(events);
  }

  async takeChanges(integrationId: string, events: OutboxEvents<ModelKey[]>): Promise<ModelKey[]> {
    const pending = this.changes.get(integrationId);
    if (!pending || pending.size === 0) return [];
    const models = MODEL_KEYS.filter((m) => pending.has(m));
    const appended = events(models);
    this.changes.delete(integrationId);
    this.appendNow(appended);
    return models;
  }

  async changesPendingSince(before: string): Promise<string[]> {
    const out: [string, string][] = [];
    for (const [id, models] of this.changes) {
      const since = [...models.values()].sort()[0];
      if (since !== undefined && since < before) out.push([id, since]);
    }
    return out.sort((a, b) => a[1].localeCompare(b[1])).map(([id]) => id);
  }

  async claim(now: string, limit: number, leaseUntil: string): Promise<ClaimedDelivery[]> {
    const out: ClaimedDelivery[] = [];
    for (const head of this.heads()) {
      if (out.length >= limit) break;
      if (!this.claimable(head, now)) continue;
      const endpoint = this.endpoints.get(head.delivery.endpoint_id) as StoredEndpoint;
      head.lease = randomUUID();
      head.leaseUntil = leaseUntil;
      const secret = openWebhookSecret(this.cipher, endpoint.endpoint.id, endpoint.secret);
      out.push({
        delivery: structuredClone(head.delivery),
        lease: head.lease,
        url: endpoint.endpoint.url,
        secret,
        body: this.bodies.get(head.delivery.event_id) as string,
      });
    }
    return out;
  }

  async settle(deliveryId: string, lease: string, outcome: DeliveryOutcome): Promise<boolean> {
    const row = this.deliveries.find((d) => d.delivery.id === deliveryId);
    if (!row || row.lease !== lease) return false;
    const d = row.delivery;
    row.lease = null;
    row.leaseUntil = null;
    d.attempts += 1;
    d.last_attempt_at = outcome.at;
    d.last_status = outcome.status;
    if (outcome.result === "delivered") {
      Object.assign(d, {
        status: "delivered",
        delivered_at: outcome.at,
        next_attempt_at: null,
        last_error: null,
      });
      d.retrying_since = null;
    } else if (outcome.result === "retry") {
      Object.assign(d, { next_attempt_at: outcome.next_attempt_at, last_error: outcome.error });
      d.retrying_since ??= outcome.at;
    } else {
      Object.assign(d, { status: "dead", next_attempt_at: null, last_error: outcome.error });
      if (outcome.disable_endpoint) {
        await this.setEndpointDisabled(d.endpoint_id, { at: outcome.at, reason: outcome.error });
      }
    }
    return true;
  }

  async nextDueAt(): Promise<string | null> {
    let next: string | null = null;
    for (const head of this.heads()) {
      if (this.endpoints.get(head.delivery.endpoint_id)?.endpoint.disabled_at !== null) continue;
      const due = [head.delivery.next_attempt_at ?? "", head.leaseUntil ?? ""].sort()[1] as string;
      if (next === null || due < next) next = due;
    }
    return next;
  }

  async listDeliveries(query: DeliveryQuery = {}): Promise<DeliveryPage> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
      throw inputInvalid("delivery query", [{ path: "limit", message: "must be an integer from 1 to 250" }]);
    }
    let before = Number.POSITIVE_INFINITY;
    if (query.cursor) {
      const { order } = decodeCursor(query.cursor);
      if (typeof order !== "number") {
        throw inputInvalid("delivery query", [{ path: "cursor", message: "not a cursor of this list" }]);
      }
      before = order;
    }
    const matching: StoredDelivery[] = [];
    for (let i = this.deliveries.length - 1; i >= 0; i--) {
      const row = this.deliveries[i] as StoredDelivery;
      const d = row.delivery;
      if (row.order >= before) continue;
      if (query.endpoint_id !== undefined && d.endpoint_id !== query.endpoint_id) continue;
      if (query.status !== undefined && d.status !== query.status) continue;
      if (query.event_id !== undefined && d.event_id !== query.event_id) continue;
      if (query.integration_id !== undefined && d.integration_id !== query.integration_id) continue;
      matching.push(row);
      if (matching.length > limit) break;
    }
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      results: page.map((r) => structuredClone(r.delivery)),
      next: matching.length > limit && last ? encodeCursor({ order: last.order }) : null,
    };
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const row = this.deliveries.find((d) => d.delivery.id === id);
    return row ? structuredClone(row.delivery) : null;
  }

  async redeliver(id: string, at: string): Promise<WebhookDelivery | null> {
    const row = this.deliveries.find((d) => d.delivery.id === id);
    if (!row) return null;
    this.requeue(row, at);
    return structuredClone(row.delivery);
  }

  async replayDead(at: string, endpointId?: string): Promise<number> {
    let n = 0;
    for (const row of this.deliveries) {
      if (row.delivery.status !== "dead") continue;
      if (endpointId !== undefined && row.delivery.endpoint_id !== endpointId) continue;
      this.requeue(row, at);
      n += 1;
    }
    return n;
  }

  async prune(before: string): Promise<number> {
    const kept = this.deliveries.filter(
      (d) => d.delivery.status !== "delivered" || (d.delivery.delivered_at ?? "") >= before,
    );
    const pruned = this.deliveries.length - kept.length;
    this.deliveries = kept;
    this.dropOrphanBodies();
    return pruned;
  }

  /** A delivery made pending again, due at `at`. */
  private requeue(row: StoredDelivery, at: string): void {
    Object.assign(row.delivery, {
      status: "pending",
      next_attempt_at: at,
      retrying_since: null,
      delivered_at: null,
    });
    row.lease = null;
    row.leaseUntil = null;
  }

  /** The oldest pending delivery of every lane (endpoint × integration), in append order. */
  private heads(): StoredDelivery[] {
    const seen = new Set<string>();
    const out: StoredDelivery[] = [];
    for (const row of this.deliveries) {
      if (row.delivery.status !== "pending") continue;
      const lane = `${row.delivery.endpoint_id}\u0000${row.delivery.integration_id ?? ""}`;
      if (seen.has(lane)) continue;
      seen.add(lane);
      out.push(row);
    }
    return out;
  }

  private claimable(row: StoredDelivery, now: string): boolean {
    const endpoint = this.endpoints.get(row.delivery.endpoint_id);
    if (!endpoint || endpoint.endpoint.disabled_at !== null) return false;
    if ((row.delivery.next_attempt_at ?? "") > now) return false;
    return row.leaseUntil === null || row.leaseUntil <= now;
  }

  private dropOrphanBodies(): void {
    const used = new Set(this.deliveries.map((d) => d.delivery.event_id));
    for (const id of this.bodies.keys()) if (!used.has(id)) this.bodies.delete(id);
  }
}
