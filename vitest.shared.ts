import { defineConfig } from "vitest/config";

/** Settings every package's vitest project shares (merged in each package's vitest.config.ts). */
export default defineConfig({
  ssr: { resolve: { conditions: ["@atsync/source"] } },
  resolve: { conditions: ["@atsync/source"] },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
