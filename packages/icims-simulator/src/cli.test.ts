import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli.js";

const BIN = fileURLToPath(new URL("../bin/atsync-icims-simulator.js", import.meta.url));

describe("CLI", () => {
  it("starts from source, prints one JSON line, serves, and exits on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [BIN, "--port", "0", "--seed", "3", "--jobs", "10", "--people", "50", "--applications", "100"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      const info = JSON.parse(line) as Record<string, string>;
      expect(Object.keys(info)).toEqual(
        expect.arrayContaining([
          "url",
          "customerId",
          "clientId",
          "clientSecret",
          "username",
          "password",
          "tokenUrl",
          "baseUrl",
        ]),
      );
      const auth = `Basic ${Buffer.from(`${info["username"]}:${info["password"]}`).toString("base64")}`;
      const root = await fetch(`${info["url"]}/customers/${info["customerId"]}`, {
        headers: { Authorization: auth },
      });
      expect(root.status).toBe(200);
      const token = await fetch(info["tokenUrl"] ?? "", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: info["clientId"] ?? "",
          client_secret: info["clientSecret"] ?? "",
          audience: info["audience"] ?? "",
        }).toString(),
      });
      expect(token.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  }, 30_000);

  it("maps flags to options", () => {
    const { options } = parseCliArgs([
      "--port",
      "4010",
      "--seed",
      "42",
      "--jobs",
      "200",
      "--people",
      "5000",
      "--applications",
      "20000",
      "--latency-ms",
      "20",
      "--daily-quota",
      "10000",
      "--token-ttl-s",
      "60",
      "--hidden-field",
      "people.email",
      "--hidden-field",
      "jobs.overview",
      "--required-field",
      "people.email",
      "--no-search-cache",
      "--region",
      "eu",
      "--storm-every",
      "100",
      "--storm-length",
      "5",
      "--portal",
      "jobs",
      "--burst-every",
      "10",
      "--burst-length",
      "3",
      "--spike-rate",
      "0.01",
      "--spike-ms",
      "5000",
      "--empty-page-rate",
      "0.1",
      "--short-page-rate",
      "0.2",
      "--fault-target",
      "search",
      "--fault-target",
      "get",
      "--schema-api-status",
      "403",
    ]);
    expect(options).toEqual({
      port: 4010,
      seed: 42,
      jobs: 200,
      people: 5000,
      applications: 20_000,
      region: "eu",
      credentials: {},
      tokenTtlS: 60,
      dailyQuota: 10_000,
      searchCache: false,
      hiddenFields: { people: ["email"], jobs: ["overview"] },
      requiredFields: { people: ["email"] },
      portals: ["jobs"],
      schemaApiStatus: 403,
      faults: {
        latencyMs: 20,
        rateLimitStorm: { every: 100, length: 5, retryAfterS: 30 },
        errorBurst: { every: 10, length: 3 },
        spikeRate: 0.01,
        spikeMs: 5000,
        emptyPageRate: 0.1,
        shortPageRate: 0.2,
        faultTargets: ["search", "get"],
      },
    });
  });

  it("maps the event notification flags", () => {
    const { options } = parseCliArgs([
      "--events-url",
      "http://127.0.0.1:3000/v1/vendor-events/icims/icims:abc",
      "--events-auth",
      "hmac",
      "--events-user",
      "icims",
      "--events-secret",
      "key-0123456789abcdef",
      "--events-duplicate-rate",
      "0.5",
      "--events-reorder-ms",
      "200",
    ]);
    expect(options.eventNotifications).toEqual({
      url: "http://127.0.0.1:3000/v1/vendor-events/icims/icims:abc",
      auth: { mode: "hmac", secret: "key-0123456789abcdef", user: "icims" },
      duplicateRate: 0.5,
      reorderWindowMs: 200,
    });
    const oauth = parseCliArgs([
      "--events-url",
      "http://x/e",
      "--events-auth",
      "oauth",
      "--events-user",
      "id",
      "--events-secret",
      "s",
      "--no-events-gzip",
    ]);
    expect(oauth.options.eventNotifications).toEqual({
      url: "http://x/e",
      auth: { mode: "oauth", clientId: "id", clientSecret: "s" },
      gzip: false,
    });
    expect(parseCliArgs([]).options.eventNotifications).toBeUndefined();
    expect(() => parseCliArgs(["--events-url", "http://x/e", "--events-auth", "basic"])).toThrow(
      /--events-secret/,
    );
    expect(() => parseCliArgs(["--events-url", "http://x/e", "--events-auth", "digest"])).toThrow(
      /--events-auth/,
    );
    expect(() => parseCliArgs(["--events-auth", "basic"])).toThrow(/--events-url/);
  });

  it("rejects malformed flags", () => {
    expect(() => parseCliArgs(["--jobs", "many"])).toThrow(/--jobs/);
    expect(() => parseCliArgs(["--hidden-field", "email"])).toThrow(/<type>\.<field>/);
    expect(() => parseCliArgs(["--bogus"])).toThrow();
  });
});
