import { greenhouseConnector } from "@atsync/connector-greenhouse";
import { type Atsync, type Clock, createAtsync, type IntegrationSettings, systemClock } from "@atsync/core";
import {
  createGreenhouseSimulator,
  type GreenhouseSimulator,
  type GreenhouseSimulatorOptions,
} from "@atsync/greenhouse-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";

/** An atsync instance on the Greenhouse simulator's clock with one Greenhouse integration connected to it. */
export interface GreenhouseHarness {
  atsync: Atsync;
  sim: GreenhouseSimulator;
  integrationId: string;
  close(): Promise<void>;
}

/** Starts a small simulator (rate limit out of the way) and connects an integration to it. */
export async function startGreenhouseHarness(
  options: { simulator?: GreenhouseSimulatorOptions; settings?: IntegrationSettings } = {},
): Promise<GreenhouseHarness> {
  const sim = await createGreenhouseSimulator({
    seed: 7,
    jobs: 12,
    candidates: 80,
    applications: 160,
    users: 12,
    rateLimit: { limit: 100_000, windowS: 30 },
    ...options.simulator,
  });
  const clock: Clock = { now: () => new Date(sim.state.now()), sleep: systemClock.sleep };
  const atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: "4".repeat(64) }),
    connectors: [greenhouseConnector],
    clock,
    http: { retryLimit: 3, backoffBaseMs: 1 },
  });
  const integration = await atsync.integrations.connect({
    tool: "greenhouse",
    credentials: { ...sim.credentials, apiUrl: sim.baseUrl, tokenUrl: sim.tokenUrl },
    settings: {
      ...(options.settings ?? { createdApplicationsOnly: false }),
      connector: { perPage: 50, ...options.settings?.connector },
    },
  });

  return {
    atsync,
    sim,
    integrationId: integration.id,
    close: async () => {
      await atsync.close();
      await sim.close();
    },
  };
}

/** Ids of a simulator resource as strings, ascending (users without the service account): the truth a sync must reach. */
export function greenhouseTruth(
  sim: GreenhouseSimulator,
  resource: "jobs" | "job_interview_stages" | "candidates" | "applications" | "users",
): string[] {
  return sim.state
    .list(resource)
    .filter((row) => !(resource === "users" && row.id === sim.serviceAccountUserId))
    .map((row) => String(row.id))
    .sort((a, b) => Number(a) - Number(b));
}
