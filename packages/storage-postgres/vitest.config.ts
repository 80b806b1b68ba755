import { defineProject, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineProject({
    test: {
      name: "@atsync/storage-postgres",
      globalSetup: ["test/global-setup.ts"],
      // Queue and multi-process tests wait on real workers; CI runs every package at once on 2 cores.
      testTimeout: 90_000,
    },
  }),
);
