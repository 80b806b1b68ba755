import { defineProject, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineProject({
    test: {
      name: "@atsync/server",
      // DATABASE_URL when set, otherwise an embedded PostgreSQL 15 (started once for the run).
      globalSetup: ["../../packages/storage-postgres/test/global-setup.ts"],
    },
  }),
);
