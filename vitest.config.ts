import { defineConfig } from "vitest/config";

/** One-shot local run of every package's tests: `npx vitest run`. */
export default defineConfig({
  test: { projects: ["packages/*", "apps/*", "tests"] },
});
