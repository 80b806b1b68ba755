import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { IcimsSettingsSchema, icimsConnector } from "@atsync/connector-icims";
import {
  type AtsyncStorage,
  createAtsync,
  createRootLogger,
  type IntegrationRecord,
  type SyncRun,
  systemClock,
} from "@atsync/core";
import { CallBudget, type ConnectorSession, createHttpClient } from "@atsync/core/connector";
import { newIntegrationId } from "@atsync/core/storage";

/** What the simulator CLI prints on its first line. */
interface SimulatorInfo {
  url: string;
  tokenUrl: string;
  customerId: number;
  clientId: string;
  clientSecret: string;
}

/** An iCIMS simulator running in its own process, as a vendor would. */
export interface SimulatorProcess {
  /** Connector credentials reaching it. */
  credentials: Record<string, unknown>;
  /** Connector settings of its tenant (`settings.connector`). */
  settings: Record<string, unknown>;
  /** Stops the process. */
  stop(): void;
}

/**
 * Starts the iCIMS simulator CLI in a child process (its CPU time does not queue behind the
 * process under measurement) with the given CLI flags, and returns credentials for the connector.
 */
export async function startSimulatorProcess(flags: string[]): Promise<SimulatorProcess> {
  const bin = new URL("../../packages/icims-simulator/bin/atsync-icims-simulator.js", import.meta.url);
  const child: ChildProcess = spawn(
    process.execPath,
    [bin.pathname, "--daily-quota", "100000000", ...flags],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), "line")) as [
    string,
  ];
  const sim = JSON.parse(line) as SimulatorInfo;
  return {
    credentials: {
      customerId: String(sim.customerId),
      region: "us",
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      apiUrl: sim.url,
      tokenUrl: sim.tokenUrl,
    },
    settings: { statusListId: "lists.applicantworkflow.status" },
    stop: () => child.kill("SIGTERM"),
  };
}

/** An integration record for benchmarks that write storage directly: `id` (default a new `fixture:` id), active, set up. */
export function benchIntegration(id: string = newIntegrationId("fixture")): IntegrationRecord {
  const at = new Date().toISOString();
  return {
    id,
    tool: id.slice(0, id.indexOf(":")),
    status: "ACTIVE",
    setup_status: "COMPLETED",
    end_user: { organization_name: "Bench", creator_email: null, origin_id: null },
    settings: {},
    created_at: at,
    updated_at: at,
  };
}

/** Writes `bench/results/<name>.json` and returns its path. */
export async function writeResult(name: string, result: unknown): Promise<string> {
  const { mkdir, writeFile } = await import("node:fs/promises");
  const out = new URL(`../results/${name}.json`, import.meta.url);
  await mkdir(new URL(".", out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  return out.pathname;
}

/** A two-column table row. */
export const row = (label: string, value: string | number): string => `${label.padEnd(36)}${value}`;

/**
 * An iCIMS connector session opened the way core opens one (core's HTTP client with retries,
 * timeouts and call accounting), outside any atsync instance: for connector-only measurements.
 */
export function openIcimsSession(
  credentials: Record<string, unknown>,
  settings: Record<string, unknown>,
): {
  session: ConnectorSession;
  budget: CallBudget;
  concurrency: number;
} {
  const logger = createRootLogger();
  const budget = new CallBudget(systemClock);
  const http = createHttpClient({ logger, budget, clock: systemClock });
  const parsed = icimsConnector.credentials.parse(credentials);
  const parsedSettings = IcimsSettingsSchema.parse(settings);
  const ctx = {
    integrationId: "icims:bench",
    http,
    logger,
    clock: systemClock,
    signal: new AbortController().signal,
    budget,
  };
  return {
    session: icimsConnector.connect(ctx, parsed, parsedSettings),
    budget,
    concurrency: parsedSettings.maxConcurrency,
  };
}

/**
 * A full sync of one iCIMS integration on `storage`, timed: connects it (all candidates and
 * applications, not only created ones), runs the sync in this process, closes the atsync instance
 * (and with it the storage).
 */
export async function timedFullSync(
  storage: AtsyncStorage,
  tenant: Pick<SimulatorProcess, "credentials" | "settings">,
): Promise<{ run: SyncRun; seconds: number }> {
  const atsync = createAtsync({ storage, connectors: [icimsConnector] });
  try {
    const integration = await atsync.integrations.connect({
      tool: "icims",
      credentials: tenant.credentials,
      settings: { createdApplicationsOnly: false, connector: tenant.settings },
    });
    const started = performance.now();
    const run = await atsync.sync.runNow(integration.id, "full");
    return { run, seconds: (performance.now() - started) / 1000 };
  } finally {
    await atsync.close();
  }
}
