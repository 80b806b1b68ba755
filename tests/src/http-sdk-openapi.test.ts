import { createHttpHandler, listHttpRoutes } from "@atsync/core/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
let spec: {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
};

/** POST routes that take no body (an action on the resource the path names). */
const BODILESS = new Set([
  "POST /webhooks/endpoints/{id}/enable",
  "POST /webhooks/deliveries/{id}/redeliver",
]);

beforeAll(async () => {
  h = await startHarness();
  const handler = createHttpHandler({ atsync: h.atsync, basePath: "/v1" });
  spec = (await (await handler(new Request("http://atsync.test/v1/openapi.json"))).json()) as typeof spec;
});
afterAll(async () => {
  await h.close();
});

/** A path template with its parameter names blanked: the spec names them as Kombo does (`{job_id}`), the router `{id}`. */
const template = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

/** The spec's operation for a route, matched by method and path template. */
const operationOf = (method: string, path: string) =>
  Object.entries(spec.paths).find(([p]) => template(p) === template(path))?.[1]?.[method.toLowerCase()];

describe("openapi.json", () => {
  const routes = () => listHttpRoutes({ atsync: h.atsync }).filter((r) => r.path !== "/openapi.json");

  it("documents every route the handler serves (method and path template)", () => {
    const missing = routes()
      .filter((r) => operationOf(r.method, r.path) === undefined)
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("gives every route that takes a body a requestBody schema of its content type", () => {
    const missing = routes()
      .filter((r) => ["POST", "PUT", "PATCH"].includes(r.method) && !BODILESS.has(`${r.method} ${r.path}`))
      .filter((r) => {
        const type = r.body === "form" ? "application/x-www-form-urlencoded" : "application/json";
        return operationOf(r.method, r.path)?.requestBody?.content?.[type]?.schema === undefined;
      })
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("documents no path the handler does not serve", () => {
    const served = new Set(routes().map((r) => `${r.method.toLowerCase()} ${template(r.path)}`));
    const extra = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => !served.has(`${m} ${template(path)}`))
        .map((m) => `${m} ${path}`),
    );
    expect(extra).toEqual([]);
  });
});
