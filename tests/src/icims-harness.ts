import { icimsConnector } from "@atsync/connector-icims";
import {
  type Atsync,
  type AtsyncOptions,
  type Clock,
  createAtsync,
  type IntegrationSettings,
  type ModelKey,
  systemClock,
} from "@atsync/core";
import {
  candidateIds,
  createIcimsSimulator,
  type IcimsSimulator,
  type IcimsSimulatorOptions,
} from "@atsync/icims-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";

/** An atsync instance on the iCIMS simulator's clock with one iCIMS integration connected to it. */
export interface IcimsHarness {
  atsync: Atsync;
  sim: IcimsSimulator;
  integrationId: string;
  /** Remote ids of a model's live stored records, sorted numerically. */
  storedIds(model: ModelKey): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts a simulator (small by default, no latency, search cache on) and connects an integration. */
export async function startIcimsHarness(
  options: {
    simulator?: IcimsSimulatorOptions;
    settings?: IntegrationSettings;
    /** Addresses the guarded fetcher may download from (`AtsyncOptions.fetchAllow`). */
    fetchAllow?: AtsyncOptions["fetchAllow"];
    /** The API origin the connector uses instead of the simulator's (a proxy in front of it). */
    apiUrl?: (simulatorOrigin: string) => string;
    /** The host's custom field definitions (`AtsyncOptions.customFields`). */
    customFields?: AtsyncOptions["customFields"];
    /** Credential members added to the simulator's (e.g. the event notification authentication). */
    credentials?: Record<string, unknown>;
    /** Further options of `createAtsync` (webhooks, vendor events, …). */
    atsync?: Partial<AtsyncOptions>;
  } = {},
): Promise<IcimsHarness> {
  const sim = await createIcimsSimulator({
    seed: 7,
    jobs: 12,
    people: 80,
    applications: 160,
    ...options.simulator,
  });
  const clock: Clock = { now: () => new Date(sim.state.now()), sleep: systemClock.sleep };
  const atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: "3".repeat(64) }),
    connectors: [icimsConnector],
    clock,
    http: { retryLimit: 3, backoffBaseMs: 1 },
    ...(options.fetchAllow ? { fetchAllow: options.fetchAllow } : {}),
    ...(options.customFields ? { customFields: options.customFields } : {}),
    ...options.atsync,
  });
  const integration = await atsync.integrations.connect({
    tool: "icims",
    credentials: {
      ...sim.connectorCredentials,
      ...(options.apiUrl ? { apiUrl: options.apiUrl(sim.connectorCredentials.apiUrl) } : {}),
      ...options.credentials,
    },
    settings: {
      ...(options.settings ?? { createdApplicationsOnly: false }),
      connector: { ...sim.connectorSettings, ...options.settings?.connector },
    },
  });
  const storedIds = async (model: ModelKey) => {
    const ids: string[] = [];
    for await (const page of atsync.storage.records.listRemoteIds(integration.id, model)) ids.push(...page);
    return ids.sort((a, b) => Number(a) - Number(b));
  };
  return {
    atsync,
    sim,
    integrationId: integration.id,
    storedIds,
    close: async () => {
      await atsync.close();
      await sim.close();
    },
  };
}

/**
 * Ids of a simulator profile type, as strings in ascending order (the truth a sync must reach);
 * `candidates`: the people the connector's candidates decision counts (`candidateIds`).
 */
export function truthIds(sim: IcimsSimulator, type: "jobs" | "candidates" | "applicantworkflows"): string[] {
  const ids = type === "candidates" ? candidateIds(sim.state) : sim.state.list(type).map((r) => r.id);
  return ids.map(String);
}
