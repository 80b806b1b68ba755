import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RemoteRecord } from "../connector/session.js";
import type { IntegrationField } from "../model/jobs.js";
import { sampleRemoteRecord } from "./fixtures.js";

/** Models the fixture vendor serves. */
export const FIXTURE_MODELS = ["users", "application_stages", "jobs", "candidates", "applications"] as const;
/** One of the fixture vendor's models. */
export type FixtureModel = (typeof FIXTURE_MODELS)[number];

/** A fault the fixture vendor answers the next request(s) with. */
export type VendorFault =
  | { kind: "unauthorized" }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "server_error" }
  | { kind: "garbage_body" }
  /**
   * A glitch: the next records or ids page of `model` requested after `after` answers 200 with no
   * rows and no next page, as if the listing ended there. Requests for other pages leave it queued.
   */
  | { kind: "empty_page"; model: FixtureModel; after: string };

/** A vendor record with the vendor's own change time. */
interface VendorRow {
  record: RemoteRecord;
  updatedAt: Date;
}

/** Options of `startFixtureVendor`. */
export interface FixtureVendorOptions {
  /** Records per model (default 5 users, 3 stages, 4 jobs, 12 candidates, 15 applications). */
  sizes?: Partial<Record<FixtureModel, number>>;
  /**
   * Records per page of `GET /records/{model}` (default 4, small so tests cross pages); a request's
   * `limit` query parameter asks for fewer.
   */
  pageSize?: number;
  /** The vendor's clock (record change times); default the system clock. Share a `FakeClock` with atsync in tests. */
  now?: () => Date;
  /**
   * Jobs carry two vendor fields in `integration_fields`: `jobs.grade` (DEFAULT, label "Grade")
   * and `jobs.cost_center` (CUSTOM, label "Cost center"), with values per job. Default false.
   */
  integrationFields?: boolean;
}

/**
 * A tiny vendor API over loopback HTTP for core's own tests (the fixture connector talks to it):
 * `GET /ping`, `GET /records/{model}?after=&since=&ids=`, `GET /ids/{model}?after=&ids=`,
 * `POST /applications`, `PUT /applications/{id}/stage`, `GET /raw/*` (passthrough target).
 * Auth: `x-api-key`.
 */
export interface FixtureVendor {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The accepted API key. */
  apiKey: string;
  /** Current records of a model (the truth a sync must reach). */
  records(model: FixtureModel): RemoteRecord[];
  /**
   * Changes a record (a custom field counts the touches; its change time becomes the vendor's now)
   * and returns its key and change time.
   */
  touch(model: FixtureModel, remoteId?: string): { remoteId: string; changedAt: Date };
  /** Removes a record. */
  remove(model: FixtureModel, remoteId: string): void;
  /** The next `count` requests (default 1) fail with `fault`. */
  injectFault(fault: VendorFault, count?: number): void;
  /** The `n`-th request from now (1 = the next) has its connection destroyed before any answer. */
  dropRequest(n: number): void;
  /** From now on, answers carry `x-ratelimit-remaining` counting down from `remaining` (null: unlimited). */
  setQuota(quota: { limit: number; remaining: number; resetSeconds: number } | null): void;
  /** Requests served, by `METHOD /area/model` (e.g. `GET /records/jobs`). */
  calls(): Record<string, number>;
  /**
   * The positions requested per model of `GET /records/{model}`, in order: the `after` cursor, and
   * for delta reads `<after>@<since>` (a read with another `since` is another query, not a re-read).
   */
  pageRequests(model: FixtureModel): string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** The vendor fields of the `i`-th job (`FixtureVendorOptions.integrationFields`). */
function jobFields(i: number): IntegrationField[] {
  return [
    { id: "jobs.grade", key: "grade", type: "DEFAULT", value: `G${i % 3}`, label: "Grade" },
    {
      id: "jobs.cost_center",
      key: "cost_center",
      type: "CUSTOM",
      value: `CC-${100 + i}`,
      label: "Cost center",
    },
  ];
}

/** Starts a fixture vendor on a free loopback port. */
export async function startFixtureVendor(options: FixtureVendorOptions = {}): Promise<FixtureVendor> {
  const sizes = {
    users: 5,
    application_stages: 3,
    jobs: 4,
    candidates: 12,
    applications: 15,
    ...options.sizes,
  };
  const pageSize = options.pageSize ?? 4;
  const apiKey = "fixture-api-key-0123456789";
  const now = options.now ?? (() => new Date());
  const key = (i: number) => String(1000 + i);
  const data = new Map<FixtureModel, Map<string, VendorRow>>();
  for (const model of FIXTURE_MODELS) {
    const rows = new Map<string, VendorRow>();
    for (let i = 0; i < sizes[model]; i++) {
      const refs =
        model === "applications"
          ? {
              candidate_remote_id: key(i % sizes.candidates),
              job_remote_id: key(i % sizes.jobs),
              current_stage_remote_id: key(i % sizes.application_stages),
            }
          : {};
      const fields =
        model === "jobs" && options.integrationFields ? { integration_fields: jobFields(i) } : {};
      rows.set(key(i), {
        record: sampleRemoteRecord(model, key(i), { ...refs, ...fields }),
        updatedAt: now(),
      });
    }
    data.set(model, rows);
  }
  const table = (model: FixtureModel) => data.get(model) as Map<string, VendorRow>;
  const faults: VendorFault[] = [];
  const calls: Record<string, number> = {};
  const pages = new Map<string, string[]>();
  let dropAt: number | null = null;
  let quota: { limit: number; remaining: number; resetSeconds: number } | null = null;

  const createApplication = (input: {
    job?: string;
    email?: string;
    first_name?: string;
    last_name?: string;
  }) => {
    const candidates = table("candidates");
    const applications = table("applications");
    const existing = [...candidates.values()].find((c) =>
      (c.record.email_addresses as { email_address: string | null }[]).some(
        (e) => e.email_address === input.email,
      ),
    );
    const candidateId = existing?.record.remote_id ?? key(10_000 + candidates.size);
    if (!existing) {
      const record = sampleRemoteRecord("candidates", candidateId, {
        first_name: input.first_name ?? null,
        last_name: input.last_name ?? null,
        email_addresses: [{ email_address: input.email ?? null, type: "PERSONAL" }],
      });
      candidates.set(candidateId, { record, updatedAt: now() });
    }
    const applicationId = key(10_000 + applications.size);
    const application = sampleRemoteRecord("applications", applicationId, {
      candidate_remote_id: candidateId,
      job_remote_id: input.job,
    });
    applications.set(applicationId, { record: application, updatedAt: now() });
    return { candidate: (candidates.get(candidateId) as VendorRow).record, application };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? "/", "http://x");
    const [, area = "", model = "", sub = ""] = url.pathname.split("/");
    const route = `${req.method} /${area}${model ? `/${model}` : ""}`;
    calls[route] = (calls[route] ?? 0) + 1;
    if (dropAt !== null && --dropAt === 0) {
      dropAt = null;
      req.socket.destroy();
      return;
    }
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const limits: Record<string, string> = { "x-ratelimit-limit": "1000" };
      if (quota) {
        quota.remaining = Math.max(0, quota.remaining - 1);
        limits["x-ratelimit-limit"] = String(quota.limit);
        limits["x-ratelimit-remaining"] = String(quota.remaining);
        limits["x-ratelimit-reset"] = String(quota.resetSeconds);
      }
      res.writeHead(status, { "content-type": "application/json", ...limits, ...headers });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };
    const head = faults[0];
    const glitchLater =
      head?.kind === "empty_page" &&
      (head.model !== model || (url.searchParams.get("after") ?? "") !== head.after);
    const fault = glitchLater ? undefined : faults.shift();
    if (fault?.kind === "unauthorized") return send(401, { message: "API key revoked" });
    if (fault?.kind === "rate_limited") {
      return send(429, { message: "slow down" }, { "retry-after": String(fault.retryAfterSeconds) });
    }
    if (fault?.kind === "server_error") return send(503, { message: "maintenance" });
    if (req.headers["x-api-key"] !== apiKey) return send(401, { message: "invalid API key" });
    if (fault?.kind === "garbage_body") return send(200, "{not json at all");

    if (area === "ping") return send(200, { ok: true });
    if (area === "raw") return send(200, { path: url.pathname, query: Object.fromEntries(url.searchParams) });
    if (area === "applications" && req.method === "POST" && !model) {
      const input = JSON.parse(body || "{}") as { job?: string };
      if (!input.job || !table("jobs").has(input.job))
        return send(400, { message: "job is required and must exist" });
      return send(201, createApplication(input));
    }
    if (area === "applications" && req.method === "PUT" && sub === "stage") {
      const row = table("applications").get(model);
      const stage = (JSON.parse(body || "{}") as { stage?: string }).stage;
      if (!row) return send(404, { message: "no such application" });
      if (!stage || !table("application_stages").has(stage)) return send(400, { message: "unknown stage" });
      row.record = { ...row.record, current_stage_remote_id: stage };
      row.updatedAt = now();
      return send(200, row.record);
    }
    const rows = data.get(model as FixtureModel);
    if (!rows || req.method !== "GET") return send(404, { message: `not found: ${route}` });
    const after = url.searchParams.get("after") ?? "";
    const ids = url.searchParams.get("ids")?.split(",");
    const since = url.searchParams.get("since");
    const sorted = [...rows.entries()]
      .filter(
        ([k, row]) => k > after && (!ids || ids.includes(k)) && (!since || row.updatedAt >= new Date(since)),
      )
      .sort(([a], [b]) => a.localeCompare(b));
    if (fault?.kind === "empty_page" && area === "ids") return send(200, { ids: [], next_after: null });
    if (fault?.kind === "empty_page" && area === "records")
      return send(200, { records: [], next_after: null });
    if (area === "ids") {
      const page = sorted.slice(0, pageSize * 3);
      const last = page.length === pageSize * 3 ? page[page.length - 1]?.[0] : null;
      return send(200, { ids: page.map(([k]) => k), next_after: last ?? null });
    }
    if (area === "records") {
      pages.set(model, [...(pages.get(model) ?? []), since ? `${after}@${since}` : after]);
      const limit = Number(url.searchParams.get("limit") ?? pageSize);
      const size = Number.isInteger(limit) && limit > 0 ? Math.min(limit, pageSize) : pageSize;
      const page = sorted.slice(0, size);
      const last = page.length === size ? page[page.length - 1]?.[0] : null;
      return send(200, { records: page.map(([, row]) => row.record), next_after: last ?? null });
    }
    return send(404, { message: `not found: ${route}` });
  };

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    records: (model) => [...table(model).values()].map((r) => structuredClone(r.record)),
    touch: (model, remoteId) => {
      const rows = table(model);
      const id = remoteId ?? ([...rows.keys()][0] as string);
      const row = rows.get(id);
      if (!row) throw new Error(`fixture vendor: no ${model} ${id}`);
      row.updatedAt = now();
      const touches = Number((row.record.custom_fields as Record<string, unknown>).touches ?? 0) + 1;
      row.record = {
        ...row.record,
        remote_updated_at: row.updatedAt.toISOString(),
        custom_fields: { touches },
      };
      return { remoteId: id, changedAt: row.updatedAt };
    },
    remove: (model, remoteId) => {
      table(model).delete(remoteId);
    },
    injectFault: (fault, count = 1) => {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    dropRequest: (n) => {
      dropAt = n;
    },
    setQuota: (q) => {
      quota = q ? { ...q } : null;
    },
    calls: () => ({ ...calls }),
    pageRequests: (model) => [...(pages.get(model) ?? [])],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
