import {
  AtsyncError,
  type InboxEvent,
  type PendingRefresh,
  type VendorEventInbox,
  validateInboxEvent,
} from "@atsync/core/storage";

/** What one integration's inbox holds. */
interface Inbox {
  /** Event keys seen, with the time each was received. */
  seen: Map<string, string>;
  /** Pending targets by `model \0 remote_id`. */
  targets: Map<string, PendingRefresh>;
}

const targetKey = (t: { model: string; remote_id: string }) => `${t.model}\u0000${t.remote_id}`;

/**
 * `VendorEventInbox` in memory, keyed by the integration's storage object (`owner(id)`, undefined
 * once deleted; `owners()` lists the live ones) like the field configuration, so an integration's events go with it. Each method
 * changes the maps synchronously after validation, so `accept` is atomic.
 */
export function createMemoryVendorEventInbox(
  owner: (integrationId: string) => object | undefined,
  owners: () => Iterable<object>,
): VendorEventInbox {
  const inboxes = new WeakMap<object, Inbox>();
  const inboxOf = (integrationId: string): Inbox | undefined => {
    const key = owner(integrationId);
    if (!key) return undefined;
    let inbox = inboxes.get(key);
    if (!inbox) {
      inbox = { seen: new Map(), targets: new Map() };
      inboxes.set(key, inbox);
    }
    return inbox;
  };
  return {
    accept: async (integrationId, event: InboxEvent) => {
      validateInboxEvent(event);
      const inbox = inboxOf(integrationId);
      if (!inbox)
        throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`);
      if (inbox.seen.has(event.key)) return false;
      inbox.seen.set(event.key, event.received_at);
      for (const t of event.targets) {
        const key = targetKey(t);
        const old = inbox.targets.get(key);
        if (old && Date.parse(old.requested_at) >= Date.parse(event.received_at)) continue;
        inbox.targets.set(key, { model: t.model, remote_id: t.remote_id, requested_at: event.received_at });
      }
      return true;
    },
    pending: async (integrationId, limit) => {
      const targets = [...(inboxOf(integrationId)?.targets.values() ?? [])];
      targets.sort(
        (a, b) =>
          Date.parse(a.requested_at) - Date.parse(b.requested_at) ||
          (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) ||
          (a.remote_id < b.remote_id ? -1 : a.remote_id > b.remote_id ? 1 : 0),
      );
      return targets.slice(0, Math.max(0, limit)).map((t) => ({ ...t }));
    },
    settle: async (integrationId, done) => {
      const inbox = inboxOf(integrationId);
      if (!inbox) return;
      for (const t of done) {
        const key = targetKey(t);
        const row = inbox.targets.get(key);
        if (row && Date.parse(row.requested_at) <= Date.parse(t.requested_at)) inbox.targets.delete(key);
      }
    },
    prune: async (before) => {
      let pruned = 0;
      for (const key of owners()) {
        const inbox = inboxes.get(key);
        if (!inbox) continue;
        for (const [k, at] of inbox.seen) {
          if (Date.parse(at) < Date.parse(before)) {
            inbox.seen.delete(k);
            pruned++;
          }
        }
      }
      return pruned;
    },
  };
}
