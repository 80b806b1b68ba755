// Entry point of `npm run demo`: `scripts/run-ts.mjs` (repo root) runs it from source, no build needed.
// Only the config and the port check load first: a busy port ends the demo before atsync, the
// connectors and the simulators are even loaded (they load, transpiled, in a few seconds).
import { type DemoConfig, DemoConfigError, loadConfig } from "./config.js";
import { checkPortFree } from "./port.js";

/** Least time between two progress lines of the first sync in the terminal. */
const PROGRESS_LINE_MS = 5_000;

/** Stops `target` on SIGINT/SIGTERM, then exits. */
function closeOnSignal(target: { close(): Promise<void> }): void {
  const shutdown = () => {
    target.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`atsync demo: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** True for an atsync error (its code and message are complete and secret-free), without loading atsync first. */
function isAtsyncLike(error: unknown): error is { code: string; message: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as Record<symbol, unknown>)[Symbol.for("@atsync/core:AtsyncError")] === true
  );
}

try {
  const config = loadConfig(process.env);
  if (process.argv.includes("--worker")) {
    await import("reflect-metadata");
    const { startWorker } = await import("./worker.js");
    closeOnSignal(await startWorker(config));
    process.stdout.write(
      "atsync demo worker: taking syncs from the shared PostgreSQL queue. Ctrl+C stops it.\n",
    );
  } else {
    await checkPortFree(config);
    await runDemo(config);
  }
} catch (error) {
  // Config and atsync errors (e.g. iCIMS rejecting the credentials) carry a complete, secret-free message.
  const message =
    error instanceof DemoConfigError
      ? error.message
      : isAtsyncLike(error)
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.stack
          : String(error);
  process.stderr.write(`atsync demo: ${message}\n`);
  process.exit(1);
}

/** Starts the demo host, prints the banner, then the first sync's outcome. */
async function runDemo(config: DemoConfig): Promise<void> {
  await import("reflect-metadata");
  const [{ startDemo }, { formatBanner, formatFirstSync, formatProgress }] = await Promise.all([
    import("./demo.js"),
    import("./banner.js"),
  ]);
  const demo = await startDemo(config);
  closeOnSignal(demo);
  process.stdout.write(formatBanner(demo, config.createdApplicationsOnly));
  // A progress line at most every PROGRESS_LINE_MS while the first sync runs.
  let printedAt = Date.now();
  const off = demo.atsync.events.on("sync-progress", ({ run }) => {
    if (run.integration_id !== demo.integrationId || Date.now() - printedAt < PROGRESS_LINE_MS) return;
    printedAt = Date.now();
    process.stdout.write(formatProgress(run));
  });
  const run = await demo.firstSync.finally(off);
  process.stdout.write(formatFirstSync(run));
  if (demo.greenhouse)
    process.stdout.write(`Greenhouse: ${formatFirstSync(await demo.greenhouse.firstSync)}`);
  // Ready once the first sync has filled the custom fields mapped before it.
  await demo.customFieldsReady;
  if (run.status === "succeeded" || run.status === "deletion_quarantined")
    process.stdout.write(`Ready ${process.uptime().toFixed(1)} s after start. Ctrl+C stops the demo.\n`);
}
