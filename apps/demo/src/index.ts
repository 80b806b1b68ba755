/**
 * @atsync/demo — the demo host: an iCIMS simulator (or a real tenant), atsync with the in-process
 * scheduler, the Kombo-compatible API under `/v1` and a dashboard at `/`. `npm run demo` runs
 * `src/main.ts`; these exports let tests and scripts start it in-process.
 */
import "reflect-metadata";

export { exampleCalls, formatBanner, formatFirstSync } from "./banner.js";
export {
  type Backend,
  type BackendConfig,
  createBackend,
  type DemoConfig,
  DemoConfigError,
  loadConfig,
  type SimulatorConfig,
} from "./config.js";
export { createDashboardHandler, type DashboardOptions } from "./dashboard.js";
export { API_BASE_PATH, type Demo, startDemo } from "./demo.js";
export { type DemoTenant, openTenant } from "./tenant.js";
