import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DemoConfig, loadConfig } from "./config.js";
import { type Demo, startDemo } from "./demo.js";
import { startWorker } from "./worker.js";

const KEY = "5".repeat(64);
let config: DemoConfig;
let demo: Demo;
let pool: pg.Pool;

beforeAll(async () => {
  config = loadConfig({
    PORT: "0",
    DATABASE_URL: inject("databaseUrl"),
    ATSYNC_ENCRYPTION_KEY: KEY,
    ATSYNC_DEMO_JOBS: "20",
    ATSYNC_DEMO_PEOPLE: "150",
    ATSYNC_DEMO_APPLICATIONS: "300",
    ATSYNC_LOG_LEVEL: "silent",
  });
  demo = await startDemo(config);
  pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
}, 90_000);
afterAll(async () => {
  await demo?.close();
  await pool?.end();
});

describe("the demo on PostgreSQL (DATABASE_URL)", () => {
  it("requires a fixed encryption key with DATABASE_URL", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://x/y" })).toThrow(/ATSYNC_ENCRYPTION_KEY is required/);
  });

  it("syncs the simulator into PostgreSQL", async () => {
    const run = await demo.firstSync;
    expect(run.status).toBe("succeeded");
    const { rows } = await pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM atsync_demo.records WHERE integration_id = $1 AND model = 'applications' AND remote_deleted_at IS NULL",
      [demo.integrationId],
    );
    expect(Number(rows[0]?.n)).toBe(300);
  }, 90_000);

  it("an extra worker on the same database takes queued syncs", async () => {
    await demo.firstSync;
    await demo.atsync.stop(); // the demo process stops taking syncs; only the worker runs them now
    const worker = await startWorker(config);
    try {
      const { sync_id } = await demo.atsync.sync.trigger(demo.integrationId, "delta");
      await expect
        .poll(async () => (await demo.atsync.sync.run(demo.integrationId, sync_id))?.status, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe("succeeded");
    } finally {
      await worker.close();
    }
  }, 90_000);

  it("`npm run demo -- --worker` starts a worker process and stops on SIGTERM", async () => {
    const child = spawn("npm", ["run", "--silent", "start", "--", "--worker"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: {
        ...process.env,
        DATABASE_URL: inject("databaseUrl"),
        ATSYNC_ENCRYPTION_KEY: KEY,
        ATSYNC_LOG_LEVEL: "silent",
      },
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(
      createInterface({ input: child.stdout as NodeJS.ReadableStream }),
      "line",
    )) as [string];
    expect(line).toContain("taking syncs from the shared PostgreSQL queue");
    const exited = once(child, "exit");
    process.kill(-(child.pid as number), "SIGTERM");
    const [code, signal] = (await exited) as [number | null, string | null];
    expect(code === 0 || signal === "SIGTERM").toBe(true);
  }, 60_000);
});
