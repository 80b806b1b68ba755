/**
 * One measured full sync (run by `rss.ts` in a fresh process): iCIMS simulator in its own process,
 * atsync with PostgreSQL storage, so the only memory that could grow with the tenant is the
 * engine's. Prints one JSON line with the process's peak RSS.
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createPostgresStorage } from "@atsync/storage-postgres";
import pg from "pg";
import { startSimulatorProcess, timedFullSync } from "../lib/harness.js";

const { values } = parseArgs({
  options: { applications: { type: "string" }, "database-url": { type: "string" } },
});
const applications = Number(values.applications);
const sim = await startSimulatorProcess([
  "--seed",
  "13",
  "--jobs",
  "200",
  "--people",
  "5000",
  "--applications",
  String(applications),
]);
const pool = new pg.Pool({ connectionString: values["database-url"], max: 4 });
const schema = `bench_rss_${randomBytes(4).toString("hex")}`;
const storage = createPostgresStorage({ pool, schema, encryptionKey: randomBytes(32) });
await storage.migrate();
try {
  const { run, seconds } = await timedFullSync(storage, sim);
  process.stdout.write(
    `${JSON.stringify({
      applications,
      status: run.status,
      stored: run.counts.applications?.inserted ?? 0,
      seconds: Number(seconds.toFixed(1)),
      peakRssMb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    })}\n`,
  );
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  sim.stop();
}
