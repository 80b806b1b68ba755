import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";

/** The logger atsync writes to: a pino logger (children carry `integrationId`, `connector`, `runId`). */
export type Logger = PinoLogger;

/**
 * Paths pino censors in everything atsync logs. Configured once on atsync's root logger; child
 * loggers never set `redact` (a child's `redact` replaces its parent's instead of adding to it).
 * pino's `*` wildcard matches one level only, so each path is listed at the depths we log at.
 */
export const REDACT_PATHS: readonly string[] = [
  "credentials",
  "*.credentials",
  "password",
  "*.password",
  "*.*.password",
  "clientSecret",
  "*.clientSecret",
  "*.*.clientSecret",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "authorization",
  "headers.authorization",
  "*.headers.authorization",
  "*.*.headers.authorization",
  'headers["x-api-key"]',
  'headers["proxy-authorization"]',
  "*.headers.cookie",
  "headers.cookie",
];

/** How a host hands atsync its logging. */
export interface LoggingOptions {
  /**
   * The host's pino logger. atsync logs through a child of it (bound `{ lib: "atsync" }`) that
   * carries atsync's redaction paths. Omit it (and `destination`) for a silent logger.
   */
  logger?: Logger;
  /** Write JSON lines here at `level` when the host has no pino logger of its own. */
  destination?: DestinationStream;
  /** Minimum level when `destination` is used; default `"info"`. */
  level?: pino.LevelWithSilent;
}

/**
 * atsync's root logger: silent unless the host passes a logger or a destination; in every case
 * with `REDACT_PATHS` applied once, here, for the whole tree of children.
 */
export function createRootLogger(options: LoggingOptions = {}): Logger {
  const redact = { paths: [...REDACT_PATHS], censor: "[redacted]" };
  if (options.logger) return options.logger.child({ lib: "atsync" }, { redact });
  if (options.destination) return pino({ level: options.level ?? "info", redact }, options.destination);
  return pino({ level: "silent", redact });
}
