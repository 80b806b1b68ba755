import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RemoteRecord } from "../connector/session.js";
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
  | { kind: "garbage_body" };

/** A vendor record with the vendor's own change time. */
interface VendorRow {
  record: RemoteRecord;
  updatedAt: Date;
}

/** Options of `startFixtureVendor`. */
export interface FixtureVendorOptions {
  /** Records per model (default 5 users, 3 stages, 4 jobs, 12 candidates, 15 applications). */
  sizes?: Partial<Record<FixtureModel, number>>;
  /** Records per page of `GET /records/{model}` (default 4, small so tests cross pages). */
  pageSize?: number;
}

/**
 * A tiny vendor API over loopback HTTP for core's own tests (the fixture connector talks to it):
 * `GET /ping`, `GET /records/{model}?after=&since=&ids=`, `GET /ids/{model}?after=`,
 * `PUT /applications/{id}/stage`, `GET /raw/*` (passthrough target). Auth: `x-api-key`.
 */
export interface FixtureVendor {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The accepted API key. */
  apiKey: string;
  /** Current records of a model (the truth a sync must reach). */
  records(model: FixtureModel): RemoteRecord[];
  /** Changes a record (vendor time moves forward) and returns its remote id and change time. */
  touch(model: FixtureModel, remoteId?: string): { remoteId: string; changedAt: Date };
  /** Removes a record. */
  remove(model: FixtureModel, remoteId: string): void;
  /** The next `count` requests (default 1) fail with `fault`. */
  injectFault(fault: VendorFault, count?: number): void;
  /** Requests served, by `METHOD /first-segment/model`. */
  calls(): Record<string, number>;
  /** Stops the server. */
  close(): Promise<void>;
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
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const data = new Map<FixtureModel, Map<string, VendorRow>>();
  const key = (i: number) => String(1000 + i);
  for (const model of FIXTURE_MODELS) {
    const rows = new Map<string, VendorRow>();
    for (let i = 0; i < sizes[model]; i++) {
      const refs: Record<string, unknown> = {};
      if (model === "applications") {
        refs.candidate_remote_id = key(i % sizes.candidates);
        refs.job_remote_id = key(i % sizes.jobs);
        refs.current_stage_remote_id = key(i % sizes.application_stages);
      }
      rows.set(key(i), { record: sampleRemoteRecord(model, key(i), refs), updatedAt: new Date(clock) });
    }
    data.set(model, rows);
  }
  const faults: VendorFault[] = [];
  const calls: Record<string, number> = {};

  const table = (model: string) => data.get(model as FixtureModel);
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? "/", "http://x");
    const [, area = "", model = ""] = url.pathname.split("/");
    const route = `${req.method} /${area}${model ? `/${model}` : ""}`;
    calls[route] = (calls[route] ?? 0) + 1;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-ratelimit-limit": "1000", ...headers });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };
    const fault = faults.shift();
    if (fault?.kind === "unauthorized") return send(401, { message: "API key revoked" });
    if (fault?.kind === "rate_limited") {
      return send(429, { message: "slow down" }, { "retry-after": String(fault.retryAfterSeconds) });
    }
    if (fault?.kind === "server_error") return send(503, { message: "maintenance" });
    if (req.headers["x-api-key"] !== apiKey) return send(401, { message: "invalid API key" });
    if (fault?.kind === "garbage_body") return send(200, "{not json at all");

    if (area === "ping") return send(200, { ok: true });
    if (area === "raw") return send(200, { path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const rows = table(model);
    if (!rows) return send(404, { message: `no such model ${model}` });
    const sorted = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b));
    const after = url.searchParams.get("after") ?? "";
    if (area === "ids" && req.method === "GET") {
      const page = sorted.filter(([k]) => k > after).slice(0, pageSize * 3);
      const last = page.length === pageSize * 3 ? page[page.length - 1]?.[0] : null;
      return send(200, { ids: page.map(([k]) => k), next_after: last ?? null });
    }
    if (area === "records" && req.method === "GET") {
      const since = url.searchParams.get("since");
      const ids = url.searchParams.get("ids")?.split(",");
      const page = sorted
        .filter(
          ([k, row]) =>
            k > after && (!since || row.updatedAt >= new Date(since)) && (!ids || ids.includes(k)),
        )
        .slice(0, pageSize);
      const last = page.length === pageSize ? page[page.length - 1]?.[0] : null;
      return send(200, { records: page.map(([, row]) => row.record), next_after: last ?? null });
    }
    if (area === "applications" && req.method === "PUT") {
      const [, , appId = "", sub] = url.pathname.split("/");
      const row = data.get("applications")?.get(appId);
      const stage = (JSON.parse(body || "{}") as { stage?: string }).stage;
      if (sub !== "stage" || !row) return send(404, { message: "no such application" });
      if (!stage || !data.get("application_stages")?.has(stage))
        return send(400, { message: "unknown stage" });
      row.record = { ...row.record, current_stage_remote_id: stage };
      clock += 60_000;
      row.updatedAt = new Date(clock);
      return send(200, row.record);
    }
    return send(404, { message: "not found" });
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
    records: (model) => [...(data.get(model)?.values() ?? [])].map((r) => structuredClone(r.record)),
    touch: (model, remoteId) => {
      const rows = data.get(model) as Map<string, VendorRow>;
      const id = remoteId ?? ([...rows.keys()][0] as string);
      const row = rows.get(id);
      if (!row) throw new Error(`fixture vendor: no ${model} ${id}`);
      clock += 60_000;
      row.updatedAt = new Date(clock);
      row.record = { ...row.record, remote_updated_at: row.updatedAt.toISOString() };
      return { remoteId: id, changedAt: row.updatedAt };
    },
    remove: (model, remoteId) => {
      data.get(model)?.delete(remoteId);
    },
    injectFault: (fault, count = 1) => {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    calls: () => ({ ...calls }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
