import { defineProject, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineProject({
    test: {
      name: "@atsync/demo",
      // DATABASE_URL when set, otherwise an embedded PostgreSQL 15 (for the PostgreSQL demo test).
      globalSetup: ["../../packages/storage-postgres/test/global-setup.ts"],
    },
  }),
);
