import { randomBytes } from "node:crypto";
import type { AtsyncOptions, AtsyncStorage, JobQueue } from "@atsync/core";
// The backends load when a backend is built (createBackend), so `loadConfig` stays quick to
// import: `npm run demo` checks its port before loading anything large.

/** Where atsync keeps its data and queues its syncs. */
export type BackendConfig =
  | { kind: "memory" }
  /** PostgreSQL storage + its distributed queue (graphile-worker), chosen by `DATABASE_URL`. */
  | { kind: "postgres"; databaseUrl: string };

/** Sizes and seed of the simulated iCIMS tenant. */
export interface SimulatorConfig {
  /** Seed of the generated data. */
  seed: number;
  /** Generated jobs. */
  jobs: number;
  /** Generated people (candidates; the first ~2 %, at most 50, are users). */
  people: number;
  /** Generated applications (each a unique candidate × job pair, so at most people × jobs). */
  applications: number;
}

/** Everything the demo reads from its environment. */
export interface DemoConfig {
  /** Port of the dashboard and API; 0 picks a free one. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** The API key to register, or null to generate one. */
  apiKey: string | null;
  /** AES-256-GCM key for credentials at rest (64 hex chars or base64 of 32 bytes). */
  encryptionKey: string;
  /** Storage and queue. */
  backend: BackendConfig;
  /** Real iCIMS credentials (the connector's credential fields), or null to start the simulator. */
  icimsCredentials: Record<string, unknown> | null;
  /** The iCIMS connector's settings given beside real credentials (`ICIMS_STATUS_LIST_ID`, …); `{}` when none. */
  icimsSettings: Record<string, unknown>;
  /** The simulated tenant (ignored when `icimsCredentials` is set). */
  simulator: SimulatorConfig;
  /** The demo integration's "sync only created applications" setting. */
  createdApplicationsOnly: boolean;
  /**
   * Whether a Greenhouse simulator tenant is started and connected beside a simulated iCIMS
   * tenant (default on; `ATSYNC_DEMO_NO_GREENHOUSE=true` turns it off).
   */
  greenhouse: boolean;
  /** Level of atsync's log lines on stderr (pino levels, or `silent`). */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** The one webhook endpoint for all events (`ATSYNC_WEBHOOK_URL` + `ATSYNC_WEBHOOK_SECRET`), or null. */
  webhook: { url: string; secret: string } | null;
}

/**
 * Environment variable → iCIMS credential field (or connector setting, `settings: true`), and how
 * its text becomes the field's value.
 */
const ICIMS_ENV: readonly {
  env: string;
  field: string;
  kind: "text" | "list" | "integer";
  settings?: true;
}[] = [
  { env: "ICIMS_CUSTOMER_ID", field: "customerId", kind: "text" },
  { env: "ICIMS_REGION", field: "region", kind: "text" },
  { env: "ICIMS_CLIENT_ID", field: "clientId", kind: "text" },
  { env: "ICIMS_CLIENT_SECRET", field: "clientSecret", kind: "text" },
  { env: "ICIMS_USERNAME", field: "username", kind: "text" },
  { env: "ICIMS_PASSWORD", field: "password", kind: "text" },
  { env: "ICIMS_API_URL", field: "apiUrl", kind: "text" },
  { env: "ICIMS_TOKEN_URL", field: "tokenUrl", kind: "text" },
  { env: "ICIMS_AUDIENCE", field: "audience", kind: "text" },
  { env: "ICIMS_STATUS_LIST_ID", field: "statusListId", kind: "text", settings: true },
  { env: "ICIMS_SCREENING_QUESTION_LIST_ID", field: "screeningQuestionListId", kind: "text", settings: true },
  { env: "ICIMS_PORTALS", field: "portals", kind: "list", settings: true },
  { env: "ICIMS_LOGIN_GROUP_IDS", field: "loginGroupIds", kind: "list", settings: true },
  { env: "ICIMS_MAX_CONCURRENCY", field: "maxConcurrency", kind: "integer", settings: true },
];

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Thrown for an environment the demo cannot start with; the message names the variable. */
export class DemoConfigError extends Error {
  override readonly name = "DemoConfigError";
}

/**
 * Reads the demo's configuration from `env` (see the README's "Demo" section for every variable).
 * Throws `DemoConfigError` naming the first invalid variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): DemoConfig {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min)
      throw new DemoConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const flag = (name: string): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined || raw === "false" || raw === "0") return false;
    if (raw === "true" || raw === "1") return true;
    throw new DemoConfigError(`${name} must be true or false, got "${raw}"`);
  };

  const apiKey = text("ATSYNC_API_KEY") ?? null;
  if (apiKey !== null && apiKey.length < 20)
    throw new DemoConfigError("ATSYNC_API_KEY must be at least 20 characters");
  const logLevel = text("ATSYNC_LOG_LEVEL") ?? "warn";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new DemoConfigError(`ATSYNC_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  const databaseUrl = text("DATABASE_URL");
  const encryptionKey = text("ATSYNC_ENCRYPTION_KEY");
  if (databaseUrl && !encryptionKey) {
    throw new DemoConfigError(
      "ATSYNC_ENCRYPTION_KEY is required with DATABASE_URL: credentials stored in PostgreSQL must stay readable after a restart and by --worker processes (64 hex characters, e.g. `openssl rand -hex 32`)",
    );
  }

  const webhookUrl = text("ATSYNC_WEBHOOK_URL");
  const webhookSecret = text("ATSYNC_WEBHOOK_SECRET");
  if ((webhookUrl === undefined) !== (webhookSecret === undefined))
    throw new DemoConfigError(
      "ATSYNC_WEBHOOK_URL and ATSYNC_WEBHOOK_SECRET go together: set both or neither",
    );
  if (webhookSecret !== undefined && webhookSecret.length < 16)
    throw new DemoConfigError("ATSYNC_WEBHOOK_SECRET must be at least 16 characters");

  return {
    webhook: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : null,
    port: integer("PORT", 3000, 0),
    host: text("HOST") ?? "127.0.0.1",
    apiKey,
    encryptionKey: encryptionKey ?? randomBytes(32).toString("hex"),
    backend: databaseUrl ? { kind: "postgres", databaseUrl } : { kind: "memory" },
    ...icimsAccountFrom(text),
    simulator: {
      seed: integer("ATSYNC_DEMO_SEED", 42, 0),
      jobs: integer("ATSYNC_DEMO_JOBS", 200, 1),
      people: integer("ATSYNC_DEMO_PEOPLE", 5000, 1),
      applications: integer("ATSYNC_DEMO_APPLICATIONS", 10_000, 0),
    },
    createdApplicationsOnly: flag("ATSYNC_DEMO_CREATED_ONLY"),
    greenhouse: !flag("ATSYNC_DEMO_NO_GREENHOUSE"),
    logLevel: logLevel as DemoConfig["logLevel"],
  };
}

/**
 * The iCIMS credentials given through `ICIMS_*` variables (null when none is set) and the
 * connector settings given beside them.
 */
function icimsAccountFrom(
  text: (name: string) => string | undefined,
): Pick<DemoConfig, "icimsCredentials" | "icimsSettings"> {
  const credentials: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  for (const { env, field, kind, settings: isSetting } of ICIMS_ENV) {
    const raw = text(env);
    if (raw === undefined) continue;
    const target = isSetting ? settings : credentials;
    if (kind === "list") target[field] = raw.split(",").map((v) => v.trim());
    else if (kind === "integer") target[field] = Number(raw);
    else target[field] = raw;
  }
  return {
    icimsCredentials: Object.keys(credentials).length > 0 ? credentials : null,
    icimsSettings: settings,
  };
}

/** The storage and queue atsync runs on. */
export interface Backend {
  /** The storage backend. */
  storage: AtsyncStorage;
  /** The sync queue; undefined → atsync's in-process queue. */
  queue?: JobQueue;
  /** What delivers webhooks from every process (the graphile-worker queue); undefined → in-process. */
  webhookRunner?: NonNullable<AtsyncOptions["webhookDelivery"]>["runner"];
}

/**
 * The `createAtsync` webhook options of a config: its endpoint for all events, delivered from
 * every demo process through the graphile-worker queue on PostgreSQL. Delivered to public
 * addresses only (the guarded fetcher's rules; the demo allow-lists nothing).
 */
export function webhookOptions(config: DemoConfig, backend: Backend) {
  return {
    ...(config.webhook ? { webhooks: [config.webhook] } : {}),
    ...(backend.webhookRunner ? { webhookDelivery: { runner: backend.webhookRunner } } : {}),
  };
}

/** Schema of the demo's tables in PostgreSQL, and of its queue's tables. */
const DEMO_SCHEMA = "atsync_demo";

/**
 * Builds the backend a config names. This is the one place that picks storage and queue: memory
 * storage with atsync's in-process queue, or — with `DATABASE_URL` — PostgreSQL storage (migrated)
 * with the graphile-worker queue, which `--worker` processes on the same database share.
 */
export async function createBackend(config: DemoConfig): Promise<Backend> {
  if (config.backend.kind === "memory") {
    const { createMemoryStorage } = await import("@atsync/storage-memory");
    return { storage: createMemoryStorage({ encryptionKey: config.encryptionKey }) };
  }
  const [{ createPostgresStorage, GraphileWorkerQueue }, { default: pg }] = await Promise.all([
    import("@atsync/storage-postgres"),
    import("pg"),
  ]);
  const pool = new pg.Pool({ connectionString: config.backend.databaseUrl, max: 12 });
  pool.on("error", () => undefined); // idle-client errors surface on the next query instead
  const storage = createPostgresStorage({
    pool,
    schema: DEMO_SCHEMA,
    encryptionKey: config.encryptionKey,
    ownsPool: true,
  });
  try {
    await storage.migrate();
    const queue = new GraphileWorkerQueue({
      pool,
      syncState: storage.syncState,
      schema: `${DEMO_SCHEMA}_worker`,
    });
    await queue.migrate();
    return { storage, queue, webhookRunner: queue };
  } catch (error) {
    await storage.close();
    throw new DemoConfigError(
      `PostgreSQL at DATABASE_URL is not usable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
