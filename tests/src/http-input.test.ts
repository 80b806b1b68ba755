// Regression tests of the HTTP surface's input handling (issue 11 B): each bad input gets a 4xx in
// Kombo's error envelope naming what was wrong, nothing is changed, and no secret is shown.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpHandler, handleClientErrors, toNodeListener } from "@atsync/core/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";

let h: IcimsHarness;
let server: Server;
let base: string;
let key: string;

beforeAll(async () => {
  h = await startIcimsHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  key = (await h.atsync.apiKeys.create("http-input")).key;
  server = handleClientErrors(
    createServer(toNodeListener(createHttpHandler({ atsync: h.atsync, basePath: "/v1" }))),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

interface ErrorBody {
  status: string;
  error: { code: string | null; message: string };
}

async function call(method: string, path: string, body?: unknown | string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      "x-integration-id": h.integrationId,
      "content-type": "application/json",
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody & { data?: unknown } };
}

describe("integration settings over HTTP", () => {
  it.each([
    [{ deltaIntervalMinutes: -5 }, /deltaIntervalMinutes.*1 to 10080/],
    [{ deltaIntervalMinutes: "abc" }, /deltaIntervalMinutes/],
    [{ deletionThreshold: 99 }, /deletionThreshold.*0 to 1/],
    [{ createdApplicationsOnly: "no" }, /createdApplicationsOnly.*boolean/],
    [{ deletionMinimumCount: 1.5 }, /deletionMinimumCount.*integer/],
    [{ bogus: true }, /bogus/],
  ])("refuses %j with 400 naming the field, and stores nothing", async (settings, message) => {
    const before = await h.atsync.integrations.get(h.integrationId);
    const { status, body } = await call("PATCH", `/integrations/${h.integrationId}/settings`, settings);
    expect(status).toBe(400);
    expect(body.error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(body.error.message).toMatch(message);
    expect((await h.atsync.integrations.get(h.integrationId)).settings).toEqual(before.settings);
  });

  it("stores valid settings", async () => {
    const { status } = await call("PATCH", `/integrations/${h.integrationId}/settings`, {
      deltaIntervalMinutes: 30,
      deletionMinimumCount: 10,
      deletionConfirmBudget: 500,
    });
    expect(status).toBe(200);
    expect((await h.atsync.integrations.get(h.integrationId)).settings).toMatchObject({
      deltaIntervalMinutes: 30,
      deletionMinimumCount: 10,
    });
  });
});

describe("malformed bodies", () => {
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;

  it.each([
    ["POST", "/ats/candidates"],
    ["PUT", "/ats/applications/x/stage"],
    ["PATCH", "/integrations/{id}/settings"],
    ["POST", "/passthrough/icims/default"],
  ])("answers 20,000-level JSON on %s %s with 400, not 500", async (method, path) => {
    const { status, body } = await call(method, path.replace("{id}", h.integrationId), deep);
    expect(status).toBe(400);
    expect(body.error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(body.error.message).toMatch(/nest/);
  });

  it.each([
    ["X-Evil", "a\r\nInjected: 1"],
    ["X-Evil", "nul\u0000byte"],
    ["X-Evil", "snowman ☃"],
    ["Bad Name", "x"],
  ])("refuses passthrough header %s=%j with 400 naming the header", async (name, value) => {
    const writes = h.sim.state.stats();
    const { status, body } = await call("POST", "/passthrough/icims/default", {
      method: "GET",
      path: "/jobs",
      headers: { [name]: value },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(body.error.message).toContain(`headers.${name}`);
    expect(h.sim.state.stats()).toEqual(writes);
  });
});

describe("node adapter", () => {
  it("answers request heads over 16 KiB with a JSON error", async () => {
    const url = new URL(base);
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: "/v1/check-api-key",
          headers: { "x-padding": "a".repeat(20_000) },
        },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => {
            body += c.toString();
          });
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toMatch(/application\/json/);
    expect(JSON.parse(answer.body).error.code).toBe("PLATFORM.INPUT_INVALID");
  });

  it("answers an unparseable Host header with 400 instead of failing the process", async () => {
    const url = new URL(base);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: "/v1/check-api-key", headers: { host: "a b" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(400);
  });
});

describe("API keys", () => {
  it("lists a short prefix of each key, never a hash of it", async () => {
    const { status, body } = await call("GET", "/api-keys");
    expect(status).toBe(200);
    const results = (body.data as { results: Record<string, unknown>[] }).results;
    expect(results.length).toBeGreaterThan(0);
    for (const record of results) {
      expect(record).not.toHaveProperty("hash");
      expect(JSON.stringify(record)).not.toMatch(/[0-9a-f]{32}/);
      expect(String(record.prefix)).toMatch(/^atsk_.{4}…$/);
    }
    expect(JSON.stringify(results)).not.toContain(key.slice(10));
  });
});
