import { defineProject, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.js";

export default mergeConfig(
  shared,
  defineProject({
    test: {
      name: "@atsync/reliability",
      // Suites run many seeded scenarios against real local servers on a loaded 2-core machine.
      testTimeout: 600_000,
      hookTimeout: 120_000,
    },
  }),
);
