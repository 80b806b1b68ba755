import { defineProject, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineProject({
    test: {
      name: "@atsync/demo",
      // DATABASE_URL when set, otherwise an embedded PostgreSQL 15 (for the PostgreSQL demo test).
      globalSetup: ["../../packages/storage-postgres/test/global-setup.ts"],
      // The Chromium tests wait for what the page shows with expect.poll: a loaded 2-core machine
      // can take seconds to render a poll's answer (vitest's default gives up after 1 s).
      expect: { poll: { timeout: 20_000, interval: 100 } },
    },
  }),
);
