import type { WebhookPayload } from "../events/events.js";
import type { ModelKey } from "../model/common.js";
import type { CredentialCipher } from "./encoding.js";

/** Kombo's webhook event types (`WebhookPayload["type"]`). */
export type WebhookEventType = WebhookPayload["type"];

/** One event for the webhook outbox: Kombo's payload and where it is ordered. */
export interface OutboxEvent {
  /** The body every delivery of it sends, exactly: Kombo's `{ id, type, data }`. */
  payload: WebhookPayload;
  /**
   * Integration the event is about: deliveries of one endpoint are sent in append order per
   * integration. Null (its own lane) for events about no stored integration (`connection-flow-failed`).
   */
  integration_id: string | null;
  /** ISO timestamp of the event. */
  created_at: string;
}

/**
 * Passed to a storage write (`IntegrationStore.create/update/delete`, `SyncStateStore.updateRun`,
 * `WebhookOutbox.takeChanges`): called with the write's result inside the write's atomic unit, and
 * the events it returns are appended to the outbox (`WebhookOutbox.append`) in that same unit, so
 * a change is never committed without its events nor the other way round.
 */
export type OutboxEvents<T> = (result: T) => readonly OutboxEvent[];

/** A URL atsync delivers webhook events to; its signing secret is stored apart, encrypted. */
export interface WebhookEndpoint {
  /** `whk_…`. */
  id: string;
  /** Where deliveries are POSTed, exactly as given (http or https). */
  url: string;
  /** Event types delivered to it; null for all. */
  events: WebhookEventType[] | null;
  /** ISO timestamp of creation. */
  created_at: string;
  /** ISO timestamp the endpoint was disabled (it answered 410 Gone), or null while enabled. */
  disabled_at: string | null;
  /** Why it was disabled, or null. */
  disabled_reason: string | null;
}

/** `pending` (waiting for its first attempt or a retry), `delivered` (a 2xx answer), `dead` (given up). */
export type WebhookDeliveryStatus = "pending" | "delivered" | "dead";

/** One event to one endpoint. */
export interface WebhookDelivery {
  /** `whd_…`. */
  id: string;
  /** Endpoint delivered to. */
  endpoint_id: string;
  /** The event's payload id (Kombo's `id`; the same for every attempt). */
  event_id: string;
  /** The event's type. */
  event_type: WebhookEventType;
  /** The event's integration (its lane), or null. */
  integration_id: string | null;
  /** State. */
  status: WebhookDeliveryStatus;
  /** Attempts made so far (redeliveries included). */
  attempts: number;
  /** When a pending delivery may be attempted next (ISO); null otherwise. */
  next_attempt_at: string | null;
  /** Start of the current series of failed attempts (ISO), or null; a retry gives up after `giveUpAfterMs` of it. */
  retrying_since: string | null;
  /** ISO timestamp of the last attempt, or null. */
  last_attempt_at: string | null;
  /** HTTP status of the last attempt, or null (none yet, or no answer). */
  last_status: number | null;
  /** Why the last attempt failed (never containing the secret), or null. */
  last_error: string | null;
  /** ISO timestamp the event was appended. */
  created_at: string;
  /** ISO timestamp of the accepting attempt, or null. */
  delivered_at: string | null;
}

/** A delivery leased to one sender by `WebhookOutbox.claim`, with everything needed to send it. */
export interface ClaimedDelivery {
  /** The delivery as claimed (attempts not yet counted). */
  delivery: WebhookDelivery;
  /** Lease token; `settle` applies only with it. */
  lease: string;
  /** The endpoint's URL. */
  url: string;
  /** The endpoint's signing secret (decrypted). */
  secret: string;
  /** The exact body to send (the payload's JSON as appended). */
  body: string;
}

/** What one attempt came to, written by `WebhookOutbox.settle`. */
export type DeliveryOutcome =
  /** A 2xx answer: `delivered`. */
  | { result: "delivered"; at: string; status: number }
  /** A failure to retry at `next_attempt_at`. */
  | { result: "retry"; at: string; status: number | null; error: string; next_attempt_at: string }
  /** Given up: `dead` (the dead-letter). With `disable_endpoint` the endpoint is disabled too (410 Gone). */
  | { result: "dead"; at: string; status: number | null; error: string; disable_endpoint?: boolean };

/** Filter and page of `WebhookOutbox.listDeliveries`. */
export interface DeliveryQuery {
  /** Only this endpoint's deliveries. */
  endpoint_id?: string;
  /** Only deliveries in this state. */
  status?: WebhookDeliveryStatus;
  /** Only deliveries of this event. */
  event_id?: string;
  /** Only deliveries of this integration's events. */
  integration_id?: string;
  /** Page size, 1..250 (default 50). */
  limit?: number;
  /** `next` of the previous page, or null/absent for the first. */
  cursor?: string | null;
}

/** A page of deliveries, newest first. */
export interface DeliveryPage {
  /** Deliveries, newest event first. */
  results: WebhookDelivery[];
  /** Cursor of the next page, or null. */
  next: string | null;
}

/**
 * The durable webhook outbox: endpoints (secrets encrypted with the storage key), events written
 * in the same atomic unit as the change they report, and one delivery per (event, endpoint).
 * Events reach it three ways: `OutboxEvents` callbacks of other ports' writes, `append`, and
 * `takeChanges` (the `data-changed` inputs that `AtsyncStorage.commitPage` records).
 *
 * Ordering: the deliveries of one endpoint form one lane per integration (`integration_id`, null
 * being a lane of its own), in append order. `claim` only hands out a lane's oldest pending
 * delivery, and only when it is due and not leased, so a lane is delivered strictly in order
 * while other lanes proceed; a `dead` delivery no longer holds its lane.
 */
export interface WebhookOutbox {
  /**
   * Creates the endpoint, or when `endpoint.id` exists replaces its `url`, `events` and secret
   * (keeping `created_at` and the disabled state). Returns the stored endpoint. Throws
   * `PLATFORM.INPUT_INVALID` for an empty secret.
   */
  putEndpoint(endpoint: WebhookEndpoint, secret: string): Promise<WebhookEndpoint>;
  /** Every endpoint, oldest first (never a secret). */
  listEndpoints(): Promise<WebhookEndpoint[]>;
  /** The endpoint, or null. */
  getEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /**
   * Disables (`{ at, reason }`) or re-enables (null) an endpoint; returns it, or null when it does
   * not exist. A disabled endpoint gets no new deliveries and its pending ones are not claimed.
   */
  setEndpointDisabled(
    id: string,
    disabled: { at: string; reason: string } | null,
  ): Promise<WebhookEndpoint | null>;
  /** Deletes an endpoint with its deliveries; returns false when it did not exist. */
  deleteEndpoint(id: string): Promise<boolean>;

  /**
   * Appends events atomically, each with a `pending` delivery (due at the event's `created_at`)
   * for every enabled endpoint whose `events` include its type; an event no endpoint takes is
   * not stored. Payload ids are unique: appending an id again is ignored.
   */
  append(events: readonly OutboxEvent[]): Promise<void>;
  /**
   * Takes the integration's pending `data-changed` inputs — the models `commitPage` changed since
   * the last take — and, when there were any, calls `events` with them (in `MODEL_KEYS` order) and
   * appends what it returns, all in one atomic unit: every committed change is taken exactly once.
   * Returns the models taken (empty when none were pending).
   */
  takeChanges(integrationId: string, events: OutboxEvents<ModelKey[]>): Promise<ModelKey[]>;
  /** Integrations with `data-changed` inputs pending since before `before` (ISO), oldest first. */
  changesPendingSince(before: string): Promise<string[]>;

  /**
   * Leases up to `limit` deliveries until `leaseUntil`: per lane (see the interface comment) the
   * oldest pending delivery, when its `next_attempt_at` ≤ `now`, no unexpired lease holds it and its
   * endpoint is enabled. Atomic across concurrent callers: a delivery is leased to one caller at a
   * time. An expired lease (its holder died) makes the delivery claimable again.
   */
  claim(now: string, limit: number, leaseUntil: string): Promise<ClaimedDelivery[]>;
  /**
   * Records one attempt of a leased delivery: counts it, stores status/error, and applies the
   * outcome (`delivered`; `retry` at `next_attempt_at`, `retrying_since` kept or set to `at`;
   * `dead`, disabling the endpoint with `disable_endpoint`), ending the lease. Returns false and
   * changes nothing when `lease` no longer holds the delivery.
   */
  settle(deliveryId: string, lease: string, outcome: DeliveryOutcome): Promise<boolean>;
  /**
   * The earliest time a pending delivery of an enabled endpoint may be claimed (its
   * `next_attempt_at`, or its lease's end when later), or null when none is pending.
   */
  nextDueAt(): Promise<string | null>;

  /** Deliveries matching the query, newest event first. Throws `PLATFORM.INPUT_INVALID` for a bad limit or cursor. */
  listDeliveries(query?: DeliveryQuery): Promise<DeliveryPage>;
  /** A delivery, or null. */
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  /**
   * Makes a delivery (in any state) `pending` again, due at `at`, `retrying_since` cleared; the
   * event, its id and body stay the same. Returns it, or null when it does not exist.
   */
  redeliver(id: string, at: string): Promise<WebhookDelivery | null>;
  /** `redeliver` for every `dead` delivery (of `endpointId` only, when given); returns how many. */
  replayDead(at: string, endpointId?: string): Promise<number>;
  /** Deletes `delivered` deliveries delivered before `before` and events left without deliveries; returns how many deliveries. */
  prune(before: string): Promise<number>;
}

/** The additional data binding a secret ciphertext to its endpoint (apart from integration ids). */
const secretScope = (endpointId: string) => `webhook-endpoint:${endpointId}`;

/** An endpoint's signing secret as stored: `cipher` ciphertext bound to the endpoint id. */
export function sealWebhookSecret(cipher: CredentialCipher, endpointId: string, secret: string): string {
  return cipher.encrypt(secretScope(endpointId), { secret });
}

/** The secret sealed by `sealWebhookSecret` for the same endpoint; throws as `CredentialCipher.decrypt` does. */
export function openWebhookSecret(cipher: CredentialCipher, endpointId: string, sealed: string): string {
  return String(cipher.decrypt(secretScope(endpointId), sealed).secret);
}
