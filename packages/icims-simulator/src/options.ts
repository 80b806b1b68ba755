import type { IcimsSimulatorCredentials, TokenRateLimit } from "./auth.js";
import { DEFAULT_STATUS_LIST_ID } from "./data/lists.js";
import type { ProfileType } from "./data/schema.js";
import { isProfileType } from "./data/schema.js";
import { DAY_MS } from "./dates.js";
import type { EventNotificationOptions } from "./events/notifier.js";
import type { FaultOptions } from "./faults.js";
import { NO_FAULTS } from "./faults.js";
import { hash, saltOf } from "./random.js";

/** How the Schema API answers: served (200), forbidden (403) or absent (404). */
export type SchemaApiStatus = 200 | 403 | 404;

/** Region of the simulated tenant: which listener (API host) serves it. */
export type IcimsRegion = "us" | "eu";

/** Options of `createIcimsSimulator` (every one optional; defaults in brackets). */
export interface IcimsSimulatorOptions {
  /** Port of the tenant's API listener; 0 picks a free port [0]. */
  port?: number;
  /** Port of the other region's listener (which knows no tenant); 0 picks a free port [0]. */
  secondaryPort?: number;
  /** Interface to listen on ["127.0.0.1"]. */
  host?: string;
  /** Seed of all generated data and of random fault decisions [42]. */
  seed?: number;
  /** Numeric customer (tenant) id [derived from the seed, 1000–9999]. */
  customerId?: number;
  /** Region whose listener serves the tenant: `us` (api.icims.com) or `eu` (api-eu.icims.com) ["us"]. */
  region?: IcimsRegion;
  /** Generated jobs [200]. */
  jobs?: number;
  /** Generated people (the first ~2 %, at most 50, are users: recruiters, hiring managers) [5000]. */
  people?: number;
  /** Generated companies (locations) [max(2, ceil(jobs / 10))]. */
  companies?: number;
  /** Generated applicant workflows; each is a unique candidate × job pair [20000]. */
  applications?: number;
  /** Accepted credentials [derived from the customer id]. */
  credentials?: Partial<IcimsSimulatorCredentials>;
  /** OAuth `audience` the token endpoint requires ["https://api.icims.com/v1/", EU: "https://api-eu.icims.com/v1/"]. */
  audience?: string;
  /** Lifetime of issued access tokens in seconds (`expires_in`) [3600]. */
  tokenTtlS?: number;
  /** Token-endpoint throttle [500 per 600 s]. */
  tokenRateLimit?: TokenRateLimit;
  /** Daily API call quota (resets 00:00 UTC) [10000]. */
  dailyQuota?: number;
  /** HTTP status answered once the quota is exhausted [429]. */
  quotaExhaustedStatus?: number;
  /** Cache search results and honour `staleness` [true]. */
  searchCache?: boolean;
  /** Staleness in minutes when a search sends no `staleness` parameter [15]. */
  defaultStalenessMin?: number;
  /** Return `createddate` / `updateddate` on profile GETs (iCIMS documents them only as search filters) [false]. */
  exposeTimestamps?: boolean;
  /** Fields hidden from the API user per type: omitted from GETs, unknown to search [none]. */
  hiddenFields?: Partial<Record<ProfileType, string[]>>;
  /** Fields that must hold a value after an API POST/PATCH (400 FIELD_REQUIRED, code 1) [none]. */
  requiredFields?: Partial<Record<ProfileType, string[]>>;
  /** Share of records (chosen by id) whose JSON carries an unknown extra key [0.1]. */
  extraKeysRate?: number;
  /** A second workflow for the same person × job: `error` (400) or `existing` (201 + existing Location) ["error"]. */
  duplicateApplication?: "error" | "existing";
  /** List id of the recruiting-workflow bins-and-statuses tree ["lists.applicantworkflow.status"]. */
  statusListId?: string;
  /** Career portal names; ids are 1, 2, … in this order; the first is the main career site [["jobs", "internal"]]. */
  portals?: string[];
  /** Simulated time at startup (epoch ms, ISO string or Date) [now]. Generated data lies before its UTC midnight. */
  startTime?: number | string | Date;
  /** Keep the clock still except for `state.advance` [false]. */
  freezeClock?: boolean;
  /** Largest accepted request body in bytes (413 above) [10 MiB]. */
  maxBodyBytes?: number;
  /**
   * Answer of the Schema API (`GET /profiledefinitions/v1/{profile}/schema`): 200 serves it; 403
   * (the API user may not read profile definitions) or 404 (the tenant does not offer it) refuse
   * every call [200].
   */
  schemaApiStatus?: SchemaApiStatus;
  /** Injected faults [none]; changeable at runtime with `state.setFaults`. */
  faults?: Partial<FaultOptions>;
  /** Event notifications to push from the start [none]; changeable with `state.setEventNotifications`. */
  eventNotifications?: EventNotificationOptions;
}

/**
 * The tenant the demo runs (and its data-completeness test reads): one whose profile GETs return
 * `createddate` / `updateddate` through `fields=`. The §13 timestamps decision lets a tenant do
 * either; the connector handles both, but only such a tenant fills `remote_created_at` on jobs
 * and candidates (without it, `remote_created_after` matches no job).
 */
export const DEMO_TENANT_OPTIONS = { exposeTimestamps: true } as const satisfies IcimsSimulatorOptions;

/** Options with every default applied. */
export interface ResolvedOptions {
  port: number;
  secondaryPort: number;
  host: string;
  seed: number;
  customerId: number;
  region: IcimsRegion;
  sizes: { jobs: number; people: number; companies: number; applications: number };
  credentials: IcimsSimulatorCredentials;
  audience: string;
  tokenTtlS: number;
  tokenRateLimit: TokenRateLimit;
  dailyQuota: number;
  quotaExhaustedStatus: number;
  searchCache: boolean;
  defaultStalenessMin: number;
  exposeTimestamps: boolean;
  hiddenFields: Partial<Record<ProfileType, string[]>>;
  requiredFields: Partial<Record<ProfileType, string[]>>;
  extraKeysRate: number;
  duplicateApplication: "error" | "existing";
  statusListId: string;
  portals: string[];
  startTime: number;
  dataEnd: number;
  freezeClock: boolean;
  maxBodyBytes: number;
  schemaApiStatus: SchemaApiStatus;
  faults: FaultOptions;
  eventNotifications: EventNotificationOptions | null;
}

const count = (name: string, value: number | undefined, fallback: number): number => {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return n;
};

const checkTypes = (name: string, map: Partial<Record<string, string[]>>): void => {
  for (const key of Object.keys(map)) {
    if (!isProfileType(key)) throw new RangeError(`${name}: unknown profile type "${key}"`);
  }
};

const schemaApiStatus = (value: number | undefined): SchemaApiStatus => {
  const status = value ?? 200;
  if (status !== 200 && status !== 403 && status !== 404)
    throw new RangeError(`schemaApiStatus must be 200, 403 or 404, got ${value}`);
  return status;
};

/** Applies defaults and validates options; throws RangeError on invalid values. */
export function resolveOptions(options: IcimsSimulatorOptions = {}): ResolvedOptions {
  const seed = options.seed ?? 42;
  const customerId = options.customerId ?? 1000 + (hash(seed, saltOf("customer"), 0) % 9000);
  const secret = (name: string) => hash(seed, saltOf(name), customerId).toString(36);
  const region = options.region ?? "us";
  if (region !== "us" && region !== "eu") throw new RangeError(`region must be "us" or "eu", got ${region}`);
  const jobs = count("jobs", options.jobs, 200);
  const start = options.startTime === undefined ? Date.now() : new Date(options.startTime).getTime();
  if (!Number.isFinite(start))
    throw new RangeError(`startTime is not a valid time: ${String(options.startTime)}`);
  const hiddenFields = options.hiddenFields ?? {};
  const requiredFields = options.requiredFields ?? {};
  checkTypes("hiddenFields", hiddenFields);
  checkTypes("requiredFields", requiredFields);
  const portals = options.portals ?? ["jobs", "internal"];
  if (portals.length === 0 || portals.some((p) => !/^[a-z0-9-]+$/.test(p))) {
    throw new RangeError("portals must be non-empty lowercase names");
  }
  return {
    port: options.port ?? 0,
    secondaryPort: options.secondaryPort ?? 0,
    host: options.host ?? "127.0.0.1",
    seed,
    customerId,
    region,
    sizes: {
      jobs,
      people: count("people", options.people, 5000),
      companies: count("companies", options.companies, Math.max(2, Math.ceil(jobs / 10))),
      applications: count("applications", options.applications, 20_000),
    },
    credentials: {
      clientId: `icims-sim-${customerId}`,
      clientSecret: `sim-secret-${secret("client-secret")}`,
      username: `integration_${customerId}`,
      password: `sim-password-${secret("password")}`,
      ...options.credentials,
    },
    audience:
      options.audience ?? (region === "eu" ? "https://api-eu.icims.com/v1/" : "https://api.icims.com/v1/"),
    tokenTtlS: count("tokenTtlS", options.tokenTtlS, 3600),
    tokenRateLimit: options.tokenRateLimit ?? { max: 500, windowS: 600 },
    dailyQuota: count("dailyQuota", options.dailyQuota, 10_000),
    quotaExhaustedStatus: options.quotaExhaustedStatus ?? 429,
    searchCache: options.searchCache ?? true,
    defaultStalenessMin: count("defaultStalenessMin", options.defaultStalenessMin, 15),
    exposeTimestamps: options.exposeTimestamps ?? false,
    hiddenFields,
    requiredFields,
    extraKeysRate: options.extraKeysRate ?? 0.1,
    duplicateApplication: options.duplicateApplication ?? "error",
    statusListId: options.statusListId ?? DEFAULT_STATUS_LIST_ID,
    portals,
    startTime: start,
    dataEnd: Math.floor(start / DAY_MS) * DAY_MS,
    freezeClock: options.freezeClock ?? false,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    schemaApiStatus: schemaApiStatus(options.schemaApiStatus),
    faults: { ...NO_FAULTS, ...options.faults },
    eventNotifications: options.eventNotifications ?? null,
  };
}
