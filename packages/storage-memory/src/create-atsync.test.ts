import { Writable } from "node:stream";
import { type Atsync, createAtsync } from "@atsync/core";
import { type IntegrationRecord, isAtsyncError, newIntegrationId } from "@atsync/core/storage";
import {
  type FixtureVendor,
  fixtureConnector,
  runtimesOf,
  startFixtureVendor,
  TOKENS,
} from "@atsync/core/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMemoryStorage } from "./index.js";

const integration = (id: string): IntegrationRecord => ({
  id,
  tool: "fixture",
  status: "ACTIVE",
  setup_status: "INCOMPLETE",
  end_user: { organization_name: "Acme", creator_email: null, origin_id: null },
  settings: {},
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
});

describe("createAtsync with memory storage", () => {
  let vendor: FixtureVendor;
  let atsync: Atsync;
  let logLines: string[];

  beforeAll(async () => {
    vendor = await startFixtureVendor();
  });
  afterAll(() => vendor.close());
  beforeEach(() => {
    logLines = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    atsync = createAtsync({
      storage: createMemoryStorage({ encryptionKey: "1".repeat(64) }),
      connectors: [fixtureConnector],
      logging: { destination, level: "debug" },
    });
  });
  afterEach(() => atsync.close());

  const connect = async (apiKey = vendor.apiKey) => {
    const id = newIntegrationId("fixture");
    await atsync.storage.integrations.create(integration(id), { baseUrl: vendor.url, apiKey });
    return id;
  };

  it("resolves storage ports and the registry from the root container", () => {
    expect(runtimesOf(atsync).root.resolve(TOKENS.RecordStore)).toBe(atsync.storage.records);
    expect(runtimesOf(atsync).root.resolve(TOKENS.IntegrationStore)).toBe(atsync.storage.integrations);
    expect(runtimesOf(atsync).root.resolve(TOKENS.ConnectorRegistry)).toBe(atsync.connectors);
    expect(atsync.connectors.get("fixture")).toBe(fixtureConnector);
  });

  it("gives each integration its own container, runtime and budget, reused on later calls", async () => {
    const [a, b] = [await connect(), await connect()];
    const ca = runtimesOf(atsync).container(a);
    expect(runtimesOf(atsync).container(a)).toBe(ca);
    expect(ca.resolve(TOKENS.IntegrationId)).toBe(a);
    const runtimeA = runtimesOf(atsync).runtime(a);
    expect(runtimesOf(atsync).runtime(a)).toBe(runtimeA);
    const runtimeB = runtimesOf(atsync).runtime(b);
    expect(runtimeB).not.toBe(runtimeA);
    expect(runtimeB.budget).not.toBe(runtimeA.budget);
    expect(runtimeA.integrationId).toBe(a);
  });

  it("opens a session from the stored credentials and talks to the vendor over HTTP", async () => {
    const id = await connect();
    const runtime = runtimesOf(atsync).runtime(id);
    const session = await runtime.session();
    expect(await runtime.session()).toBe(session);
    await session.check();
    expect(runtime.budget.snapshot().calls).toBe(1);
    expect(runtime.budget.snapshot().limit).toBe(1000);
  });

  it("logs vendor calls bound to the integration, with no secret in the log", async () => {
    const id = await connect();
    await (await runtimesOf(atsync).runtime(id).session()).check();
    const out = logLines.join("");
    expect(out).toContain(`"integrationId":"${id}"`);
    expect(out).toContain('"connector":"fixture"');
    expect(out).not.toContain(vendor.apiKey);
  });

  it("rejects stored credentials that do not fit the connector's schema, naming the field but not the value", async () => {
    const id = newIntegrationId("fixture");
    await atsync.storage.integrations.create(integration(id), {
      baseUrl: "not a url",
      apiKey: "sekret-value",
    });
    const error = await runtimesOf(atsync)
      .runtime(id)
      .session()
      .catch((e: unknown) => e);
    expect(isAtsyncError(error)).toBe(true);
    expect((error as Error).message).toMatch(/baseUrl/);
    expect((error as Error).message).not.toContain("sekret-value");
  });

  it("answers INTEGRATION_NOT_FOUND for an integration that does not exist", async () => {
    const error = await runtimesOf(atsync)
      .runtime("fixture:missing")
      .session()
      .catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
  });

  it("aborts the runtime's signal and gives a fresh container after release", async () => {
    const id = await connect();
    const container = runtimesOf(atsync).container(id);
    const runtime = runtimesOf(atsync).runtime(id);
    await runtime.session();
    await runtimesOf(atsync).release(id);
    expect(runtime.signal.aborted).toBe(true);
    expect(runtimesOf(atsync).container(id)).not.toBe(container);
  });
});
