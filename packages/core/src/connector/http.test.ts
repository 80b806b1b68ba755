import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../clock.js";
import { AtsyncError } from "../errors.js";
import { createRootLogger } from "../logging.js";
import { CallBudget } from "./budget.js";
import {
  createHttpClient,
  type HttpCallContext,
  parseRateLimitHeaders,
  retryAfterMs,
  toAtsyncError,
} from "./http.js";

/** A loopback server answering each path with a scripted sequence of responses. */
let server: Server;
let base: string;
/** One scripted answer: a response, or `reset` (the connection is destroyed without an answer). */
type Answer = { status: number; body: string; headers?: Record<string, string> } | "reset";
const script = new Map<string, Answer[]>();
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const next = script.get(path)?.shift() ?? { status: 200, body: '{"ok":true}' };
    if (next === "reset") {
      req.socket.destroy();
      return;
    }
    res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A client with a 5 ms backoff; `retryLimit` undefined keeps core's default. */
const client = (retryLimit: number | undefined = 3) => {
  const budget = new CallBudget(systemClock);
  const http = createHttpClient({
    logger: createRootLogger(),
    budget,
    clock: systemClock,
    ...(retryLimit === undefined ? {} : { retryLimit }),
    backoffBaseMs: 5,
  });
  return { http, budget };
};
const fail = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe("createHttpClient", () => {
  it("retries a 503 and succeeds, counting every attempt in the budget", async () => {
    script.set("/flaky", [
      { status: 503, body: "{}" },
      { status: 503, body: "{}" },
    ]);
    const { http, budget } = client();
    expect(await http.get(`${base}/flaky`).json()).toEqual({ ok: true });
    expect(hits.get("/flaky")).toBe(3);
    expect(budget.snapshot().calls).toBe(3);
  });

  it("waits for Retry-After on a 429 before retrying", async () => {
    script.set("/limited", [{ status: 429, body: "{}", headers: { "retry-after": "1" } }]);
    const { http } = client();
    const started = Date.now();
    await http.get(`${base}/limited`).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(hits.get("/limited")).toBe(2);
  });

  const idempotent = { idempotent: true } satisfies HttpCallContext;
  const error500 = { status: 500, body: '{"message":"boom"}' };
  const cutBody = { status: 200, body: '{"ok":tr' };
  const faults: [string, Answer][] = [
    ["500", error500],
    ["503", { status: 503, body: "unavailable" }],
    ["reset connection", "reset"],
    ["body cut short", cutBody],
  ];

  it.each(faults)("retries a POST declared idempotent after a %s", async (name, answer) => {
    const path = `/search-${name.replaceAll(" ", "-")}`;
    script.set(path, [answer]);
    const { http } = client();
    const response = await http.post(`${base}${path}`, {
      json: {},
      context: idempotent,
      responseType: "json",
    });
    expect(response.body).toEqual({ ok: true });
    expect(hits.get(path)).toBe(2);
  });

  it.each(faults)("does not retry a POST not declared idempotent after a %s", async (name, answer) => {
    const path = `/create-${name.replaceAll(" ", "-")}`;
    script.set(path, [answer]);
    const { http } = client();
    await fail(http.post(`${base}${path}`, { json: {}, responseType: "json" }));
    expect(hits.get(path)).toBe(1);
  });

  it("does not retry a PUT declared not idempotent after a 500", async () => {
    script.set("/put-once", [error500]);
    const { http } = client();
    await fail(http.put(`${base}/put-once`, { json: {}, context: { idempotent: false } }).json());
    expect(hits.get("/put-once")).toBe(1);
  });

  it("retries a GET whose JSON body is cut short (parsed by got: responseType json)", async () => {
    script.set("/cut", [cutBody]);
    const { http } = client();
    expect((await http.get(`${base}/cut`, { responseType: "json" })).body).toEqual({ ok: true });
    expect(hits.get("/cut")).toBe(2);
  });

  it("retries a POST after a 429", async () => {
    script.set("/create-limited", [{ status: 429, body: "{}", headers: { "retry-after": "0" } }]);
    const { http } = client();
    expect(await http.post(`${base}/create-limited`, { json: {} }).json()).toEqual({ ok: true });
    expect(hits.get("/create-limited")).toBe(2);
  });

  it("retries a POST whose connection was refused (it never reached the vendor)", async () => {
    const { http, budget } = client(2);
    const error = await fail(http.post("http://127.0.0.1:1/create", { json: {} }).json());
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    expect(budget.snapshot().calls).toBe(3);
  });

  it("honours Retry-After on a 503 to an idempotent POST", async () => {
    script.set("/search-later", [{ status: 503, body: "{}", headers: { "retry-after": "1" } }]);
    const { http } = client();
    const started = Date.now();
    await http.post(`${base}/search-later`, { json: {}, context: idempotent }).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(hits.get("/search-later")).toBe(2);
  });

  it("rides out 3 consecutive 500s on an idempotent POST with the default retry limit", async () => {
    script.set("/search-burst", [error500, error500, error500]);
    const { http } = client(undefined);
    expect(await http.post(`${base}/search-burst`, { json: {}, context: idempotent }).json()).toEqual({
      ok: true,
    });
    expect(hits.get("/search-burst")).toBe(4);
  });

  it("repeats a POST when a hook asks for it (a 401 answered with a renewed token)", async () => {
    script.set("/create-auth", [{ status: 401, body: "{}" }]);
    const { http } = client();
    const renewing = http.extend({
      hooks: {
        afterResponse: [
          (response, retryWithMergedOptions) =>
            response.statusCode === 401
              ? retryWithMergedOptions({ headers: { authorization: "new" } })
              : response,
        ],
      },
    });
    expect(await renewing.post(`${base}/create-auth`, { json: {} }).json()).toEqual({ ok: true });
    expect(hits.get("/create-auth")).toBe(2);
  });

  it("learns the quota from x-ratelimit-* headers", async () => {
    script.set("/quota", [
      {
        status: 200,
        body: "{}",
        headers: { "x-ratelimit-limit": "10000", "x-ratelimit-remaining": "42", "x-ratelimit-reset": "3600" },
      },
    ]);
    const { http, budget } = client();
    await http.get(`${base}/quota`).json();
    const snap = budget.snapshot();
    expect(snap.limit).toBe(10000);
    expect(snap.remaining).toBe(42);
    expect(snap.resetAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it("gives up after the retry limit with the last error", async () => {
    script.set(
      "/down",
      Array.from({ length: 5 }, () => ({ status: 500, body: '{"message":"boom"}' })),
    );
    const { http } = client(2);
    const error = toAtsyncError(await fail(http.get(`${base}/down`).json()), { vendor: "Test" });
    expect(error).toMatchObject({ code: "REMOTE.SERVICE_UNAVAILABLE", kind: "transient" });
    expect(hits.get("/down")).toBe(3);
  });
});

describe("toAtsyncError", () => {
  it("passes through an AtsyncError thrown by another copy of @atsync/core (brand, not instanceof)", () => {
    const foreign = new AtsyncError("REMOTE.INPUT_INVALID", "from another copy");
    Object.setPrototypeOf(foreign, Error.prototype);
    expect(foreign instanceof AtsyncError).toBe(false);
    expect(toAtsyncError(foreign, { vendor: "Test" })).toBe(foreign);
  });

  const mapped = async (path: string, status: number, body: string, headers?: Record<string, string>) => {
    script.set(path, [{ status, body, ...(headers ? { headers } : {}) }]);
    const { http } = client(0);
    return toAtsyncError(await fail(http.get(`${base}${path}`).json()), {
      vendor: "Test",
      integrationId: "x:1",
    });
  };

  it("maps 401 to INTEGRATION.AUTHENTICATION_INVALID (config) keeping the vendor message", async () => {
    const e = await mapped("/401", 401, '{"errors":[{"errorMessage":"Bad token"}]}');
    expect(e).toMatchObject({
      code: "INTEGRATION.AUTHENTICATION_INVALID",
      kind: "config",
      integrationId: "x:1",
    });
    expect(e.message).toContain("Bad token");
  });

  it("maps 403 to INTEGRATION.PERMISSION_MISSING", async () => {
    expect((await mapped("/403", 403, "{}")).code).toBe("INTEGRATION.PERMISSION_MISSING");
  });

  it("maps 429 to a transient REMOTE.RATE_LIMIT_EXCEEDED with the Retry-After delay", async () => {
    const e = await mapped("/429", 429, "{}", { "retry-after": "12" });
    expect(e).toMatchObject({ code: "REMOTE.RATE_LIMIT_EXCEEDED", kind: "transient", retryAfterMs: 12_000 });
  });

  it("maps other 4xx to REMOTE.INPUT_INVALID", async () => {
    expect((await mapped("/400", 400, '{"message":"email required"}')).code).toBe("REMOTE.INPUT_INVALID");
  });

  it("maps an unparseable body to a system error", async () => {
    const e = await mapped("/garbage", 200, "{nope");
    expect(e).toMatchObject({ code: "REMOTE.UNKNOWN_HTTP_ERROR", kind: "system" });
  });

  it("maps a refused connection to a transient error", async () => {
    const { http } = client(0);
    const e = toAtsyncError(await fail(http.get("http://127.0.0.1:1/").json()), { vendor: "Test" });
    expect(e).toMatchObject({ code: "REMOTE.SERVICE_UNAVAILABLE", kind: "transient" });
  });

  it("never puts request headers into the message", async () => {
    script.set("/secret", [{ status: 401, body: "" }]);
    const { http } = client(0);
    const raw = await fail(
      http.get(`${base}/secret`, { headers: { authorization: "Bearer top-secret-token" } }).json(),
    );
    const e = toAtsyncError(raw, { vendor: "Test" });
    expect(e.message).not.toContain("top-secret-token");
    expect(inspect(e, { depth: 10, showHidden: true })).not.toContain("top-secret-token");
    expect(e.cause).toEqual({
      name: "HTTPError",
      code: "ERR_NON_2XX_3XX_RESPONSE",
      method: "GET",
      url: `${base}/secret`,
      status: 401,
    });
  });
});

describe("header helpers", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("parses Retry-After as seconds or HTTP date", () => {
    expect(retryAfterMs("5", now)).toBe(5000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it("parses rate-limit reset as seconds from now or epoch seconds", () => {
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": "60" }, now)?.resetAt).toEqual(
      new Date("2026-01-01T00:01:00Z"),
    );
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": "1767225660" }, now)?.resetAt).toEqual(
      new Date("2026-01-01T00:01:00Z"),
    );
    expect(parseRateLimitHeaders({}, now)).toBeNull();
  });
});
