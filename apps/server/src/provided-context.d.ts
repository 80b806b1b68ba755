// `databaseUrl` is provided by storage-postgres' vitest globalSetup (see vitest.config.ts).
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the PostgreSQL server the tests use. */
    databaseUrl: string;
  }
}
