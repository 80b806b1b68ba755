import { describe, expect, it } from "vitest";
import { createBackend, DemoConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("defaults to a 200-job simulator tenant on port 3000 with memory storage", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      apiKey: null,
      backend: { kind: "memory" },
      icimsCredentials: null,
      simulator: { seed: 42, jobs: 200, people: 5000, applications: 10_000 },
      createdApplicationsOnly: false,
    });
    expect(config.encryptionKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads sizes, port, key, the created-only toggle and DATABASE_URL", () => {
    const config = loadConfig({
      PORT: "0",
      ATSYNC_API_KEY: "k".repeat(24),
      ATSYNC_DEMO_JOBS: "30",
      ATSYNC_DEMO_PEOPLE: "200",
      ATSYNC_DEMO_APPLICATIONS: "400",
      ATSYNC_DEMO_CREATED_ONLY: "true",
      DATABASE_URL: "postgres://localhost/atsync",
      ATSYNC_ENCRYPTION_KEY: "6".repeat(64),
    });
    expect(config).toMatchObject({
      port: 0,
      apiKey: "k".repeat(24),
      simulator: { jobs: 30, people: 200, applications: 400 },
      createdApplicationsOnly: true,
      backend: { kind: "postgres", databaseUrl: "postgres://localhost/atsync" },
    });
  });

  it("turns ICIMS_* variables into the connector's credential fields", () => {
    const config = loadConfig({
      ICIMS_CUSTOMER_ID: "1234",
      ICIMS_REGION: "eu",
      ICIMS_CLIENT_ID: "client",
      ICIMS_CLIENT_SECRET: "secret",
      ICIMS_PORTALS: "jobs, internal",
      ICIMS_MAX_CONCURRENCY: "4",
    });
    expect(config.icimsCredentials).toEqual({
      customerId: "1234",
      region: "eu",
      clientId: "client",
      clientSecret: "secret",
    });
    expect(config.icimsSettings).toEqual({ portals: ["jobs", "internal"], maxConcurrency: 4 });
  });

  it("reads one webhook endpoint for all events from ATSYNC_WEBHOOK_URL and ATSYNC_WEBHOOK_SECRET", () => {
    expect(loadConfig({}).webhook).toBeNull();
    const env = {
      ATSYNC_WEBHOOK_URL: "https://hooks.example.com/atsync",
      ATSYNC_WEBHOOK_SECRET: "s".repeat(20),
    };
    expect(loadConfig(env).webhook).toEqual({
      url: env.ATSYNC_WEBHOOK_URL,
      secret: env.ATSYNC_WEBHOOK_SECRET,
    });
    expect(() => loadConfig({ ATSYNC_WEBHOOK_URL: env.ATSYNC_WEBHOOK_URL })).toThrow(/ATSYNC_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...env, ATSYNC_WEBHOOK_SECRET: "short" })).toThrow(/at least 16/);
  });

  it("names the variable that is invalid", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ ATSYNC_DEMO_CREATED_ONLY: "maybe" })).toThrow(/ATSYNC_DEMO_CREATED_ONLY/);
    expect(() => loadConfig({ ATSYNC_API_KEY: "short" })).toThrow(DemoConfigError);
    expect(() => loadConfig({ ATSYNC_LOG_LEVEL: "loud" })).toThrow(/ATSYNC_LOG_LEVEL/);
  });
});

describe("createBackend", () => {
  it("builds memory storage with the in-process queue", async () => {
    const backend = await createBackend(loadConfig({}));
    expect(backend.queue).toBeUndefined();
    await backend.storage.close();
  });

  it("names DATABASE_URL when the database cannot be used", async () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://127.0.0.1:1/none",
      ATSYNC_ENCRYPTION_KEY: "6".repeat(64),
    });
    await expect(createBackend(config)).rejects.toThrow(/PostgreSQL at DATABASE_URL is not usable/);
  });
});
