import { icimsConnector } from "@atsync/connector-icims";
import { createAtsync } from "@atsync/core";
import { createBackend, type DemoConfig, DemoConfigError, webhookOptions } from "./config.js";

/** A running extra sync worker (`npm run demo -- --worker`). */
export interface DemoWorker {
  /** Stops taking syncs; running ones end at their next page and resume elsewhere. */
  close(): Promise<void>;
}

/**
 * Starts a process that only runs syncs: atsync on the demo's PostgreSQL database with the shared
 * graphile-worker queue, no simulator, no HTTP. It takes syncs of every integration the demo (or
 * any other process on that database) queues; never two of one integration at once.
 */
export async function startWorker(config: DemoConfig): Promise<DemoWorker> {
  if (config.backend.kind !== "postgres") {
    throw new DemoConfigError("--worker needs DATABASE_URL: workers share syncs through PostgreSQL");
  }
  const backend = await createBackend(config);
  const atsync = createAtsync({
    ...backend,
    ...webhookOptions(config, backend),
    connectors: [icimsConnector],
    logging: { destination: process.stderr, level: config.logLevel },
  });
  await atsync.start();
  return { close: () => atsync.close() };
}
