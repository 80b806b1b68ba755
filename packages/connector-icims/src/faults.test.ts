import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { isAtsyncError } from "@atsync/core/connector";
import { describe, expect, it, onTestFinished } from "vitest";
import { openSession, readAll, simulatorClock, simulatorCredentials, startTest } from "../test/harness.js";
import { formatSearchDateTime } from "./api/dates.js";

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; kind: string; message: string; retryAfterMs?: number }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  return error as { code: string; kind: string; message: string; retryAfterMs?: number };
}

const total = (stats: Record<string, number>) => Object.values(stats).reduce((a, b) => a + b, 0);

/**
 * A proxy in front of `target` answering the first `count` `method` requests whose path ends with
 * `path` with an iCIMS 500 (and forwarding everything else); `failed()` counts those answers.
 */
async function failingProxy(target: string, method: string, path: string, count: number) {
  let failed = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", target);
    if (failed < count && req.method === method && url.pathname.endsWith(path)) {
      failed++;
      req.resume();
      res.writeHead(500, { "content-type": "application/json" });
      res.end('{"errors":[{"errorMessage":"An internal error occurred.","errorCode":0}]}');
      return;
    }
    const upstream = request(url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, failed: () => failed };
}

/** An OAuth session (default retry limit) whose API and token calls go through `failingProxy`. */
async function sessionBehindFailures(method: string, path: string, count: number) {
  const { sim } = await startTest({ applications: 50 });
  const proxy = await failingProxy(sim.url, method, path, count);
  const credentials = simulatorCredentials(sim, { apiUrl: proxy.url, tokenUrl: `${proxy.url}/oauth/token` });
  return { sim, proxy, ...openSession(credentials, {}, simulatorClock(sim)) };
}

describe("vendor faults during reads", () => {
  it("retries a search answered 500 (a search is a read, even as a POST)", async () => {
    const { sim, proxy, session } = await sessionBehindFailures("POST", "/search/applicantworkflows", 1);
    const records = await readAll(session, "applications");
    expect(records.map((r) => r.remote_id)).toEqual(
      sim.state.list("applicantworkflows").map((w) => String(w.id)),
    );
    expect(proxy.failed()).toBe(1);
  });

  it("survives a burst of 3 consecutive 500s on a search with the default retry limit", async () => {
    const { proxy, session } = await sessionBehindFailures("POST", "/search/applicantworkflows", 3);
    expect(await readAll(session, "applications")).toHaveLength(50);
    expect(proxy.failed()).toBe(3);
  });

  it("retries a token request answered 500", async () => {
    const { sim, proxy, session } = await sessionBehindFailures("POST", "/oauth/token", 1);
    await session.check();
    expect(proxy.failed()).toBe(1);
    expect(sim.state.stats()["POST /oauth/token"]).toBe(1);
  });

  it("rides out a 429 storm by honouring Retry-After, losing no record", async () => {
    const { sim, session } = await startTest({
      applications: 150,
      faults: { rateLimitStorm: { every: 60, length: 2, retryAfterS: 1 } },
    });
    const records = await readAll(session, "applications");
    expect(records.map((r) => r.remote_id)).toEqual(
      sim.state.list("applicantworkflows").map((w) => String(w.id)),
    );
    expect(total(sim.state.stats())).toBeGreaterThan(150 + 1 + 1 + 8);
  });

  it("renews a token that expires mid-sync before using it (one token request)", async () => {
    // Three pages: a read fetches the next page while one is handed over, so the third page's
    // GETs are the first ones made after the clock moved.
    const { sim, session } = await startTest({ people: 600, applications: 2500, tokenTtlS: 60 });
    const pages = session.read("applications")[Symbol.asyncIterator]();
    expect((await pages.next()).value?.records).toHaveLength(1000);
    sim.state.advance(5 * 60_000);
    expect((await pages.next()).value?.records).toHaveLength(1000);
    expect((await pages.next()).value?.records).toHaveLength(500);
    expect(sim.state.stats()["POST /oauth/token"]).toBe(2);
  });

  it("refreshes after a 401 mid-sync, with one token request for all requests in flight", async () => {
    const { sim, credentials } = await startTest({ people: 600, applications: 2500 });
    // A session on the system clock keeps its token; the simulator's clock expires it.
    const { session } = openSession(credentials);
    await readAll(session, "application_stages");
    const pages = session.read("applications")[Symbol.asyncIterator]();
    expect((await pages.next()).value?.records).toHaveLength(1000);
    // The second page may be fetched already (a read fetches ahead); the third is not.
    const fetchedAhead = sim.state.stats()["GET /applicantworkflows/{id}"] ?? 0;
    sim.state.advance(2 * 60 * 60_000);
    sim.state.resetStats();
    expect((await pages.next()).value?.records).toHaveLength(1000);
    expect((await pages.next()).value?.records).toHaveLength(500);
    const stats = sim.state.stats();
    expect(stats["POST /oauth/token"]).toBe(1);
    // Every record not fetched before once, plus at most the GETs in flight that got the 401.
    const rest = 2500 - Math.min(fetchedAhead, 2000);
    expect(stats["GET /applicantworkflows/{id}"]).toBeGreaterThanOrEqual(rest);
    expect(stats["GET /applicantworkflows/{id}"]).toBeLessThanOrEqual(rest + 8);
  });

  it("retries 5xx bursts", async () => {
    const { sim, session } = await startTest(
      { applications: 200, faults: { errorRate: 0.15 } },
      { http: { retryLimit: 8 } },
    );
    const records = await readAll(session, "applications");
    expect(records).toHaveLength(200);
    expect(total(sim.state.stats())).toBeGreaterThan(200 + 1 + 1 + 8);
  });

  it("retries dropped connections", async () => {
    const { sim, session } = await startTest(
      { applications: 200, faults: { dropRate: 0.1 } },
      { http: { retryLimit: 8 } },
    );
    const records = await readAll(session, "applications");
    expect(records).toHaveLength(200);
    expect(total(sim.state.stats())).toBeGreaterThan(200 + 1 + 1 + 8);
  });

  it("retries bodies cut short (invalid JSON on a 200)", async () => {
    const { sim, session } = await startTest(
      { applications: 200, faults: { malformedRate: 0.1 } },
      { http: { retryLimit: 8 } },
    );
    const records = await readAll(session, "applications");
    expect(records.map((r) => r.remote_id)).toEqual(
      sim.state.list("applicantworkflows").map((w) => String(w.id)),
    );
  });

  it("stops at an exhausted daily quota without tight retries, retryable at the reset", async () => {
    const { sim, session } = await startTest({ applications: 200, dailyQuota: 40 });
    const error = await failure(readAll(session, "applications"));
    expect(error).toMatchObject({ code: "REMOTE.RATE_LIMIT_EXCEEDED", kind: "transient" });
    expect(error.message).toContain("Daily API call limit exceeded");
    expect(error.retryAfterMs).toBe(sim.state.quota().resetSeconds * 1000);
    const refused =
      total(sim.state.stats()) - sim.state.quota().used - (sim.state.stats()["POST /oauth/token"] ?? 0);
    expect(refused).toBeLessThanOrEqual(8);
  });
});

describe("what iCIMS hides or adds", () => {
  it("tolerates hidden fields: missing keys map to null / empty", async () => {
    const { session } = await startTest({
      hiddenFields: {
        people: ["email", "phones"],
        jobs: ["folder"],
        applicantworkflows: ["associatedprofile"],
      },
    });
    const candidates = await readAll(session, "candidates");
    expect(candidates.every((c) => (c["email_addresses"] as unknown[]).length === 0)).toBe(true);
    expect(candidates.every((c) => (c["phone_numbers"] as unknown[]).length === 0)).toBe(true);
    expect((await readAll(session, "jobs")).every((j) => j["status"] === null)).toBe(true);
    const applications = await readAll(session, "applications");
    expect(applications.every((a) => a["candidate_remote_id"] === null && a["job_remote_id"] !== null)).toBe(
      true,
    );
  });

  it("tolerates unknown keys and keeps them in remote_data", async () => {
    const { session } = await startTest({ extraKeysRate: 1 });
    const jobs = await readAll(session, "jobs");
    expect(jobs.length).toBeGreaterThan(0);
    const extra = ["profilescore", "dataprivacystatus", "lastsyncsource"];
    for (const job of jobs) {
      expect(Object.keys(job["remote_data"] as object).some((k) => extra.includes(k))).toBe(true);
    }
  });
});

describe("the unparseable-date trap", () => {
  it("sends delta bounds in iCIMS' own format, so a delta returns only the changed records", async () => {
    const { sim, session } = await startTest({ applications: 300 });
    const id = sim.state.list("applicantworkflows")[10]?.id ?? 0;
    sim.state.mutate({ op: "update", type: "applicantworkflows", id, fields: { sourcename: "changed" } });
    const delta = await readAll(session, "applications", { since: new Date(sim.state.now() - 60_000) });
    expect(delta.map((r) => r.remote_id)).toEqual([String(id)]);
    expect(formatSearchDateTime(new Date("2025-03-10T00:05:00Z"))).toBe("2025-03-10 12:05 AM");
    expect(formatSearchDateTime(new Date("2025-03-10T13:59:59Z"))).toBe("2025-03-10 01:59 PM");
  });

  it("refuses an invalid since instead of sending a bound iCIMS would ignore", async () => {
    const { sim, session } = await startTest();
    const error = await failure(readAll(session, "applications", { since: new Date("not a date") }));
    expect(error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(sim.state.stats()).toEqual({});
  });
});
