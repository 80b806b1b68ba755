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
  candidateIds,
  createIcimsSimulator,
  DEMO_TENANT_OPTIONS,
  type IcimsSimulator,
  type IcimsSimulatorOptions,
} from "@atsync/icims-simulator";
import { onTestFinished } from "vitest";
import { icimsConnector } from "../src/connector.js";
import {
  type IcimsCredentials,
  IcimsCredentialsSchema,
  type IcimsSettings,
  IcimsSettingsSchema,
} from "../src/credentials.js";

/**
 * Test support (not exported from the package): simulators, credentials pointing at them, and
 * sessions built like core builds them (`createHttpClient`, small backoff).
 */

/**
 * A test session's credentials and connector settings in one object, so tests override either
 * with a spread; `openSession` splits it.
 */
export type TestConfig = IcimsCredentials & Partial<IcimsSettings>;

const SETTING_KEYS = new Set(Object.keys(IcimsSettingsSchema.shape));

/** The simulator's connector credentials (OAuth; Basic with `basic`) and settings, with overrides. */
export function simulatorCredentials(
  sim: IcimsSimulator,
  overrides: Partial<TestConfig> & { basic?: boolean } = {},
): TestConfig {
  const { basic, ...rest } = overrides;
  const { clientId, clientSecret, ...common } = sim.connectorCredentials;
  const auth = basic
    ? { username: sim.credentials.username, password: sim.credentials.password }
    : { clientId, clientSecret };
  const merged = { ...common, ...auth, ...sim.connectorSettings, ...rest };
  return { ...merged, ...IcimsCredentialsSchema.parse(merged) };
}

/** The credentials and the parsed settings of a `TestConfig`. */
export function splitConfig(config: TestConfig): { credentials: IcimsCredentials; settings: IcimsSettings } {
  const entries = Object.entries(config);
  return {
    credentials: IcimsCredentialsSchema.parse(
      Object.fromEntries(entries.filter(([k]) => !SETTING_KEYS.has(k))),
    ),
    settings: IcimsSettingsSchema.parse(Object.fromEntries(entries.filter(([k]) => SETTING_KEYS.has(k)))),
  };
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

/** The simulator's clock as atsync's `Clock` (sleeps are real). */
export function simulatorClock(sim: IcimsSimulator): Clock {
  return { now: () => new Date(sim.state.now()), sleep: systemClock.sleep };
}

/**
 * Opens a session with core's HTTP client (retries on, 5 ms backoff unless overridden), on the
 * given clock (tests pass the simulator's, so token expiry agrees on both sides).
 */
export function openSession(
  config: TestConfig,
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
  const { credentials, settings } = splitConfig(config);
  const session = icimsConnector.connect(
    {
      integrationId: "icims:test",
      http: client,
      logger,
      clock,
      signal: new AbortController().signal,
      budget,
    },
    credentials,
    settings,
  );
  return { session, budget };
}

/** Small frozen-clock simulator defaults for tests. */
const TEST_SIMULATOR: IcimsSimulatorOptions = {
  jobs: 20,
  people: 200,
  applications: 400,
  extraKeysRate: 0,
  freezeClock: true,
  startTime: "2025-03-10T12:00:00Z",
};

/** A simulator closed when the current test finishes, with an OAuth session on it. */
export async function startTest(
  options: IcimsSimulatorOptions = {},
  session: { credentials?: Partial<TestConfig> & { basic?: boolean }; http?: SessionHttp } = {},
): Promise<{ sim: IcimsSimulator; credentials: TestConfig } & TestSession> {
  const sim = await createIcimsSimulator({ ...TEST_SIMULATOR, ...options });
  onTestFinished(() => sim.close());
  const credentials = simulatorCredentials(sim, session.credentials);
  return { sim, credentials, ...openSession(credentials, session.http, simulatorClock(sim)) };
}

/** An injected fault as the vendor renders it. */
function faultAnswer(fault: ConnectorFault): FaultAnswer {
  const json = { "Content-Type": "application/json;charset=UTF-8" };
  const errors = (message: string, code: number) =>
    JSON.stringify({ errors: [{ errorMessage: message, errorCode: code }] });
  switch (fault.kind) {
    case "unauthorized":
      return {
        status: 401,
        headers: json,
        body: errors("Invalid Username or Password credentials provided.", 6),
      };
    case "rate_limited":
      return {
        status: 429,
        headers: { ...json, "Retry-After": String(fault.retryAfterSeconds) },
        body: errors("Too many requests.", 7),
      };
    case "server_error":
      return { status: 500, headers: json, body: errors("An internal error occurred.", 0) };
    case "garbage_body":
      return { status: 200, headers: json, body: '{"searchResults":[{"id":' };
  }
}

const PROFILE_OF: Partial<
  Record<ModelKey, { type: "jobs" | "people" | "applicantworkflows"; field: string }>
> = {
  jobs: { type: "jobs", field: "jobtitle" },
  candidates: { type: "people", field: "middlename" },
  applications: { type: "applicantworkflows", field: "sourcename" },
};

/**
 * The vendor of the conformance suite: a simulator (1,050 applications, so application reads
 * cross a search page) behind a fault-injecting proxy.
 */
export async function startConformanceVendor(): Promise<ConnectorUnderTest<IcimsCredentials>> {
  // The demo's tenant options: profile GETs return the timestamps, so every declared field is filled.
  const sim = await createIcimsSimulator({
    ...DEMO_TENANT_OPTIONS,
    jobs: 30,
    people: 400,
    applications: 1050,
    extraKeysRate: 0.2,
    // The suite reads the tenant many times over: more than a day's default quota.
    dailyQuota: 100_000,
  });
  const proxy = await startFaultProxy(sim.url, faultAnswer);
  const { credentials, settings } = splitConfig(
    simulatorCredentials(sim, { apiUrl: proxy.url, tokenUrl: `${proxy.url}/oauth/token` }),
  );
  return {
    credentials,
    rejectedCredentials: { ...credentials, clientSecret: "not-the-secret" },
    settings,
    injectFault: (fault) => proxy.inject(fault),
    touch: async (model) => {
      const changed = () => new Date(sim.state.now());
      if (model === "job_postings") {
        // Posts a job (open folder) to the first portal, which changes it.
        const id = sim.state.list("jobs")[5]?.id ?? 0;
        const portal = settings.portals[0] as string;
        sim.state.mutate({
          op: "update",
          type: "jobs",
          id,
          fields: { jobtitle: `Touched ${Date.now()}`, folder: { value: "Approved" }, postedto: [portal] },
        });
        return { remoteId: `${portal}:${id}`, changedAt: changed() };
      }
      const profile = PROFILE_OF[model];
      if (!profile) throw new Error(`touch: ${model} is not a profile-backed model`);
      // A person is a candidate only with an application (staff people are users).
      const id =
        model === "candidates"
          ? (candidateIds(sim.state)[3] ?? 0)
          : (sim.state.list(profile.type)[3]?.id ?? 0);
      sim.state.mutate({
        op: "update",
        type: profile.type,
        id,
        fields: { [profile.field]: `Touched ${Date.now()}` },
      });
      return { remoteId: String(id), changedAt: changed() };
    },
    passthroughPath: "/v2/lists",
    close: async () => {
      await proxy.close();
      await sim.close();
    },
  };
}

export { listAll, readAll };
