import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { startWebhookReceiver, type WebhookReceiver } from "@atsync/core/testing";
import { type EventAuthOptions, type IcimsSimulator, signIcimsHmac } from "@atsync/icims-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGreenhouseHarness } from "./greenhouse-harness.js";
import { type IcimsHarness, startIcimsHarness, truthIds } from "./icims-harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

const EVENT_SECRET = "icims-event-secret-0123456789";
const EVENT_USER = "icims-events";
const WEBHOOK_SECRET = "whsec_vendor_events_0123456789";

type Mode = "hmac" | "basic" | "oauth";

/** An iCIMS integration on the simulator whose event notifications reach atsync's receiver over HTTP. */
interface EventTenant {
  h: IcimsHarness;
  sim: IcimsSimulator;
  server: SdkServer;
  hooks: WebhookReceiver;
  /** The integration's receiver URL (absolute). */
  receiverUrl: string;
  /** Points the simulator's notifications at the receiver with `auth` and extra options. */
  notify(extra?: Partial<Parameters<IcimsSimulator["state"]["setEventNotifications"]>[0] & object>): void;
  close(): Promise<void>;
}

function senderAuth(mode: Mode): EventAuthOptions {
  switch (mode) {
    case "hmac":
      return { mode: "hmac", secret: EVENT_SECRET, user: EVENT_USER };
    case "basic":
      return { mode: "basic", username: EVENT_USER, password: EVENT_SECRET };
    case "oauth":
      return { mode: "oauth", clientId: EVENT_USER, clientSecret: EVENT_SECRET };
  }
}

async function startEventTenant(mode: Mode): Promise<EventTenant> {
  const hooks = await startWebhookReceiver();
  const h = await startIcimsHarness({
    credentials: { eventAuth: mode, eventUser: EVENT_USER, eventSecret: EVENT_SECRET },
    atsync: {
      webhooks: [{ url: hooks.url, secret: WEBHOOK_SECRET, events: ["data-changed"] }],
      webhookDelivery: { allow: ["127.0.0.1/32"], firstRetryMs: 40, timeoutMs: 2_000 },
      vendorEvents: { coalesceMs: 50 },
      scheduler: { deltaIntervalMinutes: 24 * 60, deletionScanIntervalMinutes: 7 * 24 * 60 },
    },
  });
  await h.atsync.sync.runNow(h.integrationId, "full");
  await h.atsync.start();
  const server = await serveSdk(h.atsync, h.integrationId);
  const endpoints = await h.atsync.vendorEvents.endpoints(h.integrationId);
  const receiverUrl = `${server.base}${endpoints?.url}`;
  return {
    h,
    sim: h.sim,
    server,
    hooks,
    receiverUrl,
    notify: (extra = {}) =>
      h.sim.state.setEventNotifications({ url: receiverUrl, auth: senderAuth(mode), ...extra }),
    close: async () => {
      await server.close();
      await h.close();
      await hooks.close();
    },
  };
}

/** A tenant for the tests of one `describe` (started before them, closed after). */
function useEventTenant(mode: Mode, started: (tenant: EventTenant) => void): void {
  let t: EventTenant | undefined;
  beforeAll(async () => {
    t = await startEventTenant(mode);
    started(t);
  }, 60_000);
  afterAll(async () => t?.close());
}

/** Moves a workflow to `status` at the vendor (a state mutation, as an iCIMS user would). */
function setStatus(sim: IcimsSimulator, workflow: string, status: string): void {
  sim.state.mutate({
    op: "update",
    type: "applicantworkflows",
    id: Number(workflow),
    fields: { status: { id: status } },
  });
}

/** An answer's JSON body, loosely typed for assertions. */
interface Answer {
  data: Record<string, unknown>;
  error: { code: string; message: string };
}
const read = async (response: Response | Promise<Response>) => (await (await response).json()) as Answer;

/** Every request the simulator served (vendor calls of atsync). */
const calls = (sim: IcimsSimulator) => Object.values(sim.state.stats()).reduce((a, b) => a + b, 0);

/** A status of the tenant's workflow list other than the workflow's current one. */
function otherStatus(sim: IcimsSimulator, workflow: string, not: string[] = []): string {
  const current = (sim.state.get("applicantworkflows", Number(workflow))?.status as { id?: string })?.id;
  const all = (sim.state.listTree(sim.connectorSettings.statusListId) ?? []).flatMap((bin) =>
    (bin.children ?? []).map((s) => s.id),
  );
  return all.find((s) => s !== current && !not.includes(s)) as string;
}

/** The application's current stage remote id as GET /v1/ats/applications answers it. */
async function storedStage(t: EventTenant, workflow: string): Promise<string | null> {
  const page = await t.server.kombo.ats.getApplications({ remote_ids: [workflow] });
  const app = page.result.data.results[0];
  return app?.current_stage?.remote_id ?? null;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Settles notifications, refreshes and webhook deliveries. */
async function settle(t: EventTenant): Promise<void> {
  await t.sim.state.flushEvents();
  await t.h.atsync.vendorEvents.idle();
}

/** A signed (HMAC) POST of `payload` to the receiver, as iCIMS sends it. */
function signedPost(url: string, payload: unknown, secret = EVENT_SECRET, body?: Buffer): Promise<Response> {
  const gz = body ?? gzipSync(Buffer.from(JSON.stringify(payload)));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-encoding": "gzip",
    "x-icims-date": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    "x-icims-content-sha256": createHash("sha256").update(gz).digest("hex"),
  };
  headers["authorization"] = signIcimsHmac(
    "POST",
    new URL(url),
    { ...headers, host: new URL(url).host },
    {
      secret,
      user: EVENT_USER,
    },
  );
  return fetch(url, { method: "POST", headers, body: gz });
}

function statusEvent(sim: IcimsSimulator, workflow: string, newStatus: string) {
  const wf = sim.state.get("applicantworkflows", Number(workflow)) as
    | Record<string, { id?: number }>
    | undefined;
  return {
    customerId: String(sim.customerId),
    userId: "1",
    systemId: workflow,
    eventType: "WorkFlowStatusChangeEvent",
    newStatus,
    oldStatus: "D10100",
    jobId: String(wf?.baseprofile?.id ?? ""),
    personId: String(wf?.associatedprofile?.id ?? ""),
    links: [],
  };
}

describe.each(["hmac", "basic", "oauth"] as const)(
  "iCIMS event notifications with %s sender authentication",
  (mode) => {
    let t: EventTenant;
    useEventTenant(mode, (started) => {
      t = started;
    });

    it("makes a workflow status change visible in GET /v1/ats/applications and a data-changed webhook, at one vendor call", async () => {
      t.notify();
      const workflow = truthIds(t.sim, "applicantworkflows")[2] as string;
      const status = otherStatus(t.sim, workflow);
      const before = calls(t.sim);
      const hooksBefore = t.hooks.received.length;
      setStatus(t.sim, workflow, status);
      expect(
        await until(
          () => storedStage(t, workflow),
          (s) => s === status,
        ),
      ).toBe(status);
      await settle(t);
      expect(calls(t.sim) - before).toBe(1);
      expect(t.sim.state.stats()["GET /applicantworkflows/{id}"]).toBeGreaterThan(0);
      expect(t.sim.state.eventStats()).toMatchObject({ emitted: 1, delivered: 1, failed: 0 });
      await t.hooks.waitFor((r) => r.slice(hooksBefore).some((w) => w.payload.type === "data-changed"));
      const hook = t.hooks.received.slice(hooksBefore).find((w) => w.payload.type === "data-changed");
      expect(hook && t.hooks.verify(hook, WEBHOOK_SECRET)).toBe(true);
      expect(JSON.stringify(hook?.payload.data)).toContain("ats_applications");
    });

    it("shows the receiver URL and the configured authentication with the integration, never the secret", async () => {
      const answer = await t.server.raw(`/integrations/${t.h.integrationId}`);
      const text = await answer.text();
      expect(JSON.parse(text).data.atsync_vendor_events).toEqual({
        url: `/vendor-events/icims/${t.h.integrationId}`,
        token_url: `/vendor-events/icims/${t.h.integrationId}/oauth/token`,
        auth_mode: mode,
      });
      expect(text).not.toContain(EVENT_SECRET);
    });

    it("refuses a request without the sender's authentication (401) and changes nothing", async () => {
      const workflow = truthIds(t.sim, "applicantworkflows")[4] as string;
      const stage = await storedStage(t, workflow);
      const answer = await fetch(t.receiverUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Basic ${Buffer.from(`${EVENT_USER}:wrong-secret-000000`).toString("base64")}`,
        },
        body: JSON.stringify(statusEvent(t.sim, workflow, otherStatus(t.sim, workflow))),
      });
      expect(answer.status).toBe(401);
      expect((await read(answer)).error.code).toBe("PLATFORM.AUTHENTICATION_INVALID");
      expect(await t.h.atsync.storage.vendorEvents.pending(t.h.integrationId, 10)).toEqual([]);
      expect(await storedStage(t, workflow)).toBe(stage);
    });
  },
);

describe("iCIMS event notifications: duplicates, forgeries, order, bursts", () => {
  let t: EventTenant;
  useEventTenant("hmac", (started) => {
    t = started;
  });

  it("answers a redelivered event 200 with duplicate: true, with no vendor call and no change", async () => {
    t.notify({ duplicateRate: 1 });
    const workflow = truthIds(t.sim, "applicantworkflows")[5] as string;
    const status = otherStatus(t.sim, workflow);
    const before = calls(t.sim);
    const { entries: feedBefore } = await t.h.atsync.changesSince(t.h.integrationId, null, 1000);
    setStatus(t.sim, workflow, status);
    await settle(t);
    expect(await storedStage(t, workflow)).toBe(status);
    expect(t.sim.state.eventStats()).toMatchObject({ emitted: 1, duplicates: 1, delivered: 2 });
    expect(calls(t.sim) - before).toBe(1);
    const { entries: feedAfter } = await t.h.atsync.changesSince(t.h.integrationId, null, 1000);
    expect(feedAfter.length - feedBefore.length).toBe(1);
    // A redelivery by hand: the first copy is new (a refresh reads the record again, changing nothing), the second a duplicate.
    const event = statusEvent(t.sim, workflow, status);
    const first = await read(signedPost(t.receiverUrl, event));
    expect(first.data).toMatchObject({ duplicate: false, accepted: true, refresh: { applications: 1 } });
    await t.h.atsync.vendorEvents.idle();
    const afterFirst = calls(t.sim);
    const again = await signedPost(t.receiverUrl, event);
    expect(again.status).toBe(200);
    expect((await read(again)).data).toMatchObject({ duplicate: true, accepted: false, refresh: {} });
    await t.h.atsync.vendorEvents.idle();
    expect(calls(t.sim)).toBe(afterFirst);
    const { entries: feedEnd } = await t.h.atsync.changesSince(t.h.integrationId, null, 1000);
    expect(feedEnd.length).toBe(feedAfter.length);
  });

  it("refuses forged events (bad signature, other key, tampered body, stale date) with 401 and changes nothing", async () => {
    t.sim.state.setEventNotifications(null);
    const workflow = truthIds(t.sim, "applicantworkflows")[6] as string;
    const stage = await storedStage(t, workflow);
    const event = statusEvent(t.sim, workflow, otherStatus(t.sim, workflow));
    const before = calls(t.sim);
    expect((await signedPost(t.receiverUrl, event, "another-secret-0123456789")).status).toBe(401);
    // Signed over one body, sent with another.
    const signed = gzipSync(Buffer.from(JSON.stringify(event)));
    const tampered = gzipSync(Buffer.from(JSON.stringify({ ...event, systemId: "1" })));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "content-encoding": "gzip",
      "x-icims-date": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      "x-icims-content-sha256": createHash("sha256").update(signed).digest("hex"),
    };
    headers["authorization"] = signIcimsHmac(
      "POST",
      new URL(t.receiverUrl),
      { ...headers, host: new URL(t.receiverUrl).host },
      { secret: EVENT_SECRET, user: EVENT_USER },
    );
    expect((await fetch(t.receiverUrl, { method: "POST", headers, body: tampered })).status).toBe(401);
    const stale: Record<string, string> = { ...headers, "x-icims-date": "2020-01-01T00:00:00Z" };
    stale["authorization"] = signIcimsHmac(
      "POST",
      new URL(t.receiverUrl),
      { ...stale, host: new URL(t.receiverUrl).host },
      { secret: EVENT_SECRET, user: EVENT_USER },
    );
    expect((await fetch(t.receiverUrl, { method: "POST", headers: stale, body: signed })).status).toBe(401);
    expect((await fetch(t.receiverUrl, { method: "POST", body: signed })).status).toBe(401);
    await t.h.atsync.vendorEvents.idle();
    expect(await t.h.atsync.storage.vendorEvents.pending(t.h.integrationId, 10)).toEqual([]);
    expect(calls(t.sim) - before).toBe(0);
    expect(await storedStage(t, workflow)).toBe(stage);
  });

  it("answers 404 for an unknown routing key or tool, and 400 naming the field for a bad body", async () => {
    const base = t.receiverUrl.replace(/\/[^/]+$/, "");
    expect((await signedPost(`${base}/icims_nosuchintegration`, {})).status).toBe(404);
    expect((await signedPost(t.receiverUrl.replace("/icims/", "/nosuchtool/"), {})).status).toBe(404);
    const notGzip = await signedPost(t.receiverUrl, null, EVENT_SECRET, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(notGzip.status).toBe(400);
    expect((await read(notGzip)).error.message).toContain("gzip");
    const otherTenant = await signedPost(t.receiverUrl, { ...statusEvent(t.sim, "1", "x"), customerId: "1" });
    expect(otherTenant.status).toBe(400);
    expect((await read(otherTenant)).error.message).toContain("customerId");
    const noId = await signedPost(t.receiverUrl, { ...statusEvent(t.sim, "1", "x"), systemId: "abc" });
    expect((await read(noId)).error.message).toContain("systemId");
    const ignored = await signedPost(t.receiverUrl, {
      customerId: String(t.sim.customerId),
      eventType: "RemoteLoginEvent",
      systemId: "5",
    });
    expect(ignored.status).toBe(200);
    expect((await read(ignored)).data).toMatchObject({ accepted: true, refresh: {} });
  });

  it("keeps the newest state when events arrive out of order", async () => {
    t.sim.state.setEventNotifications(null);
    const workflow = truthIds(t.sim, "applicantworkflows")[7] as string;
    const first = otherStatus(t.sim, workflow);
    setStatus(t.sim, workflow, first);
    const second = otherStatus(t.sim, workflow, [first]);
    setStatus(t.sim, workflow, second);
    // The second change's event arrives first, the first change's event afterwards.
    expect((await signedPost(t.receiverUrl, statusEvent(t.sim, workflow, second))).status).toBe(200);
    await t.h.atsync.vendorEvents.idle();
    expect(await storedStage(t, workflow)).toBe(second);
    expect((await signedPost(t.receiverUrl, statusEvent(t.sim, workflow, first))).status).toBe(200);
    await t.h.atsync.vendorEvents.idle();
    expect(await storedStage(t, workflow)).toBe(second);
  });

  it("coalesces a burst (many events, the same records several times, shuffled) into one GET per record", async () => {
    t.notify({ reorderWindowMs: 30 });
    const workflows = truthIds(t.sim, "applicantworkflows").slice(20, 30);
    const before = t.sim.state.stats()["GET /applicantworkflows/{id}"] ?? 0;
    const final = new Map<string, string>();
    for (let round = 0; round < 3; round++) {
      for (const w of workflows) {
        const status = otherStatus(t.sim, w);
        final.set(w, status);
        setStatus(t.sim, w, status);
      }
    }
    await settle(t);
    expect(t.sim.state.eventStats()).toMatchObject({ emitted: 30, delivered: 30 });
    for (const w of workflows) expect(await storedStage(t, w)).toBe(final.get(w));
    const gets = (t.sim.state.stats()["GET /applicantworkflows/{id}"] ?? 0) - before;
    expect(gets).toBeGreaterThanOrEqual(10);
    expect(gets).toBeLessThan(30);
  });

  it("refreshes a workflow created through the vendor's write API and its person (ApplicationCompletedEvent)", async () => {
    t.notify();
    const taken = new Set(
      t.sim.state
        .list("applicantworkflows")
        .map((w) => `${(w.associatedprofile as { id: number }).id}:${(w.baseprofile as { id: number }).id}`),
    );
    const person = Number(truthIds(t.sim, "candidates")[0]);
    const job = t.sim.state.list("jobs").find((j) => !taken.has(`${person}:${j.id}`))?.id as number;
    const { id } = t.sim.state.mutate({
      op: "create",
      type: "applicantworkflows",
      fields: { baseprofile: job, associatedprofile: person },
    });
    const found = await until(
      async () =>
        (await t.server.kombo.ats.getApplications({ remote_ids: [String(id)] })).result.data.results,
      (r) => r.length === 1,
    );
    expect(found[0]?.candidate?.remote_id).toBe(String(person));
  });

  it("answers an event for a disabled integration 200 without refreshing", async () => {
    await t.h.atsync.integrations.setEnabled(t.h.integrationId, false);
    const workflow = truthIds(t.sim, "applicantworkflows")[9] as string;
    const answer = await signedPost(t.receiverUrl, statusEvent(t.sim, workflow, "X1"));
    expect(answer.status).toBe(200);
    expect((await read(answer)).data).toMatchObject({ accepted: false, ignored: "integration is INACTIVE" });
    expect(await t.h.atsync.storage.vendorEvents.pending(t.h.integrationId, 10)).toEqual([]);
    await t.h.atsync.integrations.setEnabled(t.h.integrationId, true);
  });
  it("still sees a change whose event never arrives at the next delta", async () => {
    t.sim.state.setEventNotifications(null);
    const workflow = truthIds(t.sim, "applicantworkflows")[8] as string;
    const status = otherStatus(t.sim, workflow);
    setStatus(t.sim, workflow, status);
    t.sim.state.advance(16 * 60_000);
    expect(await storedStage(t, workflow)).not.toBe(status);
    await t.h.atsync.sync.runNow(t.h.integrationId, "delta");
    expect(await storedStage(t, workflow)).toBe(status);
  });
});

describe("the OAuth token endpoint of the receiver", () => {
  let t: EventTenant;
  useEventTenant("oauth", (started) => {
    t = started;
  });

  it("issues a bearer token for the right client only, and the receiver refuses a forged token", async () => {
    const token = (body: Record<string, string>) =>
      fetch(`${t.receiverUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body).toString(),
      });
    const wrong = await token({
      grant_type: "client_credentials",
      client_id: EVENT_USER,
      client_secret: "nope-nope-nope-nope",
    });
    expect(wrong.status).toBe(401);
    expect((await read(wrong)).error.code).toBe("PLATFORM.AUTHENTICATION_INVALID");
    expect(
      (await token({ grant_type: "password", client_id: EVENT_USER, client_secret: EVENT_SECRET })).status,
    ).toBe(400);
    const asJson = await fetch(`${t.receiverUrl}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: EVENT_USER,
        client_secret: EVENT_SECRET,
      }),
    });
    expect(asJson.status).toBe(200);
    const viaBasic = await fetch(`${t.receiverUrl}/oauth/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${EVENT_USER}:${EVENT_SECRET}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    expect(viaBasic.status).toBe(200);
    const good = await token({
      grant_type: "client_credentials",
      client_id: EVENT_USER,
      client_secret: EVENT_SECRET,
    });
    const issued = (await good.json()) as { access_token: string };
    expect(issued).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const forged = `${issued.access_token.slice(0, -4)}0000`;
    const refused = await fetch(t.receiverUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${forged}` },
      body: JSON.stringify({ customerId: String(t.sim.customerId), eventType: "RemoteLoginEvent" }),
    });
    expect(refused.status).toBe(401);
    const accepted = await fetch(t.receiverUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${issued.access_token}` },
      body: JSON.stringify({ customerId: String(t.sim.customerId), eventType: "RemoteLoginEvent" }),
    });
    expect(accepted.status).toBe(200);
  });
});

describe("a connector without vendor events", () => {
  it("answers INTEGRATION.ACTION_NOT_AVAILABLE (400) at the receiver and shows no receiver URL", async () => {
    const h = await startGreenhouseHarness();
    try {
      await h.atsync.sync.runNow(h.integrationId, "full");
      const server = await serveSdk(h.atsync, h.integrationId);
      try {
        const answer = await fetch(`${server.base}/vendor-events/greenhouse/${h.integrationId}`, {
          method: "POST",
          body: JSON.stringify({ action: "candidate_stage_change" }),
        });
        expect(answer.status).toBe(400);
        expect((await read(answer)).error.message).toMatch(
          /does not push event notifications.*ACTION_NOT_AVAILABLE/,
        );
        const details = await read(server.raw(`/integrations/${h.integrationId}`));
        expect(details.data.atsync_vendor_events).toBeUndefined();
        expect(await h.atsync.vendorEvents.endpoints(h.integrationId)).toBeNull();
      } finally {
        await server.close();
      }
    } finally {
      await h.close();
    }
  });
});
