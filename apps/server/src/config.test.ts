import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, ENV_FIELDS, loadConfig } from "./config.js";
import { serverCommand } from "./test-support/processes.js";

const KEY = "ab".repeat(32);
const API_KEY = "atsk_config_test_key_0123456789";
const VALID = {
  DATABASE_URL: "postgres://u:pw@db:5432/atsync",
  ATSYNC_ENCRYPTION_KEY: KEY,
  ATSYNC_API_KEYS: API_KEY,
};

/** The problems `loadConfig` reports for `env` in `mode`, or [] when it is valid. */
function problems(env: Record<string, string>, mode: "api" | "worker" | "all" = "all"): readonly string[] {
  try {
    loadConfig(env, mode);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** A JSON config file with `content` in a fresh temp dir. */
function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "atsync-server-config-")), "config.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("loadConfig", () => {
  it("applies the defaults", () => {
    const config = loadConfig(VALID, "all");
    expect(config).toMatchObject({
      databaseSchema: "atsync",
      connectors: ["icims"],
      webhooks: [],
      fetchAllow: [],
      port: 8080,
      host: "0.0.0.0",
      worker: { concurrency: 4, pollIntervalMs: 2000, recoveryIntervalMs: 10000 },
      logLevel: "info",
      shutdownTimeoutMs: 30000,
    });
    expect(config.apiKeys).toEqual([API_KEY]);
  });

  it("reads the file, and the environment overrides it field by field", () => {
    const path = configFile({
      databaseUrl: "postgres://file/db",
      encryptionKey: KEY,
      apiKeys: [API_KEY],
      port: 9000,
      worker: { concurrency: 2, pollIntervalMs: 500 },
      webhooks: [{ url: "https://hooks.example.com/a", secret: "s".repeat(16), events: ["sync-finished"] }],
      publicBaseUrl: "https://atsync.example.com",
    });
    const config = loadConfig({ ATSYNC_CONFIG: path, ATSYNC_WORKER_CONCURRENCY: "8", PORT: "0" }, "all");
    expect(config.databaseUrl).toBe("postgres://file/db");
    expect(config.port).toBe(0);
    expect(config.worker).toEqual({ concurrency: 8, pollIntervalMs: 500, recoveryIntervalMs: 10000 });
    expect(config.webhooks).toHaveLength(1);
    expect(config.publicBaseUrl).toBe("https://atsync.example.com");
  });

  it("names every bad field with where it came from", () => {
    const path = configFile({ port: 70000, worker: { concurrency: 0 }, logLevle: "info" });
    const found = problems({
      ATSYNC_CONFIG: path,
      ATSYNC_ENCRYPTION_KEY: "short",
      ATSYNC_CONNECTORS: "icims,greenhouse",
      ATSYNC_PUBLIC_BASE_URL: "ftp://x",
      ATSYNC_WEBHOOKS: JSON.stringify([{ url: "not a url", secret: "tiny", events: ["nope"] }]),
      ATSYNC_SHUTDOWN_TIMEOUT_MS: "soon",
    });
    const rest = found;
    const fields = rest.map((line) => line.split(" ")[0]);
    expect(fields.sort()).toEqual(
      [
        "databaseUrl",
        "encryptionKey",
        "connectors[1]",
        "publicBaseUrl",
        "webhooks[0].url",
        "webhooks[0].secret",
        "webhooks[0].events[0]",
        "port",
        "worker.concurrency",
        "logLevle",
        "shutdownTimeoutMs",
      ].sort(),
    );
    expect(rest).toContain(`port (file ${path}): must be an integer from 0 to 65535`);
    expect(rest).toContain("connectors[1] (ATSYNC_CONNECTORS): must be one of icims");
    expect(rest).toContain(`logLevle (file ${path}): is not a known setting`);
    expect(rest).toContain("shutdownTimeoutMs (ATSYNC_SHUTDOWN_TIMEOUT_MS): must be an integer");
    expect(rest.find((l) => l.startsWith("encryptionKey"))).toMatch(
      /\(ATSYNC_ENCRYPTION_KEY\): must be 32 bytes/,
    );
  });

  it("requires an API key where the API is served, not for workers", () => {
    const { ATSYNC_API_KEYS: _, ...withoutKeys } = VALID;
    expect(problems(withoutKeys, "api")).toEqual([
      "apiKeys (not set): at least one API key (≥ 20 characters) is required to serve the API in mode api",
    ]);
    expect(problems(withoutKeys, "worker")).toEqual([]);
  });

  it("never puts a secret value into a problem", () => {
    const secrets = {
      ATSYNC_ENCRYPTION_KEY: "my-leaked-encryption-key",
      ATSYNC_API_KEYS: "short-secret-key",
      ATSYNC_WEBHOOKS: '[{"url":"https://h.example.com","secret":"whsec-tiny"}] trailing-secret-text',
      DATABASE_URL: "mysql://root:hunter2-password@db/x",
    };
    const found = problems(secrets).join("\n");
    expect(found).toContain("encryptionKey");
    for (const value of ["my-leaked-encryption-key", "short-secret-key", "trailing-secret-text", "hunter2"]) {
      expect(found).not.toContain(value);
    }
    expect(
      problems({ ...VALID, ATSYNC_WEBHOOKS: '[{"url":"https://h.example.com","secret":"whsec-tiny"}]' }),
    ).toEqual(["webhooks[0].secret (ATSYNC_WEBHOOKS): must be at least 16 characters"]);
  });

  it("reports an unreadable or malformed file without quoting it", () => {
    expect(problems({ ATSYNC_CONFIG: "/nonexistent/atsync.json" })).toEqual([
      "ATSYNC_CONFIG: cannot read /nonexistent/atsync.json (ENOENT)",
    ]);
    const path = configFile('{"encryptionKey": "secret-in-broken-json",');
    expect(problems({ ATSYNC_CONFIG: path })).toEqual([`ATSYNC_CONFIG: ${path} is not valid JSON`]);
  });

  it("lists a variable for every field of the schema", () => {
    const fromEnv = ENV_FIELDS.map((f) => f.path.join("."));
    const config = loadConfig(
      { ...VALID, ATSYNC_DATABASE_POOL_SIZE: "12", ATSYNC_PUBLIC_BASE_URL: "https://a.example" },
      "all",
    );
    const leaves = Object.entries(config).flatMap(([key, value]) =>
      typeof value === "object" && !Array.isArray(value)
        ? Object.keys(value).map((k) => `${key}.${k}`)
        : [key],
    );
    expect(fromEnv.sort()).toEqual(leaves.sort());
  });
});

describe("atsync-server with a bad configuration", () => {
  it("exits 2 naming each bad field, without echoing secrets and before touching the database", () => {
    const { command, args } = serverCommand("all");
    const result = spawnSync(command, args, {
      encoding: "utf8",
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: "postgres://admin:db-password-xyz@127.0.0.1:1/none",
        ATSYNC_ENCRYPTION_KEY: "not-a-key-but-secret",
        ATSYNC_API_KEYS: "tiny-secret-key",
        ATSYNC_WORKER_CONCURRENCY: "0",
      },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("invalid configuration");
    expect(result.stderr).toContain("encryptionKey (ATSYNC_ENCRYPTION_KEY)");
    expect(result.stderr).toContain("apiKeys[0] (ATSYNC_API_KEYS): must be at least 20 characters");
    expect(result.stderr).toContain("worker.concurrency (ATSYNC_WORKER_CONCURRENCY)");
    for (const secret of ["db-password-xyz", "not-a-key-but-secret", "tiny-secret-key"]) {
      expect(result.stderr).not.toContain(secret);
    }
  }, 60_000);

  it("exits 2 with the usage for an unknown mode", () => {
    const { command, args } = serverCommand("serve");
    const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: atsync-server api | worker | all");
  }, 60_000);
});
