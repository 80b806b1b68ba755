import { startFixtureVendor, startWebhookReceiver, type WebhookReceiver } from "@atsync/core/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ClusterTenant, type SyncCluster, startSyncCluster } from "../test/cluster.js";
import { waitFor } from "../test/wait.js";

const SECRET = "whsec_cluster_secret_0123456789";
const INTEGRATIONS = 3;

/** A fixture vendor as a cluster tenant. */
async function fixtureTenant(): Promise<ClusterTenant> {
  const vendor = await startFixtureVendor();
  return {
    tool: "fixture",
    credentials: { baseUrl: vendor.url, apiKey: vendor.apiKey },
    close: () => vendor.close(),
  };
}

describe("webhook delivery on graphile-worker", () => {
  let cluster: SyncCluster;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    cluster = await startSyncCluster({
      databaseUrl: inject("databaseUrl"),
      workers: 1,
      concurrency: 2,
      tenants: await Promise.all(Array.from({ length: INTEGRATIONS }, fixtureTenant)),
      webhook: { url: receiver.url, secret: SECRET, timeoutMs: 1_000 },
    });
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
    await receiver?.close();
  });

  it("loses no event when a worker is killed -9 mid-delivery: another worker delivers every committed event", async () => {
    // The first delivery hangs: the worker sending it is killed while the request is open.
    receiver.answer((_r, i) => (i === 0 ? { status: 200, delayMs: 30_000 } : { status: 200 }));
    const [victim] = cluster.workers;
    const firstArrived = receiver.waitFor((r) => r.length >= 1, 30_000);
    const ids = await cluster.connect();
    await firstArrived;
    victim?.kill();
    await cluster.addWorker();
    await cluster.waitForFullSyncs(ids, 60_000);

    // Every event committed to the outbox is delivered (a 200), whatever the kill interrupted.
    const outbox = await waitFor(
      "every outbox delivery delivered",
      async () => {
        const { rows } = await cluster.pool.query<{ id: string; status: string }>(
          `SELECT ev.id, d.status FROM "${cluster.storage.schema}".webhook_events ev
           JOIN "${cluster.storage.schema}".webhook_deliveries d ON d.event_seq = ev.seq`,
        );
        const finished = rows.filter((r) => r.status === "delivered").length;
        return rows.length > 0 && finished === rows.length ? rows : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const accepted = new Set(receiver.received.slice(1).map((r) => r.payload.id));
    for (const { id } of outbox) expect(accepted.has(id), `event ${id} delivered`).toBe(true);
    for (const request of receiver.received) expect(receiver.verify(request, SECRET)).toBe(true);
    // Duplicates only as the same event: the hung first delivery was sent again, same id and body.
    const first = receiver.received[0];
    const again = receiver.received.filter((r) => r.payload.id === first?.payload.id);
    expect(again.length).toBeGreaterThanOrEqual(2);
    expect(new Set(again.map((r) => r.body)).size).toBe(1);
    for (const id of ids) {
      const types = receiver.received.filter(
        (r) => r.payload.data.integration_id === id || r.payload.data.id === id,
      );
      const kinds = new Set(types.map((r) => r.payload.type));
      for (const kind of [
        "integration-created",
        "integration-state-changed",
        "data-changed",
        "sync-finished",
      ])
        expect(kinds.has(kind), `${kind} of ${id}`).toBe(true);
    }
  }, 120_000);
});
