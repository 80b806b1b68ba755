import { inputInvalid } from "../errors.js";
import { isModelKey, type ModelKey } from "../model/common.js";

/** One record a vendor event asks to read again. */
export interface RefreshTarget {
  /** Model of the record. */
  model: ModelKey;
  /** The vendor's key of the record. */
  remote_id: string;
}

/** A refresh target waiting in the inbox, with the time it was last asked for. */
export interface PendingRefresh extends RefreshTarget {
  /** ISO time of the latest accepted event naming this record (a burst keeps one row per record). */
  requested_at: string;
}

/** One accepted vendor event, as `VendorEventInbox.accept` takes it. */
export interface InboxEvent {
  /** The event's identity (`VendorEvent.id`): 1–200 characters. */
  key: string;
  /** The vendor's event type, 1–200 characters. */
  type: string;
  /** ISO time the receiver got it. */
  received_at: string;
  /** Records to refresh (at most `MAX_EVENT_TARGETS`); may be empty. */
  targets: readonly RefreshTarget[];
}

/** Most refresh targets one event may name. */
export const MAX_EVENT_TARGETS = 100;
/** Longest event key, event type and target remote id. */
export const MAX_EVENT_TEXT = 200;

/**
 * The durable inbox of vendor event notifications (docs/architecture.md, decision 23): which
 * events of an integration were seen (so redeliveries change nothing) and which records they ask
 * to read again, one row per record however many events named it (a burst coalesces). Rows go
 * with their integration.
 */
export interface VendorEventInbox {
  /**
   * Records `event` once, atomically: when its key was not seen for the integration, stores the
   * key and adds its targets (a target already pending gets the later `requested_at`) and answers
   * true; when it was, changes nothing and answers false. Throws `PLATFORM.INPUT_INVALID` (nothing
   * written) for an invalid event (see `validateInboxEvent`) and `PLATFORM.INTEGRATION_NOT_FOUND`
   * for an unknown integration.
   */
  accept(integrationId: string, event: InboxEvent): Promise<boolean>;
  /** Pending targets of the integration, earliest `requested_at` first (then model, remote id), at most `limit`. */
  pending(integrationId: string, limit: number): Promise<PendingRefresh[]>;
  /**
   * Removes refreshed targets: each row whose `requested_at` is not later than the one given
   * (a target asked for again after the refresh read it stays pending). Unknown rows are ignored.
   */
  settle(integrationId: string, done: readonly PendingRefresh[]): Promise<void>;
  /** Forgets the keys of events received before `before` (ISO); returns how many were forgotten. */
  prune(before: string): Promise<number>;
}

/** Checks an event before anything is written; throws `PLATFORM.INPUT_INVALID` naming each bad field. */
export function validateInboxEvent(event: InboxEvent): void {
  const issues: { path: string; message: string }[] = [];
  const text = (path: string, value: unknown) => {
    if (
      typeof value !== "string" ||
      value.length === 0 ||
      value.length > MAX_EVENT_TEXT ||
      value.includes("\u0000")
    )
      issues.push({ path, message: `must be a string of 1 to ${MAX_EVENT_TEXT} characters without U+0000` });
  };
  text("key", event.key);
  text("type", event.type);
  if (typeof event.received_at !== "string" || Number.isNaN(Date.parse(event.received_at)))
    issues.push({ path: "received_at", message: "must be an ISO timestamp" });
  if (!Array.isArray(event.targets) || event.targets.length > MAX_EVENT_TARGETS) {
    issues.push({ path: "targets", message: `must be an array of at most ${MAX_EVENT_TARGETS} targets` });
  } else {
    event.targets.forEach((t, i) => {
      if (!isModelKey(t?.model)) issues.push({ path: `targets.${i}.model`, message: "is not a model" });
      text(`targets.${i}.remote_id`, t?.remote_id);
    });
  }
  if (issues.length > 0) throw inputInvalid("vendor event", issues);
}
