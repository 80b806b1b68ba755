/**
 * A complete host in one file: atsync embedded with memory storage and the iCIMS connector,
 * connected to a local iCIMS simulator, synced, read, written to, and served over Kombo's HTTP API.
 * Strict TypeScript without casts; the same file runs in this repository and, compiled, against
 * the published packages (`scripts/consumer-check.mjs`).
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs docs/examples/embed.ts
 */
import { createServer } from "node:http";
import { icimsConnector } from "@atsync/connector-icims";
import { createAtsync } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { createIcimsSimulator } from "@atsync/icims-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";

// 1. A vendor to talk to. With a real tenant, skip this and pass its credentials below.
const simulator = await createIcimsSimulator({ seed: 1, jobs: 20, people: 200, applications: 400 });

// 2. One atsync instance: storage, connectors, (optionally) a pino logger and an encryption key.
const atsync = createAtsync({
  storage: createMemoryStorage({ encryptionKey: process.env.ATSYNC_ENCRYPTION_KEY ?? "0".repeat(64) }),
  connectors: [icimsConnector],
});
atsync.events.on("sync-finished", (event) => {
  console.log(`sync ${event.data.sync_id} ended: ${event.data.sync_state}`);
});

// 3. Connect a customer's account: credentials are validated, checked against iCIMS, encrypted.
const integration = await atsync.integrations.connect({
  tool: "icims",
  credentials: simulator.connectorCredentials,
  end_user: { organization_name: "Acme Corp", origin_id: "acme-42" },
  // Kombo's default syncs only what atsync created; this example syncs everything. `connector`
  // holds the iCIMS connector's own settings (status list, portals), apart from the credentials.
  settings: { createdApplicationsOnly: false, connector: simulator.connectorSettings },
});

// 4. Sync. `runNow` runs the first full sync here and waits for it; `start()` then keeps the
//    integration in sync (deltas, daily deletion scans) without repeating that first sync.
//    A long-running host may call only `start()`: it runs the first full sync by itself.
const run = await atsync.sync.runNow(integration.id, "full");
console.log(`first sync: ${run.status}, ${run.counts.applications?.inserted ?? 0} applications`);
await atsync.start();

// 5. Read in Kombo's shape, with Kombo's filters and cursors; results are typed (`JobResult`, …).
const ats = atsync.ats(integration.id);
const jobs = await ats.jobs.list({ page_size: 5, statuses: ["OPEN"] });
console.log(`open jobs on the first page: ${jobs.results.length}, more: ${jobs.next !== null}`);
const job = jobs.results[0];
if (!job) throw new Error("no open job to apply to");
console.log(`${job.name}: ${job.stages.length} stages, ${job.hiring_team.length} on the hiring team`);

// 6. Write through the vendor; the new records are readable at once.
await ats.actions.createApplication(
  job.id,
  { candidate: { first_name: "Ada", last_name: "Lovelace", email_address: "ada@example.com" } },
  { idempotencyKey: "example-1" },
);
const [ada] = (await ats.candidates.list({ email: "ada@example.com" })).results;
const application = ada?.applications.find((a) => a.job?.id === job.id);
if (!application) throw new Error("the created application is not readable");
console.log(`applied to ${job.name}: application ${application.id} in ${application.current_stage?.name}`);

// 7. Serve Kombo's HTTP API (so `@kombo-api/sdk` works with serverURL http://host:port/v1).
const { key } = await atsync.apiKeys.create("example");
const server = createServer(toNodeListener(createHttpHandler({ atsync, basePath: "/v1" })));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
if (address === null || typeof address === "string") throw new Error("not listening on TCP");
const response = await fetch(`http://127.0.0.1:${address.port}/v1/ats/applications?page_size=1`, {
  headers: { authorization: `Bearer ${key}`, "x-integration-id": integration.id },
});
console.log(`GET /v1/ats/applications → ${response.status}`);

// 8. Shut down: stops the scheduler, closes sessions and storage.
server.close();
await atsync.close();
await simulator.close();
