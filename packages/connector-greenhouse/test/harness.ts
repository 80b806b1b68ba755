import {
  CallBudget,
  type Clock,
  type ConnectorSession,
  createHttpClient,
  createRootLogger,
  type ModelKey,
  systemClock,
} from "@atsync/core/connector";
import {
  type ConnectorFault,
  type ConnectorUnderTest,
  type FaultAnswer,
  listAll,
  readAll,
  startFaultProxy,
} from "@atsync/core/testing";
import {
  createGreenhouseSimulator,
  type GreenhouseSimulator,
  type GreenhouseSimulatorOptions,
} from "@atsync/greenhouse-simulator";
import { onTestFinished } from "vitest";
import { greenhouseConnector } from "../src/connector.js";
import {
  type GreenhouseCredentials,
  type GreenhouseSettings,
  GreenhouseSettingsSchema,
} from "../src/credentials.js";

/**
 * Test support (not exported from the package): simulators, credentials pointing at them, and
 * sessions built like core builds them (`createHttpClient`, small backoff).
 */

/** The simulator's credentials (API and token URL on `origin`, default the simulator's own). */
export function simulatorCredentials(
  sim: GreenhouseSimulator,
  origin: string = sim.url,
): GreenhouseCredentials {
  return { ...sim.credentials, apiUrl: `${origin}/v3`, tokenUrl: `${origin}/token` };
}

/** The simulator's clock as atsync's `Clock` (sleeps are real). */
export function simulatorClock(sim: GreenhouseSimulator): Clock {
  return { now: () => new Date(sim.state.now()), sleep: systemClock.sleep };
}

/** HTTP settings of test sessions. */
export interface SessionHttp {
  retryLimit?: number;
  backoffBaseMs?: number;
  timeoutMs?: number;
}

/** A session as core would open it, plus its call budget. */
export interface TestSession {
  session: ConnectorSession;
  budget: CallBudget;
}

/** Opens a session with core's HTTP client (retries on, 5 ms backoff unless overridden). */
export function openSession(
  credentials: GreenhouseCredentials,
  settings: Partial<GreenhouseSettings> = {},
  http: SessionHttp = {},
  clock: Clock = systemClock,
): TestSession {
  const logger = createRootLogger();
  const budget = new CallBudget(clock);
  const client = createHttpClient({
    logger,
    budget,
    clock,
    retryLimit: http.retryLimit ?? 4,
    backoffBaseMs: http.backoffBaseMs ?? 5,
    timeoutMs: http.timeoutMs ?? 10_000,
  });
  const session = greenhouseConnector.connect(
    {
      integrationId: "greenhouse:test",
      http: client,
      logger,
      clock,
      signal: new AbortController().signal,
      budget,
    },
    credentials,
    GreenhouseSettingsSchema.parse(settings),
  );
  return { session, budget };
}

/** Small frozen-clock simulator defaults for tests (rate limit high enough not to matter). */
export const TEST_SIMULATOR: GreenhouseSimulatorOptions = {
  jobs: 12,
  candidates: 150,
  applications: 300,
  users: 15,
  freezeClock: true,
  startTime: "2025-03-10T12:00:00Z",
  rateLimit: { limit: 100_000, windowS: 30 },
};

/** A simulator closed when the current test finishes, with a session on it. */
export async function startTest(
  options: GreenhouseSimulatorOptions = {},
  session: { settings?: Partial<GreenhouseSettings>; http?: SessionHttp } = {},
): Promise<{ sim: GreenhouseSimulator; credentials: GreenhouseCredentials } & TestSession> {
  const sim = await createGreenhouseSimulator({ ...TEST_SIMULATOR, ...options });
  onTestFinished(() => sim.close());
  const credentials = simulatorCredentials(sim);
  return {
    sim,
    credentials,
    ...openSession(credentials, session.settings, session.http, simulatorClock(sim)),
  };
}

/** The Harvest resource behind each covered model (for truth from `sim.state.list`). */
export const RESOURCE_OF = {
  users: "users",
  application_stages: "job_interview_stages",
  jobs: "jobs",
  job_postings: "job_posts",
  candidates: "candidates",
  applications: "applications",
} as const;

/** Ids of the simulator's records behind a model, as strings (service account left out of users). */
export function truthIds(sim: GreenhouseSimulator, model: keyof typeof RESOURCE_OF): string[] {
  return sim.state
    .list(RESOURCE_OF[model])
    .filter((row) => !(model === "users" && row.id === sim.serviceAccountUserId))
    .map((row) => String(row.id));
}

/** An injected fault as the vendor renders it. */
function faultAnswer(fault: ConnectorFault): FaultAnswer {
  const json = { "Content-Type": "application/json; charset=utf-8" };
  switch (fault.kind) {
    case "unauthorized":
      return { status: 401, headers: json, body: JSON.stringify({ errors: ["Unauthorized"] }) };
    case "rate_limited":
      return {
        status: 429,
        headers: { ...json, "Retry-After": String(fault.retryAfterSeconds) },
        body: JSON.stringify({ errors: ["Too many requests"] }),
      };
    case "server_error":
      return { status: 500, headers: json, body: JSON.stringify({ errors: ["Internal Server Error"] }) };
    case "garbage_body":
      return { status: 200, headers: json, body: '[{"id":' };
  }
}

/** The field `touch` changes per model (a change Harvest stamps with `updated_at`). */
const TOUCHED_FIELD: Partial<Record<ModelKey, [keyof typeof RESOURCE_OF, string]>> = {
  users: ["users", "last_name"],
  application_stages: ["application_stages", "name"],
  jobs: ["jobs", "name"],
  job_postings: ["job_postings", "title"],
  candidates: ["candidates", "title"],
  applications: ["applications", "location_address"],
};

/**
 * The vendor of the conformance suite: a simulator (per_page 100, so candidates and applications
 * cross pages) behind a fault-injecting proxy.
 */
export async function startConformanceVendor(): Promise<ConnectorUnderTest<GreenhouseCredentials>> {
  const sim = await createGreenhouseSimulator({
    jobs: 30,
    candidates: 300,
    applications: 600,
    rateLimit: { limit: 100_000, windowS: 30 },
  });
  // The generated tenant has no application answers; give two applications some, so the suite
  // sees every declared field filled.
  for (const row of sim.state.list("applications").slice(0, 2))
    sim.state.update("applications", row.id, { answers: [{ question: "Why us?", answer: "The mission." }] });
  const proxy = await startFaultProxy(sim.url, faultAnswer);
  const credentials = simulatorCredentials(sim, proxy.url);
  return {
    credentials,
    rejectedCredentials: { ...credentials, clientSecret: "not-the-secret" },
    settings: { perPage: 100 },
    injectFault: (fault) => proxy.inject(fault),
    touch: async (model) => {
      const touched = TOUCHED_FIELD[model];
      if (!touched) throw new Error(`touch: ${model} is not supported`);
      const [resource, field] = touched;
      const row = sim.state.list(RESOURCE_OF[resource])[3];
      if (!row) throw new Error(`touch: no ${model}`);
      sim.state.update(RESOURCE_OF[resource], row.id, { [field]: `Touched ${Date.now()}` });
      return { remoteId: String(row.id), changedAt: new Date(sim.state.now()) };
    },
    passthroughPath: "/departments",
    close: async () => {
      await proxy.close();
      await sim.close();
    },
  };
}

export { listAll, readAll };
