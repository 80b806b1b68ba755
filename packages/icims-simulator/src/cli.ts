import { parseArgs } from "node:util";
import type { ProfileType } from "./data/schema.js";
import { isProfileType } from "./data/schema.js";
import type { EventAuthOptions, EventNotificationOptions } from "./events/notifier.js";
import type { FaultTarget } from "./faults.js";
import type { IcimsRegion, IcimsSimulatorOptions, SchemaApiStatus } from "./options.js";
import { createIcimsSimulator } from "./simulator.js";

const USAGE = `Usage: atsync-icims-simulator [options]

Starts a local iCIMS REST simulator and prints one JSON line with url, baseUrl, tokenUrl, audience,
customerId, clientId, clientSecret, username, password and urls; serves until SIGINT/SIGTERM.

  --port N                 tenant API port (0 = free port)           [0]
  --secondary-port N       other-region listener port                [0]
  --host HOST              listen address                            [127.0.0.1]
  --seed N                 data and fault seed                       [42]
  --customer-id N          tenant id                                 [from seed]
  --region us|eu           region host serving the tenant            [us]
  --jobs N --people N --companies N --applications N                 [200 / 5000 / jobs/10 / 20000]
  --client-id S --client-secret S --username S --password S          [derived]
  --audience S             required OAuth audience                   [https://api.icims.com/v1/]
  --token-ttl-s N          access-token lifetime                     [3600]
  --token-max N --token-window-s N   token throttle                  [500 per 600]
  --daily-quota N          daily call quota                          [10000]
  --quota-status N         status once the quota is exhausted        [429]
  --no-search-cache        disable the search cache / staleness
  --staleness-min N        default staleness in minutes              [15]
  --expose-timestamps      return createddate/updateddate on GET
  --hidden-field T.F       hide field F of type T (repeatable), e.g. people.email
  --required-field T.F     require field F of type T on POST/PATCH (repeatable)
  --extra-keys-rate R      share of records with an unknown extra key [0.1]
  --duplicate-application error|existing                             [error]
  --status-list-id ID      status list id            [lists.applicantworkflow.status]
  --portal NAME            career portal (repeatable)                [jobs, internal]
  --start-time ISO         simulated start time                      [now]
  --freeze-clock           clock moves only via state.advance
  --max-body-bytes N       request body cap                          [10485760]
  --schema-api-status N    Schema API answer: 200, 403 or 404        [200]
  --latency-ms N --jitter-ms N                                       [0 / 0]
  --error-rate R           random 500/503 share                      [0]
  --drop-rate R            dropped-connection share                  [0]
  --malformed-rate R       truncated-JSON share of 200 answers       [0]
  --storm-every N --storm-length N --retry-after-s N   429 storms    [off / 0 / 30]
  --burst-every N --burst-length N   runs of 500/503                 [off / 1]
  --spike-rate R --spike-ms N        rare long delays                [0 / 0]
  --empty-page-rate R      share of searches answered with no rows   [0]
  --short-page-rate R      share of searches answered with fewer rows [0]
  --fault-target KIND      limit error/burst/drop/malformed/spike faults to
                           token|search|get|list|write (repeatable)  [default reach]
  --events-url URL         push event notifications to URL (write API changes)  [off]
  --events-auth MODE       none|hmac|basic|oauth                     [none]
  --events-user S --events-secret S  HMAC user+key, Basic user+password or OAuth client
  --events-token-url URL   OAuth token endpoint                      [<events-url>/oauth/token]
  --events-duplicate-rate R  share of events sent twice              [0]
  --events-reorder-ms N    random delay below N ms per delivery      [0]
  --no-events-gzip         send plain JSON
  --help                   print this text
`;

const numberFlags = [
  "port",
  "secondary-port",
  "seed",
  "customer-id",
  "jobs",
  "people",
  "companies",
  "applications",
  "token-ttl-s",
  "token-max",
  "token-window-s",
  "daily-quota",
  "quota-status",
  "staleness-min",
  "extra-keys-rate",
  "max-body-bytes",
  "schema-api-status",
  "latency-ms",
  "jitter-ms",
  "error-rate",
  "drop-rate",
  "malformed-rate",
  "storm-every",
  "storm-length",
  "retry-after-s",
  "burst-every",
  "burst-length",
  "spike-rate",
  "spike-ms",
  "empty-page-rate",
  "short-page-rate",
  "events-duplicate-rate",
  "events-reorder-ms",
] as const;
const stringFlags = [
  "host",
  "region",
  "client-id",
  "client-secret",
  "username",
  "password",
  "audience",
  "duplicate-application",
  "status-list-id",
  "start-time",
  "events-url",
  "events-auth",
  "events-user",
  "events-secret",
  "events-token-url",
] as const;
const booleanFlags = [
  "no-search-cache",
  "expose-timestamps",
  "freeze-clock",
  "no-events-gzip",
  "help",
] as const;
const listFlags = ["hidden-field", "required-field", "portal", "fault-target"] as const;

type Parsed = Record<string, string | boolean | string[] | undefined>;

/** Parses CLI arguments into simulator options; `help` is true when usage was requested. Throws on bad input. */
export function parseCliArgs(argv: readonly string[]): { options: IcimsSimulatorOptions; help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: Object.fromEntries([
      ...[...numberFlags, ...stringFlags].map((name) => [name, { type: "string" as const }]),
      ...booleanFlags.map((name) => [name, { type: "boolean" as const }]),
      ...listFlags.map((name) => [name, { type: "string" as const, multiple: true }]),
    ]),
  });
  const v = values as Parsed;
  const num = (name: (typeof numberFlags)[number]): number | undefined => {
    const raw = v[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n))
      throw new Error(`--${name} needs a number, got ${String(raw)}`);
    return n;
  };
  const str = (name: (typeof stringFlags)[number]): string | undefined => v[name] as string | undefined;
  const fieldMap = (
    name: "hidden-field" | "required-field",
  ): Partial<Record<ProfileType, string[]>> | undefined => {
    const items = v[name] as string[] | undefined;
    if (!items) return undefined;
    const map: Partial<Record<ProfileType, string[]>> = {};
    for (const item of items) {
      const [type = "", field] = item.split(".", 2);
      if (!isProfileType(type) || !field) throw new Error(`--${name} needs <type>.<field>, got ${item}`);
      map[type] = [...(map[type] ?? []), field];
    }
    return map;
  };
  const tokenMax = num("token-max");
  const tokenWindow = num("token-window-s");
  const stormEvery = num("storm-every");
  const burstEvery = num("burst-every");
  const credentials = {
    ...(str("client-id") ? { clientId: str("client-id") } : {}),
    ...(str("client-secret") ? { clientSecret: str("client-secret") } : {}),
    ...(str("username") ? { username: str("username") } : {}),
    ...(str("password") ? { password: str("password") } : {}),
  };
  const duplicate = str("duplicate-application");
  if (duplicate !== undefined && duplicate !== "error" && duplicate !== "existing") {
    throw new Error(`--duplicate-application needs error or existing, got ${duplicate}`);
  }
  const options: IcimsSimulatorOptions = {
    eventNotifications: eventOptions(
      str,
      num("events-duplicate-rate"),
      num("events-reorder-ms"),
      v["no-events-gzip"] === true,
    ),
    port: num("port"),
    secondaryPort: num("secondary-port"),
    host: str("host"),
    seed: num("seed"),
    customerId: num("customer-id"),
    region: str("region") as IcimsRegion | undefined,
    jobs: num("jobs"),
    people: num("people"),
    companies: num("companies"),
    applications: num("applications"),
    credentials,
    audience: str("audience"),
    tokenTtlS: num("token-ttl-s"),
    tokenRateLimit:
      tokenMax === undefined && tokenWindow === undefined
        ? undefined
        : { max: tokenMax ?? 500, windowS: tokenWindow ?? 600 },
    dailyQuota: num("daily-quota"),
    quotaExhaustedStatus: num("quota-status"),
    searchCache: v["no-search-cache"] ? false : undefined,
    defaultStalenessMin: num("staleness-min"),
    exposeTimestamps: v["expose-timestamps"] === true ? true : undefined,
    hiddenFields: fieldMap("hidden-field"),
    requiredFields: fieldMap("required-field"),
    extraKeysRate: num("extra-keys-rate"),
    duplicateApplication: duplicate,
    statusListId: str("status-list-id"),
    portals: v["portal"] as string[] | undefined,
    startTime: str("start-time"),
    freezeClock: v["freeze-clock"] === true ? true : undefined,
    maxBodyBytes: num("max-body-bytes"),
    schemaApiStatus: num("schema-api-status") as SchemaApiStatus | undefined,
    faults: {
      latencyMs: num("latency-ms"),
      jitterMs: num("jitter-ms"),
      errorRate: num("error-rate"),
      dropRate: num("drop-rate"),
      malformedRate: num("malformed-rate"),
      rateLimitStorm:
        stormEvery === undefined
          ? undefined
          : { every: stormEvery, length: num("storm-length") ?? 1, retryAfterS: num("retry-after-s") ?? 30 },
      errorBurst:
        burstEvery === undefined ? undefined : { every: burstEvery, length: num("burst-length") ?? 1 },
      spikeRate: num("spike-rate"),
      spikeMs: num("spike-ms"),
      emptyPageRate: num("empty-page-rate"),
      shortPageRate: num("short-page-rate"),
      faultTargets: v["fault-target"] as FaultTarget[] | undefined,
    },
  };
  return { options: prune(options) as IcimsSimulatorOptions, help: v["help"] === true };
}

/** The `--events-*` flags as `eventNotifications`, or undefined without `--events-url`. */
function eventOptions(
  str: (name: (typeof stringFlags)[number]) => string | undefined,
  duplicateRate: number | undefined,
  reorderWindowMs: number | undefined,
  noGzip: boolean,
): EventNotificationOptions | undefined {
  const url = str("events-url");
  const mode = str("events-auth") ?? "none";
  if (url === undefined) {
    if (str("events-auth") !== undefined) throw new Error("--events-auth needs --events-url");
    return undefined;
  }
  const user = str("events-user") ?? "";
  const secret = str("events-secret");
  const needSecret = () => {
    if (secret === undefined) throw new Error(`--events-auth ${mode} needs --events-secret`);
    return secret;
  };
  const tokenUrl = str("events-token-url");
  const auth: EventAuthOptions =
    mode === "none"
      ? { mode: "none" }
      : mode === "hmac"
        ? { mode: "hmac", secret: needSecret(), user }
        : mode === "basic"
          ? { mode: "basic", username: user, password: needSecret() }
          : mode === "oauth"
            ? { mode: "oauth", clientId: user, clientSecret: needSecret(), ...(tokenUrl ? { tokenUrl } : {}) }
            : (() => {
                throw new Error(`--events-auth needs none, hmac, basic or oauth, got ${mode}`);
              })();
  return {
    url,
    auth,
    ...(noGzip ? { gzip: false } : {}),
    ...(duplicateRate === undefined ? {} : { duplicateRate }),
    ...(reorderWindowMs === undefined ? {} : { reorderWindowMs }),
  };
}

/** Drops undefined values (recursively in plain objects) so defaults apply. */
function prune(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, prune(v)]),
  );
}

/** CLI entry point: starts the simulator, prints the connection JSON line, stops on SIGINT/SIGTERM. */
export async function runCli(argv: readonly string[]): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const sim = await createIcimsSimulator(parsed.options);
  process.stdout.write(
    `${JSON.stringify({
      url: sim.url,
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
      customerId: sim.customerId,
      ...sim.credentials,
      urls: sim.urls,
    })}\n`,
  );
  const shutdown = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
