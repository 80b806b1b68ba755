import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dataChanged, integrationStateChanged, type WebhookPayload } from "../events/events.js";
import type { ModelKey } from "../model/common.js";
import type { AtsyncStorage } from "../storage/storage.js";
import { EMPTY_PROGRESS, type SyncRun } from "../storage/sync-state.js";
import type { OutboxEvent, WebhookEndpoint, WebhookEventType } from "../storage/webhooks.js";
import { sampleRecord } from "./fixtures.js";

/** What the webhook groups need from `describeStorageConformance`'s fixture (read per test). */
export interface OutboxFixture {
  /** The backend under test. */
  storage(): AtsyncStorage;
  /** Everything at rest, as text. */
  dumpAtRest(): Promise<string>;
  /** Two integrations that exist (tool `fixture`). */
  integrations(): [string, string];
}

const T0 = "2026-01-01T00:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const LEASE = at(3600);

const endpoint = (id: string, events: WebhookEventType[] | null = null): WebhookEndpoint => ({
  id,
  url: `https://hooks.example.com/${id}?x=1`,
  events,
  created_at: T0,
  disabled_at: null,
  disabled_reason: null,
});

/** A `data-changed` event of `integrationId` created at `created` (seconds after T0). */
const event = (
  integrationId: string | null,
  created = 0,
  type: WebhookEventType = "data-changed",
): OutboxEvent => {
  const payload = dataChanged(integrationId ?? "fixture:none", "fixture", ["jobs"]) as WebhookPayload;
  return {
    payload: { ...payload, type } as WebhookPayload,
    integration_id: integrationId,
    created_at: at(created),
  };
};

/** The webhook outbox groups of the storage conformance suite (see `WebhookOutbox`). */
export function describeWebhookOutboxConformance(f: OutboxFixture): void {
  const s = () => f.storage();
  const claimIds = async (now: number, limit = 10) =>
    (await s().webhooks.claim(at(now), limit, LEASE)).map((c) => c.delivery.event_id);

  describe("webhook endpoints", () => {
    it("stores endpoints with encrypted secrets, lists them oldest first without secrets", async () => {
      const secret = "whsec-very-secret-value-123";
      await s().webhooks.putEndpoint({ ...endpoint("whk_b"), created_at: at(1) }, secret);
      await s().webhooks.putEndpoint(endpoint("whk_a", ["sync-finished"]), "another-secret-value-456");
      const list = await s().webhooks.listEndpoints();
      expect(list.map((e) => e.id)).toEqual(["whk_a", "whk_b"]);
      expect(list[0]).toEqual(endpoint("whk_a", ["sync-finished"]));
      expect(JSON.stringify(list)).not.toContain(secret);
      expect(await s().webhooks.getEndpoint("whk_b")).toEqual({ ...endpoint("whk_b"), created_at: at(1) });
      expect(await s().webhooks.getEndpoint("whk_missing")).toBeNull();
      expect(await f.dumpAtRest()).not.toContain(secret);
    });

    it("replacing an endpoint keeps its creation time and disabled state, and swaps url, events and secret", async () => {
      await s().webhooks.putEndpoint(endpoint("whk_a"), "first-secret-value-0001");
      await s().webhooks.setEndpointDisabled("whk_a", { at: at(5), reason: "HTTP 410" });
      const replaced = await s().webhooks.putEndpoint(
        { ...endpoint("whk_a", ["data-changed"]), url: "https://other.example.com/", created_at: at(9) },
        "second-secret-value-0002",
      );
      expect(replaced).toEqual({
        ...endpoint("whk_a", ["data-changed"]),
        url: "https://other.example.com/",
        disabled_at: at(5),
        disabled_reason: "HTTP 410",
      });
      await s().webhooks.setEndpointDisabled("whk_a", null);
      const [A] = f.integrations();
      await s().webhooks.append([event(A)]);
      const [claimed] = await s().webhooks.claim(at(0), 10, LEASE);
      expect(claimed?.secret).toBe("second-secret-value-0002");
      expect(claimed?.url).toBe("https://other.example.com/");
    });

    it("deleting an endpoint drops its deliveries", async () => {
      const [A] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      await s().webhooks.append([event(A)]);
      expect(await s().webhooks.deleteEndpoint("whk_a")).toBe(true);
      expect(await s().webhooks.deleteEndpoint("whk_a")).toBe(false);
      expect((await s().webhooks.listDeliveries()).results).toEqual([]);
    });
  });

  describe("webhook events", () => {
    it("appends one pending delivery per enabled endpoint that takes the type, with the exact body", async () => {
      const [A] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_all"), "secret-value-000000001");
      await s().webhooks.putEndpoint(endpoint("whk_sync", ["sync-finished"]), "secret-value-000000002");
      await s().webhooks.putEndpoint(endpoint("whk_off"), "secret-value-000000003");
      await s().webhooks.setEndpointDisabled("whk_off", { at: T0, reason: "gone" });
      const e = event(A, 7);
      await s().webhooks.append([e]);
      await s().webhooks.append([e]); // the same id again is ignored
      const { results } = await s().webhooks.listDeliveries();
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({
        endpoint_id: "whk_all",
        event_id: e.payload.id,
        event_type: "data-changed",
        integration_id: A,
        status: "pending",
        attempts: 0,
        next_attempt_at: at(7),
        retrying_since: null,
        last_status: null,
        last_error: null,
        created_at: at(7),
        delivered_at: null,
      });
      const [claimed] = await s().webhooks.claim(at(7), 10, LEASE);
      expect(claimed?.body).toBe(JSON.stringify(e.payload));
    });

    it("stores nothing for an event no endpoint takes", async () => {
      const [A] = f.integrations();
      await s().webhooks.append([event(A)]);
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      expect(await s().webhooks.claim(at(0), 10, LEASE)).toEqual([]);
      expect(await s().webhooks.nextDueAt()).toBeNull();
    });

    it("commits events with integration writes and run updates, handing the callback the result", async () => {
      const [A] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      const seen: unknown[] = [];
      const stateEvent = (r: Parameters<typeof integrationStateChanged>[0]) => {
        seen.push(r.status);
        return [{ payload: integrationStateChanged(r), integration_id: r.id, created_at: at(1) }];
      };
      await s().integrations.update(A, { status: "INACTIVE" }, at(1), stateEvent);
      const run: SyncRun = {
        id: randomUUID(),
        integration_id: A,
        type: "full",
        status: "running",
        counts: {},
        api_calls: 0,
        current_model: null,
        progress: EMPTY_PROGRESS,
        started_at: T0,
        finished_at: null,
        error: null,
        created_at: T0,
      };
      await s().syncState.createRun(run);
      await s().syncState.updateRun(A, run.id, { status: "succeeded", finished_at: at(2) }, (r) => {
        seen.push(r.status);
        return [{ ...event(A, 2, "sync-finished") }];
      });
      const C = `fixture:${randomUUID().replaceAll("-", "").slice(0, 24)}`;
      const record = {
        id: C,
        tool: "fixture",
        status: "ACTIVE" as const,
        setup_status: "INCOMPLETE" as const,
        end_user: { organization_name: "Acme", creator_email: null, origin_id: null },
        settings: {},
        created_at: at(3),
        updated_at: at(3),
      };
      await s().integrations.create(record, { k: "v" }, (r) => {
        seen.push(r.id);
        return [event(C, 3, "integration-created")];
      });
      await s().integrations.delete(C, (r) => {
        seen.push(r.end_user.organization_name);
        return [event(C, 4, "integration-deleted")];
      });
      expect(seen).toEqual(["INACTIVE", "succeeded", C, "Acme"]);
      const types = (await s().webhooks.listDeliveries()).results.map((d) => d.event_type);
      expect(types).toEqual([
        "integration-deleted",
        "integration-created",
        "sync-finished",
        "integration-state-changed",
      ]);
    });

    it("appends nothing when the write fails", async () => {
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      await expect(
        s().integrations.update("fixture:missing", { status: "INACTIVE" }, at(1), () => [
          event("fixture:missing"),
        ]),
      ).rejects.toThrow();
      expect(await s().integrations.delete("fixture:missing", () => [event("fixture:missing")])).toBe(false);
      expect((await s().webhooks.listDeliveries()).results).toEqual([]);
    });

    it("commitPage records data-changed inputs that takeChanges takes once, in model order", async () => {
      const [A, B] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      const page = (model: ModelKey, remote: string, when: number) =>
        s().commitPage({ integrationId: A, model, records: [sampleRecord(A, model, remote)], at: at(when) });
      await page("candidates", "c1", 1);
      await page("jobs", "j1", 2);
      await page("jobs", "j1", 3); // unchanged: no input
      expect(await s().webhooks.changesPendingSince(at(2))).toEqual([A]);
      expect(await s().webhooks.changesPendingSince(at(1))).toEqual([]);
      const taken = await s().webhooks.takeChanges(A, (models) => [
        { payload: dataChanged(A, "fixture", models), integration_id: A, created_at: at(4) },
      ]);
      expect(taken).toEqual(["jobs", "candidates"]);
      expect(await s().webhooks.takeChanges(A, () => [event(A)])).toEqual([]);
      expect(await s().webhooks.takeChanges(B, () => [event(B)])).toEqual([]);
      const [claimed] = await s().webhooks.claim(at(4), 10, LEASE);
      expect(JSON.parse(claimed?.body ?? "{}").data.changed_models).toEqual([
        { name: "ats_jobs" },
        { name: "ats_candidates" },
      ]);
      await page("jobs", "j2", 5);
      await s().integrations.delete(A);
      expect(await s().webhooks.changesPendingSince(at(99))).toEqual([]);
    });
  });

  describe("webhook delivery lanes", () => {
    it("claims only the oldest pending delivery of each lane, in order, while other lanes proceed", async () => {
      const [A, B] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      const [a1, a2, b1, n1] = [
        event(A, 0),
        event(A, 1),
        event(B, 2),
        event(null, 3, "connection-flow-failed"),
      ];
      await s().webhooks.append([a1, a2, b1, n1] as OutboxEvent[]);
      const first = await s().webhooks.claim(at(10), 10, at(20));
      expect(first.map((c) => c.delivery.event_id)).toEqual([a1, b1, n1].map((e) => e?.payload.id));
      expect(await claimIds(10)).toEqual([]); // leased heads hold their lanes
      const claimedA = first[0];
      if (!claimedA) throw new Error("no claim");
      expect(
        await s().webhooks.settle(claimedA.delivery.id, claimedA.lease, {
          result: "delivered",
          at: at(11),
          status: 200,
        }),
      ).toBe(true);
      expect(await claimIds(11)).toEqual([a2?.payload.id]);
      const delivered = await s().webhooks.getDelivery(claimedA.delivery.id);
      expect(delivered).toMatchObject({
        status: "delivered",
        attempts: 1,
        last_status: 200,
        delivered_at: at(11),
      });
      expect(await claimIds(20)).toEqual([b1?.payload.id, n1?.payload.id]); // expired leases free them
    });

    it("a retry holds its lane until due; a dead delivery frees it; a stale lease cannot settle", async () => {
      const [A] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      const [e1, e2] = [event(A, 0), event(A, 1)];
      await s().webhooks.append([e1, e2] as OutboxEvent[]);
      const [c1] = await s().webhooks.claim(at(1), 10, at(2));
      if (!c1) throw new Error("no claim");
      const retry = {
        result: "retry",
        at: at(1),
        status: 500,
        error: "HTTP 500",
        next_attempt_at: at(30),
      } as const;
      expect(await s().webhooks.settle(c1.delivery.id, "not-the-lease", retry)).toBe(false);
      expect(await s().webhooks.settle(c1.delivery.id, c1.lease, retry)).toBe(true);
      expect(await s().webhooks.settle(c1.delivery.id, c1.lease, retry)).toBe(false);
      expect(await s().webhooks.getDelivery(c1.delivery.id)).toMatchObject({
        status: "pending",
        attempts: 1,
        next_attempt_at: at(30),
        retrying_since: at(1),
        last_status: 500,
        last_error: "HTTP 500",
      });
      expect(await s().webhooks.nextDueAt()).toBe(at(30));
      expect(await claimIds(29)).toEqual([]);
      const [again] = await s().webhooks.claim(at(30), 10, at(40));
      expect(again?.delivery).toMatchObject({ event_id: e1?.payload.id, attempts: 1, retrying_since: at(1) });
      if (!again) throw new Error("no claim");
      await s().webhooks.settle(again.delivery.id, again.lease, {
        result: "dead",
        at: at(31),
        status: null,
        error: "gave up",
      });
      expect(await claimIds(31)).toEqual([e2?.payload.id]);
      expect((await s().webhooks.listDeliveries({ status: "dead" })).results.map((d) => d.event_id)).toEqual([
        e1?.payload.id,
      ]);
    });

    it("a 410 disables the endpoint: nothing more is claimed or appended for it until re-enabled", async () => {
      const [A] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      await s().webhooks.append([event(A, 0), event(A, 1)]);
      const [c] = await s().webhooks.claim(at(1), 10, LEASE);
      if (!c) throw new Error("no claim");
      await s().webhooks.settle(c.delivery.id, c.lease, {
        result: "dead",
        at: at(2),
        status: 410,
        error: "HTTP 410 Gone",
        disable_endpoint: true,
      });
      expect(await s().webhooks.getEndpoint("whk_a")).toMatchObject({
        disabled_at: at(2),
        disabled_reason: "HTTP 410 Gone",
      });
      await s().webhooks.append([event(A, 3)]);
      expect(await claimIds(10)).toEqual([]);
      expect(await s().webhooks.nextDueAt()).toBeNull();
      expect((await s().webhooks.listDeliveries()).results).toHaveLength(2);
      await s().webhooks.setEndpointDisabled("whk_a", null);
      expect(await claimIds(10)).toHaveLength(1);
    });

    it("redelivers one delivery and replays the dead-letter with the same event id and body", async () => {
      const [A, B] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      await s().webhooks.putEndpoint(endpoint("whk_b"), "secret-value-000000002");
      const [eA, eB] = [event(A, 0), event(B, 0)];
      await s().webhooks.append([eA, eB] as OutboxEvent[]);
      for (const c of await s().webhooks.claim(at(1), 10, LEASE)) {
        await s().webhooks.settle(c.delivery.id, c.lease, {
          result: "dead",
          at: at(1),
          status: 500,
          error: "x",
        });
      }
      expect(await s().webhooks.replayDead(at(2), "whk_b")).toBe(2);
      const replayed = await s().webhooks.claim(at(2), 10, LEASE);
      expect(replayed.map((c) => c.delivery.endpoint_id)).toEqual(["whk_b", "whk_b"]);
      expect(replayed[0]?.delivery).toMatchObject({
        attempts: 1,
        retrying_since: null,
        next_attempt_at: at(2),
      });
      for (const c of replayed) {
        await s().webhooks.settle(c.delivery.id, c.lease, { result: "delivered", at: at(3), status: 204 });
      }
      const done = (await s().webhooks.listDeliveries({ endpoint_id: "whk_b", event_id: eA?.payload.id }))
        .results[0];
      if (!done) throw new Error("no delivery");
      expect(await s().webhooks.redeliver(done.id, at(4))).toMatchObject({
        status: "pending",
        delivered_at: null,
      });
      const [resent] = await s().webhooks.claim(at(4), 10, LEASE);
      expect(resent?.delivery.id).toBe(done.id);
      expect(resent?.body).toBe(JSON.stringify(eA?.payload));
      expect(await s().webhooks.redeliver("whd_missing", at(4))).toBeNull();
      expect(await s().webhooks.replayDead(at(5))).toBe(2);
    });

    it("lists newest first with filters and cursors, and prunes old delivered deliveries", async () => {
      const [A, B] = f.integrations();
      await s().webhooks.putEndpoint(endpoint("whk_a"), "secret-value-000000001");
      const events = Array.from({ length: 5 }, (_, i) => event(i % 2 === 0 ? A : B, i));
      for (const e of events) await s().webhooks.append([e]);
      const ids = events.map((e) => e.payload.id).reverse();
      const first = await s().webhooks.listDeliveries({ limit: 2 });
      expect(first.results.map((d) => d.event_id)).toEqual(ids.slice(0, 2));
      const second = await s().webhooks.listDeliveries({ limit: 2, cursor: first.next });
      expect(second.results.map((d) => d.event_id)).toEqual(ids.slice(2, 4));
      const third = await s().webhooks.listDeliveries({ limit: 2, cursor: second.next });
      expect(third.results.map((d) => d.event_id)).toEqual(ids.slice(4));
      expect(third.next).toBeNull();
      expect((await s().webhooks.listDeliveries({ integration_id: B })).results).toHaveLength(2);
      await expect(s().webhooks.listDeliveries({ limit: 0 })).rejects.toThrow(/limit/);
      for (const c of await s().webhooks.claim(at(10), 10, LEASE)) {
        await s().webhooks.settle(c.delivery.id, c.lease, { result: "delivered", at: at(10), status: 200 });
      }
      expect(await s().webhooks.prune(at(10))).toBe(0);
      expect(await s().webhooks.prune(at(11))).toBe(2);
      expect((await s().webhooks.listDeliveries()).results).toHaveLength(3);
    });
  });
}
