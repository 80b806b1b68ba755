import type { ModelKey } from "../model/common.js";

/**
 * How the vendor authenticates itself when it pushes an event to atsync's receiver
 * (`POST /vendor-events/{tool}/{routing key}`), as the integration's credentials configure it.
 * Every secret here comes from the integration's encrypted credentials; none is ever logged or
 * answered.
 */
export type VendorEventAuth =
  /** The vendor signs each request with a shared key; the connector's `verifySignature` checks it. */
  | { mode: "hmac"; secret: string; user: string | null }
  /** `Authorization: Basic` with this user name and password. */
  | { mode: "basic"; username: string; password: string }
  /**
   * OAuth 2.0 client credentials: the vendor first gets a bearer token from the receiver's token
   * endpoint (`…/oauth/token`) with this client id and secret, then sends `Authorization: Bearer`.
   */
  | { mode: "oauth"; clientId: string; clientSecret: string };

/** One received request as the receiver hands it to a connector's signature check (body as sent, before decompression). */
export interface SignedVendorRequest {
  /** Upper-case method. */
  method: string;
  /** The full URL as received (path and query as the vendor signed them). */
  url: string;
  /** Request headers. */
  headers: Headers;
  /** The body bytes exactly as received. */
  body: Uint8Array;
}

/** What a connector makes of one event payload. */
export interface VendorEvent {
  /**
   * The event's identity, stable across redeliveries of the same event (a vendor event id, or a
   * hash of the payload where the vendor has none): a second event with the same id is a duplicate
   * and changes nothing. At most 200 characters.
   */
  id: string;
  /** The vendor's event type (`WorkFlowStatusChangeEvent`), for logs and the receiver's answer. */
  type: string;
  /**
   * Vendor keys of the records to read again, per model (at most 100 in all). Empty for an event
   * that changes nothing atsync stores (it is answered 200 and ignored). Models must be covered
   * and read on their own or fed by a covered model.
   */
  refresh: Partial<Record<ModelKey, readonly string[]>>;
}

/**
 * A connector's vendor events (the `vendorEvents` capability; docs/writing-a-connector.md §3a):
 * which credentials configure the sender's authentication, how a signed request is checked, and
 * which records an event names. Core does the rest: routing, Basic and OAuth checks, gzip, size
 * limits, deduplication, durable queueing and the targeted refresh through the sync engine's
 * commit path.
 */
export interface VendorEventsDefinition<Credentials, Settings = unknown> {
  /**
   * The sender authentication the integration's credentials configure, or null when they
   * configure none (the receiver then refuses every event of the integration with 401).
   */
  auth(credentials: Credentials): VendorEventAuth | null;
  /**
   * Checks an `hmac` request's signature (and its freshness) against the integration's key; must
   * compare in constant time (`safeEqual`). Required when `auth` can answer `hmac`.
   */
  verifySignature?(
    request: SignedVendorRequest,
    auth: Extract<VendorEventAuth, { mode: "hmac" }>,
    now: Date,
  ): boolean;
  /**
   * Maps a decompressed, parsed JSON payload onto the records to refresh. Throws
   * `PLATFORM.INPUT_INVALID` naming the field for a payload that is not one of the vendor's
   * events (or names another tenant); never calls the vendor.
   */
  parse(
    payload: unknown,
    context: { credentials: Credentials; settings: Settings; headers: Headers },
  ): VendorEvent;
  /** What hosts should know (which events are used, what each refreshes, how to configure the sender). */
  notes: string;
}
