import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type GreenhouseCredentials, OAuthError, TokenIssuer } from "./auth.js";
import { HarvestError } from "./errors.js";
import { type FaultCounts, type FaultOptions, Faults, type FaultTarget, NO_FAULTS } from "./faults.js";
import { encodeCursor, listPage, parseListQuery, selectFields } from "./listing.js";
import { RateLimiter, type RateLimitOptions } from "./ratelimit.js";
import { RecordStore } from "./store.js";
import { RESOURCES, type ResourceName, type Row, Tenant, type TenantSize } from "./tenant.js";
import * as writes from "./writes.js";

/** Options of `createGreenhouseSimulator`; every one is optional. */
export interface GreenhouseSimulatorOptions extends Partial<TenantSize> {
  /** Listen port (0 = a free port). */
  port?: number;
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Seed of all generated data and random fault decisions, default 42. */
  seed?: number;
  /** Accepted OAuth client, default derived from the seed. */
  credentials?: GreenhouseCredentials;
  /** Access-token lifetime in seconds (`expires_in`), default 3600. */
  tokenTtlS?: number;
  /** Requests per fixed window, default 75 per 30 s. */
  rateLimit?: RateLimitOptions;
  /** Simulated time at startup (ISO or epoch ms), default now. */
  startTime?: string | number;
  /** When true the clock moves only through `state.advance`. */
  freezeClock?: boolean;
  /** Larger request bodies get 413, default 10 MiB. */
  maxBodyBytes?: number;
  /** Faults injected from the start. */
  faults?: Partial<FaultOptions>;
}

/** Control API of a running simulator: no HTTP, no rate limit, not counted in stats. */
export interface GreenhouseSimulatorState {
  /** Simulated time, epoch ms. */
  now(): number;
  /** Moves the clock forward by `ms` (token expiry, rate windows and write stamps follow). */
  advance(ms: number): void;
  /** The current record as the API renders it (without the attachment `url`), or undefined. */
  get(resource: ResourceName, id: number): Row | undefined;
  /** Every current record of a resource, descending by id (materialises them: small tenants only). */
  list(resource: ResourceName): Row[];
  /** Changes fields of an existing record and stamps `updated_at` (and `last_activity_at` where present); throws RangeError for a missing record. */
  update(resource: ResourceName, id: number, fields: Record<string, unknown>): Row;
  /** Adds a record (no validation) with `created_at`/`updated_at` now; returns it with its new id. */
  create(resource: ResourceName, fields: Record<string, unknown>): Row;
  /** Deletes a record as a hard delete in Greenhouse would; false when it did not exist. */
  remove(resource: ResourceName, id: number): boolean;
  /** Requests per route key (`"GET /v3/candidates"`, `"POST /token"`, `"unmatched"`, …), keys sorted. */
  stats(): Record<string, number>;
  /** Zeroes `stats` and `faultStats`. */
  resetStats(): void;
  /** How many times each fault was injected. */
  faultStats(): FaultCounts;
  /** Changes fault settings from now on (undefined values ignored; RangeError on invalid ones). */
  setFaults(faults: Partial<FaultOptions>): void;
  /** Makes every token issued so far expired (401); new tokens are issued normally. */
  expireTokens(): void;
}

/** A running simulator. */
export interface GreenhouseSimulator {
  /** Origin, e.g. `http://127.0.0.1:4321`. */
  url: string;
  /** API base (`{url}/v3`), standing for `https://harvest.greenhouse.io/v3`. */
  baseUrl: string;
  /** Token endpoint (`{url}/token`), standing for `https://auth.greenhouse.io/token`. */
  tokenUrl: string;
  /** The OAuth client the token endpoint accepts. */
  credentials: GreenhouseCredentials;
  /** Id of the credential's service-account user (a token without `sub` acts as it). */
  serviceAccountUserId: number;
  /** Control API. */
  state: GreenhouseSimulatorState;
  /** Stops the server. */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: Buffer | string;
}

const JSON_TYPE = "application/json; charset=utf-8";
const FILE_LINK_TTL_MS = 7 * 86_400_000;

/** Starts a Greenhouse Harvest v3 simulator on a local port. */
export async function createGreenhouseSimulator(
  options: GreenhouseSimulatorOptions = {},
): Promise<GreenhouseSimulator> {
  const seed = options.seed ?? 42;
  const startMs = options.startTime === undefined ? Date.now() : new Date(options.startTime).getTime();
  if (Number.isNaN(startMs)) throw new RangeError(`invalid startTime ${String(options.startTime)}`);
  const realStart = Date.now();
  let offset = 0;
  const now = () => startMs + offset + (options.freezeClock ? 0 : Date.now() - realStart);
  const tenant = new Tenant(
    seed,
    {
      jobs: options.jobs ?? 30,
      candidates: options.candidates ?? 1000,
      applications: options.applications ?? 2000,
      users: options.users ?? 25,
    },
    startMs,
  );
  const store = new RecordStore(tenant);
  const credentials = options.credentials ?? {
    clientId: `gh-client-${seed}`,
    clientSecret: `gh-secret-${seed}-s3cr3t`,
  };
  const tokens = new TokenIssuer(
    credentials,
    options.tokenTtlS ?? 3600,
    now,
    (userId) => store.get("users", userId)?.deactivated === false,
    tenant.serviceAccountId,
  );
  const limiter = new RateLimiter(options.rateLimit ?? { limit: 75, windowS: 30 });
  const faults = new Faults(NO_FAULTS, seed);
  faults.set(options.faults ?? {});
  const stats = new Map<string, number>();
  const files = new Map<number, { bytes: Buffer; contentType: string }>();
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let origin = "";

  const count = (key: string) => stats.set(key, (stats.get(key) ?? 0) + 1);
  const errorAnswer = (error: HarvestError): Answer => ({
    status: error.status,
    headers: error.headers,
    json: { errors: [error.message] },
  });

  /** Rendered attachment: a fresh expiring download link. */
  const render = (resource: ResourceName, row: Row): Row => {
    if (resource !== "attachments") return row;
    const token = Buffer.from(JSON.stringify({ id: row.id, exp: now() + FILE_LINK_TTL_MS })).toString(
      "base64url",
    );
    return { ...row, url: `${origin}/files/${token}` };
  };

  const fileBytes = (row: Row): { bytes: Buffer; contentType: string } =>
    files.get(row.id) ?? {
      bytes: Buffer.from(`%PDF-1.4\n% resume of candidate ${String(row.candidate_id)}\n%%EOF\n`),
      contentType: String(row.content_type ?? "application/pdf"),
    };

  const serveFile = (token: string): Answer => {
    let link: { id: number; exp: number };
    try {
      link = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { id: number; exp: number };
    } catch {
      return { status: 404, body: "Not Found" };
    }
    const row = store.get("attachments", link.id);
    if (!row) return { status: 404, body: "Not Found" };
    if (now() > link.exp) return { status: 403, body: "Request has expired" };
    const file = fileBytes(row);
    return {
      status: 200,
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${String(row.filename)}"`,
      },
      body: file.bytes,
    };
  };

  const list = (resource: ResourceName, search: URLSearchParams, key: string): Answer => {
    const query = parseListQuery(resource, search);
    const fields = query.params.fields;
    const visible =
      resource === "users" && query.params.show_service_accounts !== "true"
        ? (row: Row) => row.id !== tenant.serviceAccountId
        : undefined;
    const page = listPage(store, resource, query, visible);
    const sample = page.rows[0] ?? store.descending(resource).next().value;
    const known = sample ? Object.keys(render(resource, sample)) : [];
    const rows = selectFields(
      page.rows.map((row) => render(resource, row)),
      fields,
      known,
    );
    const headers: Record<string, string> = {};
    if (page.continueAfter !== undefined) {
      headers.Link = `<${origin}/v3/${resource}?cursor=${encodeCursor(query, page.continueAfter)}>; rel="next"`;
    }
    return { status: 200, headers, json: faults.glitchPage(key, rows) };
  };

  const writeContext = (actingUserId: number): writes.WriteContext => ({
    store,
    now: now(),
    actingUserId,
    saveFile: (attachmentId, bytes, contentType) => files.set(attachmentId, { bytes, contentType }),
  });

  /** Routes an authenticated `/v3` request; returns the stats key and the answer. */
  const route = (
    method: string,
    segments: string[],
    search: URLSearchParams,
    body: unknown,
    userId: number,
    glitchKey: string,
  ): [string, () => Answer] => {
    const [resource, idText, action] = segments;
    const ctx = () => writeContext(userId);
    const known = RESOURCES.includes(resource as ResourceName);
    const idNumber = Number(idText);
    if (segments.length === 1 && known) {
      const key = `${method} /v3/${resource}`;
      if (method === "GET") return [key, () => list(resource as ResourceName, search, glitchKey)];
      const creators: Partial<
        Record<ResourceName, (c: writes.WriteContext, b: unknown) => writes.WriteResult>
      > = {
        candidates: writes.createCandidate,
        applications: writes.createApplication,
        notes: writes.createNote,
        applied_candidate_tags: writes.addCandidateTag,
        attachments: writes.createAttachment,
      };
      const create = creators[resource as ResourceName];
      if (method === "POST" && create) return [key, () => create(ctx(), body)];
      return [key, () => errorAnswer(new HarvestError(405, "Method Not Allowed"))];
    }
    if (segments.length === 2 && known) {
      const key = `${method} /v3/${resource}/{id}`;
      if (resource === "applied_candidate_tags" && method === "DELETE")
        return [key, () => writes.removeCandidateTag(ctx(), idNumber)];
      return [
        key,
        () =>
          errorAnswer(
            new HarvestError(
              method === "GET" ? 404 : 405,
              method === "GET" ? "Not Found (read single records with ?ids=)" : "Method Not Allowed",
            ),
          ),
      ];
    }
    if (segments.length === 3 && resource === "applications") {
      const key = `${method} /v3/applications/{id}/${action}`;
      const actions: Record<string, (c: writes.WriteContext, id: number, b: unknown) => writes.WriteResult> =
        {
          move: writes.moveApplication,
          reject: writes.rejectApplication,
          unreject: writes.unrejectApplication,
        };
      const act = actions[action as string];
      if (act && method === "POST") return [key, () => act(ctx(), idNumber, body)];
      if (act) return [key, () => errorAnswer(new HarvestError(405, "Method Not Allowed"))];
    }
    return ["unmatched", () => errorAnswer(new HarvestError(404, "Not Found"))];
  };

  const handle = async (req: IncomingMessage): Promise<Answer | "drop"> => {
    const arrivedAt = performance.now();
    const url = new URL(req.url ?? "/", origin);
    const method = req.method ?? "GET";
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks);
    if (url.pathname.startsWith("/files/")) {
      count("GET /files/{token}");
      return serveFile(url.pathname.slice(7));
    }
    const isToken = url.pathname === "/token";
    const kind: FaultTarget = isToken ? "token" : method === "GET" ? "list" : "write";
    // The latency runs from the request's arrival: it is handled at once and answered when the
    // latency has passed (a dropped one is never handled), as a latency a client measures
    // includes the vendor's own work.
    const answerAt = arrivedAt + faults.delayMs(kind);
    const outcome = faults.drop(kind) ? "drop" : await respond();
    const remaining = answerAt - performance.now();
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    return outcome;

    async function respond(): Promise<Answer> {
      if (isToken) {
        count(`${method} /token`);
        const injected = faults.serverError("token");
        if (injected) return injectedAnswer(injected.status);
        if (method !== "POST") return errorAnswer(new HarvestError(405, "Method Not Allowed"));
        if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
          return oauthAnswer(
            new OAuthError(400, "invalid_request", "Body must be application/x-www-form-urlencoded."),
          );
        }
        try {
          return {
            status: 200,
            json: tokens.issue(req.headers.authorization, new URLSearchParams(raw.toString("utf8"))),
          };
        } catch (error) {
          if (error instanceof OAuthError) return oauthAnswer(error);
          throw error;
        }
      }
      const segments = url.pathname.split("/").filter(Boolean);
      if (segments[0] !== "v3") {
        count("unmatched");
        return errorAnswer(new HarvestError(404, "Not Found"));
      }
      let userId: number;
      try {
        userId = tokens.authenticate(req.headers.authorization);
      } catch (error) {
        count("unauthorized");
        return errorAnswer(error as HarvestError);
      }
      const decision = limiter.take(now());
      const limitHeaders = {
        "X-RateLimit-Limit": String(decision.limit),
        "X-RateLimit-Remaining": String(decision.remaining),
        "X-RateLimit-Reset": String(decision.resetEpochS),
      };
      let body: unknown;
      let bodyError: HarvestError | undefined;
      if (size > maxBodyBytes) bodyError = new HarvestError(413, "Request body too large");
      else if (raw.length > 0) {
        if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
          bodyError = new HarvestError(415, "Content-Type must be application/json");
        else {
          try {
            body = JSON.parse(raw.toString("utf8"));
          } catch {
            bodyError = new HarvestError(400, "Malformed JSON body");
          }
        }
      }
      const [key, run] = route(
        method,
        segments.slice(1),
        url.searchParams,
        body,
        userId,
        `${method} ${url.pathname}${url.search}`,
      );
      count(key);
      const withLimits = (answer: Answer): Answer => ({
        ...answer,
        headers: { ...answer.headers, ...limitHeaders },
      });
      if (!decision.allowed) {
        return withLimits(
          errorAnswer(
            new HarvestError(429, "Too many requests", { "Retry-After": String(decision.retryAfterS) }),
          ),
        );
      }
      const stormRetryAfter = faults.storm();
      if (stormRetryAfter !== undefined) {
        return withLimits(
          errorAnswer(new HarvestError(429, "Too many requests", { "Retry-After": String(stormRetryAfter) })),
        );
      }
      const injected = faults.serverError(kind);
      if (injected) return withLimits(injectedAnswer(injected.status));
      if (bodyError) return withLimits(errorAnswer(bodyError));
      try {
        const answer = run();
        if (
          (answer.status === 200 || answer.status === 201) &&
          answer.json !== undefined &&
          faults.malformed(kind)
        ) {
          const text = JSON.stringify(answer.json);
          return withLimits({
            status: answer.status,
            headers: { ...answer.headers, "Content-Type": JSON_TYPE },
            body: text.slice(0, Math.floor(text.length / 2)),
          });
        }
        return withLimits(answer);
      } catch (error) {
        if (error instanceof HarvestError) return withLimits(errorAnswer(error));
        throw error;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req).then(
      (answer) => (answer === "drop" ? req.socket.destroy() : write(res, answer)),
      (error: unknown) => write(res, { status: 500, json: { errors: [String(error)] } }),
    );
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const address = server.address() as AddressInfo;
  origin = `http://${address.address}:${address.port}`;

  const state: GreenhouseSimulatorState = {
    now,
    advance: (ms) => {
      if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`);
      offset += ms;
    },
    get: (resource, id) => store.get(resource, id),
    list: (resource) => [...store.descending(resource)],
    update: (resource, id, fields) => {
      const row = store.get(resource, id);
      if (!row) throw new RangeError(`${resource} ${id} does not exist`);
      const stamp = new Date(now()).toISOString();
      const next: Row = { ...row, ...fields, id, updated_at: stamp };
      if ("last_activity_at" in row) next.last_activity_at = stamp;
      store.put(resource, next);
      return next;
    },
    create: (resource, fields) => {
      const stamp = new Date(now()).toISOString();
      return store.create(resource, { created_at: stamp, updated_at: stamp, ...fields });
    },
    remove: (resource, id) => store.remove(resource, id),
    stats: () => Object.fromEntries([...stats.entries()].sort(([a], [b]) => a.localeCompare(b))),
    resetStats: () => {
      stats.clear();
      faults.resetCounts();
    },
    faultStats: () => faults.injected(),
    setFaults: (partial) => faults.set(partial),
    expireTokens: () => tokens.expireAll(),
  };

  return {
    url: origin,
    baseUrl: `${origin}/v3`,
    tokenUrl: `${origin}/token`,
    credentials,
    serviceAccountUserId: tenant.serviceAccountId,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const injectedAnswer = (status: 500 | 503): Answer =>
  status === 500
    ? { status, json: { errors: ["Internal Server Error"] } }
    : { status, headers: { "Content-Type": "text/plain" }, body: "Service Temporarily Unavailable" };

const oauthAnswer = (error: OAuthError): Answer => ({
  status: error.status,
  json: { error: error.code, error_description: error.message },
});

function write(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload: Buffer | string | undefined = answer.body;
  if (answer.json !== undefined && payload === undefined) {
    payload = JSON.stringify(answer.json);
    headers["Content-Type"] = JSON_TYPE;
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}
