import { readFileSync } from "node:fs";
import { WEBHOOK_EVENT_TYPES } from "@atsync/core";
import { z } from "zod";

/** How a process runs: the HTTP API only, sync workers only, or both. */
export type ServerMode = "api" | "worker" | "all";

/** The modes `atsync-server` accepts as its first argument. */
export const SERVER_MODES: readonly ServerMode[] = ["api", "worker", "all"];

/** Connector slugs the server can enable. */
export const CONNECTOR_SLUGS = ["icims"] as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** A URL with an http(s) scheme. */
const httpUrl = z.string().refine(
  (value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { message: "must be an http:// or https:// URL" },
);

/** A whole number in [min, max], with a message naming the bounds. */
const integer = (min: number, max: number) =>
  z
    .number({ message: `must be an integer from ${min} to ${max}` })
    .int({ message: `must be an integer from ${min} to ${max}` })
    .min(min, { message: `must be an integer from ${min} to ${max}` })
    .max(max, { message: `must be an integer from ${min} to ${max}` });

/** 32 bytes as 64 hex characters or base64, what the credential cipher takes. */
const encryptionKey = z
  .string({ message: "is required (32 bytes: 64 hex characters or base64, e.g. `openssl rand -hex 32`)" })
  .refine(
    (key) =>
      /^[0-9a-fA-F]{64}$/.test(key) ||
      (/^[A-Za-z0-9+/]{43}=?$|^[A-Za-z0-9_-]{43}$/.test(key) && Buffer.from(key, "base64").length === 32),
    { message: "must be 32 bytes: 64 hex characters or base64 (e.g. `openssl rand -hex 32`)" },
  );

const webhookEndpoint = z.strictObject({
  url: httpUrl,
  secret: z.string({ message: "is required" }).min(16, { message: "must be at least 16 characters" }),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}` }))
    .min(1, { message: "must name at least one event (omit it for all)" })
    .optional(),
});

/** The configuration schema (field names as in the JSON file). */
const configSchema = z.strictObject({
  databaseUrl: z
    .string({ message: "is required (postgres://user:password@host:port/database)" })
    .refine((value) => /^postgres(ql)?:\/\/./.test(value), {
      message: "must be a postgres:// or postgresql:// connection string",
    }),
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,55}$/, {
      message: "must be a lower-case identifier (letters, digits, _; at most 56 characters)",
    })
    .default("atsync"),
  databasePoolSize: integer(4, 200).optional(),
  encryptionKey,
  apiKeys: z
    .array(z.string().min(20, { message: "must be at least 20 characters" }), {
      message: "must be a list of keys",
    })
    .default([]),
  connectors: z
    .array(z.enum(CONNECTOR_SLUGS, { message: `must be one of ${CONNECTOR_SLUGS.join(", ")}` }))
    .min(1, { message: "must enable at least one connector" })
    .default(["icims"]),
  webhooks: z.array(webhookEndpoint, { message: "must be a list of {url, secret, events?}" }).default([]),
  publicBaseUrl: httpUrl.optional(),
  /**
   * Non-public addresses (CIDRs or addresses) that attachment downloads and webhook deliveries may
   * reach; default none (public unicast only).
   */
  fetchAllow: z.array(z.string().min(1, { message: "must not be empty" })).default([]),
  port: integer(0, 65_535).default(8080),
  host: z.string().min(1, { message: "must not be empty" }).default("0.0.0.0"),
  worker: z
    .strictObject({
      concurrency: integer(1, 64).default(4),
      pollIntervalMs: integer(100, 60_000).default(2_000),
      recoveryIntervalMs: integer(250, 600_000).default(10_000),
    })
    .default({ concurrency: 4, pollIntervalMs: 2_000, recoveryIntervalMs: 10_000 }),
  logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  shutdownTimeoutMs: integer(1_000, 3_600_000).default(30_000),
});

/** The server's validated configuration (see the config table in docs/operations.md). */
export type ServerConfig = z.infer<typeof configSchema>;

/** How an environment variable's text becomes a field's value. */
type EnvKind = "text" | "integer" | "list" | "json";

/** Environment variable → configuration field. */
interface EnvField {
  /** The variable. */
  env: string;
  /** The field's path in the JSON file. */
  path: readonly string[];
  /** How its text is read. */
  kind: EnvKind;
}

/** Every field that can come from the environment; env wins over the file, field by field. */
export const ENV_FIELDS: readonly EnvField[] = [
  { env: "DATABASE_URL", path: ["databaseUrl"], kind: "text" },
  { env: "ATSYNC_DATABASE_SCHEMA", path: ["databaseSchema"], kind: "text" },
  { env: "ATSYNC_DATABASE_POOL_SIZE", path: ["databasePoolSize"], kind: "integer" },
  { env: "ATSYNC_ENCRYPTION_KEY", path: ["encryptionKey"], kind: "text" },
  { env: "ATSYNC_API_KEYS", path: ["apiKeys"], kind: "list" },
  { env: "ATSYNC_CONNECTORS", path: ["connectors"], kind: "list" },
  { env: "ATSYNC_WEBHOOKS", path: ["webhooks"], kind: "json" },
  { env: "ATSYNC_PUBLIC_BASE_URL", path: ["publicBaseUrl"], kind: "text" },
  { env: "ATSYNC_FETCH_ALLOW", path: ["fetchAllow"], kind: "list" },
  { env: "PORT", path: ["port"], kind: "integer" },
  { env: "HOST", path: ["host"], kind: "text" },
  { env: "ATSYNC_WORKER_CONCURRENCY", path: ["worker", "concurrency"], kind: "integer" },
  { env: "ATSYNC_WORKER_POLL_INTERVAL_MS", path: ["worker", "pollIntervalMs"], kind: "integer" },
  { env: "ATSYNC_WORKER_RECOVERY_INTERVAL_MS", path: ["worker", "recoveryIntervalMs"], kind: "integer" },
  { env: "ATSYNC_LOG_LEVEL", path: ["logLevel"], kind: "text" },
  { env: "ATSYNC_SHUTDOWN_TIMEOUT_MS", path: ["shutdownTimeoutMs"], kind: "integer" },
];

/**
 * Thrown for a configuration the server cannot start with. `problems` name each bad field and
 * where its value came from (the environment variable or the file), never the value itself.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** A value whose text could not be read as its kind (the text is never kept). */
const UNREADABLE = Symbol("unreadable");

/** The value of an environment variable's text as its field's kind, or UNREADABLE. */
function fromEnv(text: string, kind: EnvKind): unknown {
  switch (kind) {
    case "text":
      return text;
    case "integer":
      return /^-?\d+$/.test(text) ? Number(text) : UNREADABLE;
    case "list":
      return text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    case "json":
      try {
        return JSON.parse(text);
      } catch {
        return UNREADABLE;
      }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Sets `value` at `path` in `target`, creating (or replacing non-object) parents. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/** The JSON file `ATSYNC_CONFIG` names, as an object; throws `ConfigError` when unreadable. */
function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError([`ATSYNC_CONFIG: cannot read ${path} (${code})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the text, which may hold secrets.
    throw new ConfigError([`ATSYNC_CONFIG: ${path} is not valid JSON`]);
  }
  if (!isObject(parsed)) throw new ConfigError([`ATSYNC_CONFIG: ${path} must hold a JSON object`]);
  return parsed;
}

/** `a.b[0].c` for a zod issue path. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i > 0 ? "." : ""}${String(key)}`))
    .join("");
}

/**
 * Reads the server's configuration: the JSON file named by `ATSYNC_CONFIG` (if set), then the
 * environment variables of `ENV_FIELDS` on top, field by field; validates the result. `mode`
 * adds what the mode needs (`api` and `all` serve the API, so they need at least one API key).
 * Throws `ConfigError` listing every bad field (path and source, never its value).
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  mode: ServerMode,
): ServerConfig {
  const filePath = env.ATSYNC_CONFIG?.trim() || undefined;
  const raw: Record<string, unknown> = filePath ? readConfigFile(filePath) : {};
  const sources = new Map<string, string>();
  const problems: string[] = [];
  const unreadable = new Set<string>();
  for (const { env: name, path, kind } of ENV_FIELDS) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = fromEnv(text, kind);
    sources.set(path.join("."), name);
    if (value === UNREADABLE) {
      unreadable.add(path.join("."));
      problems.push(
        `${path.join(".")} (${name}): ${kind === "json" ? "is not valid JSON" : "must be an integer"}`,
      );
    } else {
      setPath(raw, path, value);
    }
  }

  const sourceOf = (path: readonly PropertyKey[]): string => {
    for (let n = path.length; n > 0; n--) {
      const name = sources.get(path.slice(0, n).map(String).join("."));
      if (name) return name;
    }
    return filePath ? `file ${filePath}` : "not set";
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const line = (path: readonly PropertyKey[], message: string) =>
      `${formatPath(path) || "(root)"} (${sourceOf(path)}): ${message}`;
    for (const issue of parsed.error.issues) {
      // A value the environment could not give was reported above, whatever the file holds.
      if (unreadable.has(issue.path.map(String).join("."))) continue;
      // Unknown keys are reported at their parent: name each key itself.
      if (issue.code === "unrecognized_keys") {
        problems.push(...issue.keys.map((key) => line([...issue.path, key], "is not a known setting")));
      } else problems.push(line(issue.path, issue.message));
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const config = parsed.data;
  if (mode !== "worker" && config.apiKeys.length === 0) {
    throw new ConfigError([
      `apiKeys (${sourceOf(["apiKeys"])}): at least one API key (≥ 20 characters) is required to serve the API in mode ${mode}`,
    ]);
  }
  return config;
}
