#!/usr/bin/env node
// `atsync-server api | worker | all`: the production host (see README.md). Exit codes: 0 after a
// graceful stop, 1 when starting or stopping failed (or the stop overran shutdownTimeoutMs),
// 2 for a bad command line or configuration.
import { createRootLogger, type Logger } from "@atsync/core";
import { ConfigError, loadConfig, SERVER_MODES, type ServerConfig, type ServerMode } from "./config.js";
import { type AtsyncServer, startServer } from "./server.js";

const USAGE = `usage: atsync-server ${SERVER_MODES.join(" | ")}
  api     the Kombo-compatible API under /v1 (syncs run in worker processes)
  worker  takes syncs from the shared PostgreSQL queue
  all     both in one process
Configuration: environment variables and/or the JSON file named by ATSYNC_CONFIG (see README.md).
`;

/** Stops `server` on the first SIGTERM/SIGINT within `config.shutdownTimeoutMs`, then exits. */
function stopOnSignal(server: AtsyncServer, config: ServerConfig, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without waiting for the graceful stop");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "stopping");
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, "graceful stop overran shutdownTimeoutMs");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    server.close().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const mode = process.argv[2];
if (!SERVER_MODES.includes(mode as ServerMode) || process.argv.length > 3) {
  process.stderr.write(USAGE);
  process.exit(2);
}
let config: ServerConfig;
try {
  config = loadConfig(process.env, mode as ServerMode);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`atsync-server: ${error.message}\n`);
  process.exit(2);
}
// JSON lines on stdout; atsync's redaction paths apply to every line.
const logger = createRootLogger({ destination: process.stdout, level: config.logLevel });
try {
  stopOnSignal(await startServer(config, mode as ServerMode, logger), config, logger);
} catch (error) {
  logger.fatal({ err: error }, "failed to start");
  process.exit(1);
}
