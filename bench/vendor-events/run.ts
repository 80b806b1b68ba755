/**
 * Benchmark (not a test): iCIMS event notifications end to end. A seeded iCIMS simulator (every
 * call answered after `--latency-ms`) pushes HMAC-signed gzip events (a share duplicated, delivery
 * jittered so events arrive out of order) to atsync's receiver over HTTP; atsync on memory storage
 * runs the targeted refreshes. `--events` workflow status changes (default 200, one every
 * `--interval-ms`, alternately through the simulator's PATCH API and a state mutation) are timed
 * from the change to the moment `GET /v1/ats/applications` shows the new stage, and to the first
 * `data-changed` webhook after it. Prints p50/p95/max latency, vendor calls per event (everything
 * the simulator served minus the PATCHes) and a check that forged events change nothing.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/vendor-events/run.ts [--events N] [--interval-ms N] [--latency-ms N] [--applications N]
 */
import "reflect-metadata";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { icimsConnector } from "@atsync/connector-icims";
import { createAtsync } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { startWebhookReceiver } from "@atsync/core/testing";
import { createIcimsSimulator, signIcimsHmac } from "@atsync/icims-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";
import { percentile, printTable, round, writeResults } from "../postgres/common.js";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "200" },
    "interval-ms": { type: "string", default: "150" },
    "latency-ms": { type: "string", default: "20" },
    applications: { type: "string", default: "4000" },
    "duplicate-rate": { type: "string", default: "0.2" },
    "reorder-ms": { type: "string", default: "300" },
  },
});
const EVENTS = Number(values.events);
const INTERVAL_MS = Number(values["interval-ms"]);
const LATENCY_MS = Number(values["latency-ms"]);
const APPLICATIONS = Number(values.applications);
const SECRET = "bench-icims-event-secret-0123";
const WEBHOOK_SECRET = "bench-webhook-secret-0123456";

const sim = await createIcimsSimulator({
  seed: 42,
  jobs: 100,
  people: Math.max(200, Math.ceil(APPLICATIONS / 2)),
  applications: APPLICATIONS,
  faults: { latencyMs: LATENCY_MS },
});
const hooks = await startWebhookReceiver();
const atsync = createAtsync({
  storage: createMemoryStorage({ encryptionKey: "6".repeat(64) }),
  connectors: [icimsConnector],
  webhooks: [{ url: hooks.url, secret: WEBHOOK_SECRET, events: ["data-changed"] }],
  webhookDelivery: { allow: ["127.0.0.1/32"] },
  // Deltas stay on their usual 15-minute schedule, so none falls inside this benchmark's minute.
  scheduler: { deltaIntervalMinutes: 15 },
});
const integration = await atsync.integrations.connect({
  tool: "icims",
  credentials: { ...sim.connectorCredentials, eventAuth: "hmac", eventUser: "icims", eventSecret: SECRET },
  settings: { createdApplicationsOnly: false, connector: sim.connectorSettings },
});
const syncStarted = performance.now();
await atsync.sync.runNow(integration.id, "full");
const syncSeconds = (performance.now() - syncStarted) / 1000;
await atsync.start();
const key = (await atsync.apiKeys.create("bench")).key;
const server = createServer(toNodeListener(createHttpHandler({ atsync, basePath: "/v1" })));
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
const receiverUrl = `${base}${(await atsync.vendorEvents.endpoints(integration.id))?.url}`;
sim.state.setEventNotifications({
  url: receiverUrl,
  auth: { mode: "hmac", secret: SECRET, user: "icims" },
  duplicateRate: Number(values["duplicate-rate"]),
  reorderWindowMs: Number(values["reorder-ms"]),
});

const statuses = (sim.state.listTree(sim.connectorSettings.statusListId) ?? []).flatMap((b) =>
  (b.children ?? []).map((s) => s.id),
);
const workflows = sim.state
  .visible("applicantworkflows")
  .map((w) => String(w.id))
  .slice(0, EVENTS);
if (workflows.length < EVENTS) throw new Error(`only ${workflows.length} workflows for ${EVENTS} events`);

/** One timed status change. */
interface Change {
  workflow: string;
  status: string;
  at: number;
  visibleAt: number | null;
  hookAt: number | null;
}
const changes: Change[] = [];
const basic = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString("base64")}`;
const api = (path: string) =>
  fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${key}`, "x-integration-id": integration.id },
  });

// Poll what the API shows for the changes not yet visible, every 100 ms.
let polling = true;
const poller = (async () => {
  while (polling) {
    const open = changes.filter((c) => c.visibleAt === null);
    for (let i = 0; i < open.length; i += 100) {
      const chunk = open.slice(i, i + 100);
      const answer = await api(
        `/ats/applications?page_size=100&remote_ids=${chunk.map((c) => c.workflow).join(",")}`,
      );
      const page = (await answer.json()) as {
        data: { results: { remote_id: string; current_stage: { remote_id: string } | null }[] };
      };
      const now = performance.now();
      const stage = new Map(page.data.results.map((r) => [r.remote_id, r.current_stage?.remote_id]));
      for (const c of chunk) if (stage.get(c.workflow) === c.status) c.visibleAt = now;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
})();
const hookTimes: number[] = [];
const hookStart = hooks.received.length;
const offset = Date.now() - performance.now();

sim.state.resetStats();
const runStarted = performance.now();
for (const [i, workflow] of workflows.entries()) {
  const current = (
    sim.state.get("applicantworkflows", Number(workflow))?.status as { id?: string } | undefined
  )?.id;
  const status = statuses.find((s) => s !== current) as string;
  const change: Change = { workflow, status, at: performance.now(), visibleAt: null, hookAt: null };
  changes.push(change);
  if (i % 2 === 0) {
    const answer = await fetch(`${sim.baseUrl}/applicantworkflows/${workflow}`, {
      method: "PATCH",
      headers: { authorization: basic, "content-type": "application/json" },
      body: JSON.stringify({ status: { id: status } }),
    });
    if (answer.status !== 204) throw new Error(`PATCH answered ${answer.status}`);
  } else {
    sim.state.mutate({
      op: "update",
      type: "applicantworkflows",
      id: Number(workflow),
      fields: { status: { id: status } },
    });
  }
  await new Promise((r) => setTimeout(r, INTERVAL_MS));
}
const deadline = performance.now() + 120_000;
while (changes.some((c) => c.visibleAt === null) && performance.now() < deadline)
  await new Promise((r) => setTimeout(r, 100));
await sim.state.flushEvents();
await atsync.vendorEvents.idle();
await new Promise((r) => setTimeout(r, 1_500));
polling = false;
await poller;
for (const w of hooks.received.slice(hookStart)) hookTimes.push(w.at - offset);
for (const c of changes) {
  if (c.visibleAt === null) continue;
  c.hookAt = hookTimes.find((t) => t >= (c.visibleAt as number) - 150) ?? null;
}

const stats = sim.state.stats();
const patches = stats["PATCH /applicantworkflows/{id}"] ?? 0;
const vendorCalls = Object.values(stats).reduce((a, b) => a + b, 0) - patches;
const events = sim.state.eventStats();

// Forged events: signed with another key, or tampered after signing — all must be refused, nothing read.
const before = Object.values(sim.state.stats()).reduce((a, b) => a + b, 0);
let forgedRefused = 0;
const FORGED = 20;
for (let i = 0; i < FORGED; i++) {
  const workflow = workflows[i] as string;
  const payload = {
    customerId: String(sim.customerId),
    eventType: "WorkFlowStatusChangeEvent",
    systemId: workflow,
    newStatus: statuses[0],
    oldStatus: statuses[1],
  };
  const body = gzipSync(Buffer.from(JSON.stringify(payload)));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-encoding": "gzip",
    "x-icims-date": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    "x-icims-content-sha256": createHash("sha256").update(body).digest("hex"),
  };
  headers.authorization = signIcimsHmac(
    "POST",
    new URL(receiverUrl),
    { ...headers, host: new URL(receiverUrl).host },
    { secret: i % 2 === 0 ? "not-the-secret-0123456789" : SECRET, user: "icims" },
  );
  const sent = i % 2 === 0 ? body : gzipSync(Buffer.from(JSON.stringify({ ...payload, systemId: "1" })));
  const answer = await fetch(receiverUrl, { method: "POST", headers, body: sent });
  if (answer.status === 401) forgedRefused++;
}
await atsync.vendorEvents.idle();
const forgedCalls = Object.values(sim.state.stats()).reduce((a, b) => a + b, 0) - before;

const visible = changes
  .filter((c) => c.visibleAt !== null)
  .map((c) => ((c.visibleAt as number) - c.at) / 1000);
const hooked = changes.filter((c) => c.hookAt !== null).map((c) => ((c.hookAt as number) - c.at) / 1000);
const results = {
  events: EVENTS,
  interval_ms: INTERVAL_MS,
  latency_ms: LATENCY_MS,
  applications: APPLICATIONS,
  first_sync_seconds: round(syncSeconds),
  run_seconds: round((performance.now() - runStarted) / 1000),
  visible: visible.length,
  visible_p50_s: round(percentile(visible, 50)),
  visible_p95_s: round(percentile(visible, 95)),
  visible_max_s: round(Math.max(...visible)),
  webhook_p50_s: round(percentile(hooked, 50)),
  webhook_p95_s: round(percentile(hooked, 95)),
  data_changed_webhooks: hookTimes.length,
  deliveries: events.delivered,
  duplicate_deliveries: events.duplicates,
  vendor_calls: vendorCalls,
  vendor_calls_per_event: round(vendorCalls / EVENTS),
  forged_refused: `${forgedRefused}/${FORGED}`,
  forged_vendor_calls: forgedCalls,
};
printTable("iCIMS event notifications → visible through GET /v1/ats/applications", [
  { metric: "status changes (events)", value: EVENTS },
  { metric: "visible within the run", value: visible.length },
  { metric: "latency p50 (s)", value: results.visible_p50_s },
  { metric: "latency p95 (s) — target ≤ 60", value: results.visible_p95_s },
  { metric: "latency max (s)", value: results.visible_max_s },
  {
    metric: "data-changed webhook p50 / p95 (s)",
    value: `${results.webhook_p50_s} / ${results.webhook_p95_s}`,
  },
  { metric: "deliveries (duplicates among them)", value: `${events.delivered} (${events.duplicates})` },
  { metric: "vendor calls per event — target ≤ 3", value: results.vendor_calls_per_event },
  { metric: "forged events refused (vendor calls)", value: `${results.forged_refused} (${forgedCalls})` },
]);
await writeResults("vendor-events", results);
server.closeAllConnections();
await new Promise<void>((r) => server.close(() => r()));
await atsync.close();
await hooks.close();
await sim.close();
const ok =
  visible.length === EVENTS &&
  results.visible_p95_s <= 60 &&
  results.vendor_calls_per_event <= 3 &&
  forgedRefused === FORGED &&
  forgedCalls === 0;
process.exitCode = ok ? 0 : 1;
