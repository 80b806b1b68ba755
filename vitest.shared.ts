import { defineConfig } from "vitest/config";

/** Settings every package's vitest project shares (merged in each package's vitest.config.ts). */
export default defineConfig({
  ssr: { resolve: { conditions: ["@atsync/source"] } },
  resolve: { conditions: ["@atsync/source"] },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    setupFiles: ["reflect-metadata"],
    // Margins for a 2-core CI machine under twice its usual load: tests assert properties, not timings.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
