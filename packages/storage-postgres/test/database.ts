import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPostgresStorage, type PostgresStorage } from "../src/index.js";

/** Key the tests encrypt credentials with. */
export const TEST_KEY = "0".repeat(64);

/**
 * A new pool on the test server (see test/global-setup.ts), with the `error` listeners
 * graphile-worker asks for (an idle connection's error must not crash the test process).
 */
export function testPool(max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

/** A schema name no other test or test file uses. */
export function uniqueSchema(): string {
  return `atsync_test_${randomBytes(6).toString("hex")}`;
}

/** A migrated storage in a fresh schema of `pool`. */
export async function freshStorage(pool: pg.Pool): Promise<PostgresStorage> {
  const storage = createPostgresStorage({ pool, schema: uniqueSchema(), encryptionKey: TEST_KEY });
  await storage.migrate();
  return storage;
}

/** Drops a test schema with everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
