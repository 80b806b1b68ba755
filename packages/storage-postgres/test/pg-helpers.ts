import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A pool on `url` with the `error` listeners graphile-worker asks for: an error of an idle or
 * checked-out connection fails the query using it instead of crashing the process.
 */
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

/** A schema name no other test, test file or benchmark uses. */
export function uniqueSchema(): string {
  return `atsync_test_${randomBytes(6).toString("hex")}`;
}

/** Drops a test schema with everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
