import { type Atsync, createAtsync } from "@atsync/core";
import { createHttpHandler } from "@atsync/core/http";
import {
  fixtureConnector,
  type ReceiverAnswer,
  startFixtureVendor,
  startWebhookReceiver,
  type WebhookReceiver,
} from "@atsync/core/testing";
import { createMemoryStorage } from "@atsync/storage-memory";
import {
  ConnectionFlowFailedWebhookPayload$inboundSchema,
  DataChangedWebhookPayload$inboundSchema,
  IntegrationCreatedWebhookPayload$inboundSchema,
  IntegrationDeletedWebhookPayload$inboundSchema,
  IntegrationStateChangedWebhookPayload$inboundSchema,
  SyncFinishedWebhookPayload$inboundSchema,
} from "@kombo-api/sdk/models";
import { afterEach, describe, expect, it } from "vitest";

const SECRET = "whsec_test_secret_0123456789";
const SCHEMAS: Record<string, { parse(value: unknown): unknown }> = {
  "data-changed": DataChangedWebhookPayload$inboundSchema,
  "sync-finished": SyncFinishedWebhookPayload$inboundSchema,
  "integration-state-changed": IntegrationStateChangedWebhookPayload$inboundSchema,
  "integration-created": IntegrationCreatedWebhookPayload$inboundSchema,
  "integration-deleted": IntegrationDeletedWebhookPayload$inboundSchema,
  "connection-flow-failed": ConnectionFlowFailedWebhookPayload$inboundSchema,
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** atsync on memory storage delivering to a local receiver, with fast retries. */
async function setup(options: { events?: ("data-changed" | "sync-finished")[] } = {}) {
  const receiver = await startWebhookReceiver();
  const vendor = await startFixtureVendor();
  const atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: "3".repeat(64) }),
    connectors: [fixtureConnector],
    http: { retryLimit: 1, backoffBaseMs: 1 },
    webhooks: [{ url: receiver.url, secret: SECRET, ...(options.events ? { events: options.events } : {}) }],
    webhookDelivery: { allow: ["127.0.0.1/32"], firstRetryMs: 40, timeoutMs: 2_000 },
    publicBaseUrl: "https://ats.example.com/v1/",
  });
  closers.push(
    () => receiver.close(),
    () => vendor.close(),
    () => atsync.close(),
  );
  await atsync.start();
  const connect = () =>
    atsync.integrations.connect({
      tool: "fixture",
      credentials: { baseUrl: vendor.url, apiKey: vendor.apiKey },
      settings: { createdApplicationsOnly: false },
    });
  return { atsync, receiver, vendor, connect };
}

const types = (r: WebhookReceiver) => r.received.filter((x) => x.status === 200).map((x) => x.payload.type);

describe("outbound webhooks (memory storage, a real local receiver)", () => {
  it("delivers every Kombo event type, signed, to the URL as given, valid under the SDK's schemas", async () => {
    const { atsync, receiver, vendor, connect } = await setup();
    await expect(
      atsync.integrations.connect({
        tool: "fixture",
        credentials: { baseUrl: vendor.url, apiKey: "wrong-key" },
      }),
    ).rejects.toThrow();
    const integration = await connect();
    await atsync.sync.runNow(integration.id, "full");
    await atsync.integrations.delete(integration.id);
    const expected = [
      "connection-flow-failed",
      "integration-created",
      "integration-state-changed",
      "data-changed",
      "sync-finished",
      "integration-deleted",
    ];
    await receiver.waitFor(() => expected.every((t) => types(receiver).includes(t)));
    for (const request of receiver.received) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/hooks?via=test");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["x-kombo-signature"]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(receiver.verify(request, SECRET)).toBe(true);
      expect(receiver.verify(request, "another-secret-entirely")).toBe(false);
      expect(Object.keys(request.payload)).toEqual(["id", "type", "data"]);
      SCHEMAS[request.payload.type]?.parse(request.payload);
    }
    // In order per integration: created, state (setup completed), data, finished, deleted.
    const lane = receiver.received
      .filter((r) => r.payload.type !== "connection-flow-failed")
      .map((r) => r.payload.type);
    expect([...new Set(lane)]).toEqual(expected.slice(1));
    expect(lane.at(-1)).toBe("integration-deleted");
    const finished = receiver.received.find((r) => r.payload.type === "sync-finished")?.payload.data;
    expect(finished).toMatchObject({ sync_state: "SUCCEEDED" });
    expect(Number.isInteger(finished?.sync_duration_seconds)).toBe(true);
    expect(finished?.log_url).toBe(
      `https://ats.example.com/v1/integrations/${integration.id}/sync-runs/${String(finished?.sync_id)}`,
    );
    const changed = receiver.received.find((r) => r.payload.type === "data-changed")?.payload.data;
    expect(changed?.changed_models).toContainEqual({ name: "ats_applications" });
    const endpoints = await atsync.webhooks.list();
    expect(JSON.stringify(endpoints)).not.toContain(SECRET);
  });

  it("fires data-changed within seconds of a write action", async () => {
    const { atsync, receiver, connect } = await setup({ events: ["data-changed"] });
    const integration = await connect();
    await atsync.sync.runNow(integration.id, "full");
    await receiver.waitFor((r) => r.length === 1);
    const started = Date.now();
    const jobId = (await atsync.ats(integration.id).jobs.list({ page_size: 1 })).results[0]?.id as string;
    await atsync.ats(integration.id).actions.createApplication(jobId, {
      candidate: { first_name: "New", last_name: "Person", email_address: "new.person@example.com" },
    });
    await receiver.waitFor((r) => r.length === 2, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(receiver.received[1]?.payload.data.changed_models).toContainEqual({ name: "ats_applications" });
  });

  it("retries a 500 with the same event id until the receiver accepts, honouring Retry-After", async () => {
    const { atsync, receiver, connect } = await setup({ events: ["sync-finished"] });
    const tries = new Map<string, number>();
    receiver.answer((r): ReceiverAnswer => {
      const n = (tries.get(r.payload.id) ?? 0) + 1;
      tries.set(r.payload.id, n);
      return n <= 3 ? { status: 500, headers: n === 2 ? { "retry-after": "0" } : {} } : { status: 200 };
    });
    const integration = await connect();
    await atsync.sync.runNow(integration.id, "full");
    await receiver.waitFor((r) => r.some((x) => x.status === 200));
    const id = receiver.received.find((r) => r.status === 200)?.payload.id;
    const attempts = receiver.received.filter((r) => r.payload.id === id);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    await expect
      .poll(async () => (await atsync.webhooks.deliveries({ event_id: id as string })).results[0])
      .toMatchObject({ status: "delivered", attempts: 4, last_status: 200, last_error: null });
  });

  it("a 410 disables the endpoint; dead deliveries are listed and replayed with the same id", async () => {
    const { atsync, receiver, connect } = await setup({ events: ["sync-finished"] });
    receiver.answer(() => ({ status: 410 }));
    const integration = await connect();
    await atsync.sync.runNow(integration.id, "full");
    await receiver.waitFor((r) => r.length === 1);
    await expect.poll(async () => (await atsync.webhooks.list())[0]?.disabled_at).not.toBeNull();
    await atsync.sync.runNow(integration.id, "delta");
    const dead = (await atsync.webhooks.deliveries({ status: "dead" })).results;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ last_status: 410, attempts: 1 });
    receiver.answer(() => ({ status: 200 }));
    const endpoint = (await atsync.webhooks.list())[0];
    await atsync.webhooks.enable(endpoint?.id as string);
    expect(await atsync.webhooks.replayDead()).toBe(1);
    await receiver.waitFor((r) => r.filter((x) => x.status === 200).length === 1);
    expect(receiver.received[1]?.payload.id).toBe(receiver.received[0]?.payload.id);
    const redelivered = await atsync.webhooks.redeliver(dead[0]?.id as string);
    expect(redelivered?.status).toBe("pending");
    await receiver.waitFor((r) => r.filter((x) => x.status === 200).length === 2);
    expect(receiver.received[2]?.payload.id).toBe(receiver.received[0]?.payload.id);
  });

  it("gives up after giveUpAfterMs into the dead-letter and never slows the sync", async () => {
    const receiver = await startWebhookReceiver();
    const vendor = await startFixtureVendor();
    receiver.answer(() => ({ status: 503 }));
    const atsync: Atsync = createAtsync({
      storage: createMemoryStorage({ encryptionKey: "3".repeat(64) }),
      connectors: [fixtureConnector],
      webhooks: [{ url: receiver.url, secret: SECRET, events: ["sync-finished"] }],
      webhookDelivery: { allow: ["127.0.0.1/32"], firstRetryMs: 20, giveUpAfterMs: 200 },
    });
    closers.push(
      () => receiver.close(),
      () => vendor.close(),
      () => atsync.close(),
    );
    await atsync.start();
    const integration = await atsync.integrations.connect({
      tool: "fixture",
      credentials: { baseUrl: vendor.url, apiKey: vendor.apiKey },
    });
    const run = await atsync.sync.runNow(integration.id, "full");
    expect(run.status).toBe("succeeded");
    await expect
      .poll(async () => (await atsync.webhooks.deliveries({ status: "dead" })).results.length, {
        timeout: 5_000,
      })
      .toBe(1);
    const [dead] = (await atsync.webhooks.deliveries({ status: "dead" })).results;
    expect(dead?.attempts).toBeGreaterThan(2);
    expect(dead?.last_error).toMatch(/HTTP 503; gave up after/);
  });

  it("refuses deliveries to addresses that are not allow-listed", async () => {
    const receiver = await startWebhookReceiver();
    const atsync = createAtsync({
      storage: createMemoryStorage({ encryptionKey: "3".repeat(64) }),
      connectors: [fixtureConnector],
      webhooks: [{ url: receiver.url, secret: SECRET }],
      webhookDelivery: { firstRetryMs: 10_000 },
      http: { retryLimit: 0 },
    });
    closers.push(
      () => receiver.close(),
      () => atsync.close(),
    );
    await atsync.start();
    await atsync.integrations
      .connect({ tool: "fixture", credentials: { baseUrl: "http://127.0.0.1:1", apiKey: "x" } })
      .catch(() => null);
    await expect
      .poll(async () => (await atsync.webhooks.deliveries()).results[0]?.last_error)
      .toMatch(/loopback/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("webhook management routes", () => {
  it("lists, creates and deletes endpoints without secrets; lists, redelivers and replays deliveries", async () => {
    const { atsync, receiver, connect } = await setup({ events: ["sync-finished"] });
    const handler = createHttpHandler({ atsync, basePath: "/v1" });
    const { key } = await atsync.apiKeys.create("test");
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await handler(
        new Request(`http://localhost/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("second-endpoint-secret");
      return { status: response.status, body: JSON.parse(text) as { data: Record<string, unknown> } };
    };
    const created = await call("POST", "/webhooks/endpoints", {
      url: "https://hooks.example.com/atsync",
      secret: "second-endpoint-secret",
      events: ["data-changed"],
    });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({
      url: "https://hooks.example.com/atsync",
      events: ["data-changed"],
    });
    expect((await call("POST", "/webhooks/endpoints", { url: "ftp://x", secret: "short" })).status).toBe(400);
    const listed = await call("GET", "/webhooks/endpoints");
    expect((listed.body.data.results as unknown[]).length).toBe(2);
    expect((await call("DELETE", `/webhooks/endpoints/${String(created.body.data.id)}`)).status).toBe(200);
    expect((await call("DELETE", `/webhooks/endpoints/${String(created.body.data.id)}`)).status).toBe(400);

    receiver.answer(() => ({ status: 410 }));
    const integration = await connect();
    await atsync.sync.runNow(integration.id, "full");
    await expect
      .poll(async () => (await call("GET", "/webhooks/deliveries?status=dead")).body.data.results)
      .toHaveLength(1);
    const [dead] = (await call("GET", "/webhooks/deliveries?status=dead&page_size=5")).body.data.results as {
      id: string;
      attempts: number;
      last_error: string;
    }[];
    expect(dead).toMatchObject({ attempts: 1, last_error: "HTTP 410 Gone: endpoint disabled" });
    receiver.answer(() => ({ status: 200 }));
    const endpointId = ((await call("GET", "/webhooks/endpoints")).body.data.results as { id: string }[])[0]
      ?.id;
    expect((await call("POST", `/webhooks/endpoints/${endpointId}/enable`)).status).toBe(200);
    expect((await call("POST", "/webhooks/dead-letter/replay", {})).body.data).toEqual({ replayed: 1 });
    await receiver.waitFor((r) => r.some((x) => x.status === 200));
    expect((await call("POST", `/webhooks/deliveries/${dead?.id}/redeliver`)).status).toBe(200);
    expect((await call("POST", "/webhooks/deliveries/whd_nope/redeliver")).status).toBe(400);
    const openapi = (await (await handler(new Request("http://localhost/v1/openapi.json"))).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(["/webhooks/endpoints", "/webhooks/deliveries", "/webhooks/dead-letter/replay"]),
    );
  });
});
