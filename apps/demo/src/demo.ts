import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Atsync, createAtsync, type SyncRun } from "@atsync/core";
import { createHttpHandler, handleClientErrors, toNodeListener } from "@atsync/core/http";
import { createBackend, type DemoConfig, webhookOptions } from "./config.js";
import { DEMO_CUSTOM_FIELDS, mapCustomFieldsByLabel } from "./custom-fields.js";
import { createDashboardHandler } from "./dashboard.js";
import { allowedHosts, guardHost } from "./host-guard.js";
import { listenOn } from "./port.js";
import {
  DEMO_CONNECTORS,
  type DemoTenant,
  type GreenhouseTenant,
  openGreenhouseTenant,
  openTenant,
} from "./tenant.js";

/** Path prefix of the atsync API. */
export const API_BASE_PATH = "/v1";

/** `end_user.origin_id` of the integration the demo connects (earlier ones are dropped at start). */
const DEMO_ORIGIN_ID = "atsync-demo";
/** `end_user.origin_id` of the demo's Greenhouse integration. */
const GREENHOUSE_ORIGIN_ID = "atsync-demo-greenhouse";

/** A running demo host. */
export interface Demo {
  /** The dashboard's URL (`http://host:port/`). */
  url: string;
  /** The API's base URL (`<url>v1`). */
  apiUrl: string;
  /** The API key (from `ATSYNC_API_KEY` or generated); show it only to the operator. */
  apiKey: string;
  /** Id of the demo integration. */
  integrationId: string;
  /** The tenant the demo integration is connected to. */
  tenant: DemoTenant;
  /** The atsync instance. */
  atsync: Atsync;
  /**
   * Settles when the demo integration's first full sync has finished, with that run (status
   * `succeeded` or, when it did not, the failed run: the scheduler retries it with backoff).
   */
  firstSync: Promise<SyncRun>;
  /**
   * Settles when the first sync has finished, with the ids of the demo's custom fields
   * (`DEMO_CUSTOM_FIELDS`) it filled: they are mapped onto the tenant's iCIMS custom fields of the
   * same title (registered by the connect, from the Schema API) before the scheduler starts, so
   * that one sync fills every record's `custom_fields`; `[]` when the first sync failed or the
   * mapping did (logged).
   */
  customFieldsReady: Promise<string[]>;
  /**
   * The second tool beside a simulated iCIMS tenant: a Greenhouse simulator tenant, its
   * integration and that integration's first full sync; null with a real iCIMS tenant.
   */
  greenhouse: { integrationId: string; tenant: GreenhouseTenant; firstSync: Promise<SyncRun> } | null;
  /** Stops the scheduler, the server, atsync and the simulators. */
  close(): Promise<void>;
}

/**
 * Starts the demo host: the tenant (simulator or real iCIMS), atsync on the configured backend,
 * the API under `/v1` and the dashboard at `/` on one HTTP server, and one integration connected
 * to the tenant whose first full sync the started scheduler runs (`firstSync`).
 */
export async function startDemo(config: DemoConfig): Promise<Demo> {
  // The port first: a busy one fails in milliseconds, before the simulator is seeded.
  const server = await listen(config);
  const closers: (() => Promise<void>)[] = [
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  ];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const tenant = await openTenant(config);
    closers.push(() => tenant.close());
    const backend = await createBackend(config);
    const atsync = createAtsync({
      ...backend,
      ...webhookOptions(config, backend),
      connectors: DEMO_CONNECTORS,
      customFields: DEMO_CUSTOM_FIELDS,
      logging: { destination: process.stderr, level: config.logLevel },
    });
    closers.push(() => atsync.close());
    // A key given in ATSYNC_API_KEY may already be registered (PostgreSQL keeps it across runs).
    const known = config.apiKey !== null && (await atsync.apiKeys.verify(config.apiKey)) !== null;
    const apiKey = known
      ? (config.apiKey as string)
      : (await atsync.apiKeys.create("demo", config.apiKey ?? undefined)).key;

    const api = createHttpHandler({ atsync, basePath: API_BASE_PATH });
    const dashboard = await createDashboardHandler({
      atsync,
      apiBase: API_BASE_PATH,
      apiKey,
      simulatorCredentials: tenant.simulator?.connectorCredentials ?? null,
    });
    const route = (request: Request) => {
      const { pathname } = new URL(request.url);
      const isApi = pathname === API_BASE_PATH || pathname.startsWith(`${API_BASE_PATH}/`);
      return isApi ? api(request) : dashboard(request);
    };
    // The allowed Host values need the bound port (PORT=0 picks one).
    const hosts = allowedHosts(config.host, (server.address() as AddressInfo).port);
    server.removeAllListeners("request");
    server.on("request", toNodeListener(guardHost(route, hosts)));

    // On PostgreSQL, integrations of earlier runs outlive their simulators: drop them.
    for (const earlier of await atsync.integrations.list()) {
      const origin = earlier.end_user.origin_id;
      if (origin === DEMO_ORIGIN_ID || origin === GREENHOUSE_ORIGIN_ID)
        await atsync.integrations.delete(earlier.id);
    }
    // Connect before starting the scheduler: the connect queues the first full sync, which the
    // scheduler then runs, so `firstSync` is listening before the run can finish.
    const integration = await atsync.integrations.connect({
      tool: tenant.connector.slug,
      credentials: tenant.credentials,
      end_user: {
        organization_name: tenant.simulator ? "Demo tenant (iCIMS simulator)" : "iCIMS tenant",
        origin_id: DEMO_ORIGIN_ID,
      },
      settings: { createdApplicationsOnly: config.createdApplicationsOnly, connector: tenant.settings },
    });
    const firstSync = firstFullSync(atsync, integration.id);
    let greenhouse: Demo["greenhouse"] = null;
    if (tenant.simulator && config.greenhouse) {
      const gh = await openGreenhouseTenant(config);
      closers.splice(1, 0, () => gh.close());
      const connected = await atsync.integrations.connect({
        tool: gh.connector.slug,
        credentials: gh.credentials,
        end_user: {
          organization_name: "Demo tenant (Greenhouse simulator)",
          origin_id: GREENHOUSE_ORIGIN_ID,
        },
        settings: { createdApplicationsOnly: config.createdApplicationsOnly },
      });
      greenhouse = {
        integrationId: connected.id,
        tenant: gh,
        firstSync: firstFullSync(atsync, connected.id),
      };
    }
    // The connect registered the tenant's custom fields (Schema API): mapped now, before the
    // scheduler starts, the first sync fills them.
    const mapping = mapCustomFieldsByLabel(atsync, integration.id);
    const customFieldsReady = Promise.all([mapping, firstSync]).then(([mapped, run]) =>
      run.status === "succeeded" ? mapped : [],
    );
    await mapping.catch(() => undefined);
    const settledCustomFields = customFieldsReady.catch((error: unknown) => {
      atsync.logger.warn({ err: error }, "mapping the demo's custom fields failed");
      return [];
    });
    await atsync.start();

    const { port } = server.address() as AddressInfo;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
    return {
      url,
      apiUrl: `${url}${API_BASE_PATH.slice(1)}`,
      apiKey,
      integrationId: integration.id,
      greenhouse,
      tenant,
      atsync,
      firstSync,
      customFieldsReady: settledCustomFields,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * An HTTP server listening on the configured host and port that answers 503 until the demo is
 * set up. Throws `DemoConfigError` (one line, no stack) when the port is taken or not allowed.
 */
async function listen(config: DemoConfig): Promise<Server> {
  const server = handleClientErrors(createServer());
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    response
      .writeHead(503, { "content-type": "text/plain", "retry-after": "1" })
      .end("The demo is starting.\n");
  });
  await listenOn(server, config);
  return server;
}

/**
 * The first full sync of an integration once it has finished (see `Demo.firstSync`): the run of
 * the integration's first `sync-finished`, which is sent with the run's end, after a succeeded
 * run marked setup COMPLETED.
 */
function firstFullSync(atsync: Atsync, integrationId: string): Promise<SyncRun> {
  return new Promise((resolve, reject) => {
    const off = atsync.events.on("sync-finished", (event) => {
      if (event.data.integration_id !== integrationId) return;
      off();
      atsync.sync
        .run(integrationId, event.data.sync_id)
        .then((run) => (run ? resolve(run) : reject(new Error("the first sync left no run"))), reject);
    });
  });
}
