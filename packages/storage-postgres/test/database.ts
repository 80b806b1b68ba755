import type pg from "pg";
import { inject } from "vitest";
import { createPostgresStorage, type PostgresStorage } from "../src/index.js";
import { createPool, uniqueSchema } from "./pg-helpers.js";

export { dropSchema, uniqueSchema } from "./pg-helpers.js";

/** Key the tests encrypt credentials with. */
export const TEST_KEY = "0".repeat(64);

/** A new pool on the test server (see test/global-setup.ts). */
export function testPool(max = 10): pg.Pool {
  return createPool(inject("databaseUrl"), max);
}

/** A migrated storage in a fresh schema of `pool`. */
export async function freshStorage(pool: pg.Pool): Promise<PostgresStorage> {
  const storage = createPostgresStorage({ pool, schema: uniqueSchema(), encryptionKey: TEST_KEY });
  await storage.migrate();
  return storage;
}
