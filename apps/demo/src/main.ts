// Entry point of `npm run demo`: `scripts/run-ts.mjs` (repo root) runs it from source, no build needed.
import "reflect-metadata";
import { isAtsyncError } from "@atsync/core";
import { formatBanner, formatFirstSync } from "./banner.js";
import { DemoConfigError, loadConfig } from "./config.js";
import { startDemo } from "./demo.js";

try {
  const config = loadConfig(process.env);
  const demo = await startDemo(config);
  const shutdown = () => {
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`atsync demo: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  process.stdout.write(formatBanner(demo, config.createdApplicationsOnly));
  const run = await demo.firstSync;
  process.stdout.write(formatFirstSync(run));
  if (run.status === "succeeded" || run.status === "deletion_quarantined")
    process.stdout.write(`Ready ${process.uptime().toFixed(1)} s after start. Ctrl+C stops the demo.\n`);
} catch (error) {
  // Config and atsync errors (e.g. iCIMS rejecting the credentials) carry a complete, secret-free message.
  const message =
    error instanceof DemoConfigError
      ? error.message
      : isAtsyncError(error)
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.stack
          : String(error);
  process.stderr.write(`atsync demo: ${message}\n`);
  process.exit(1);
}
