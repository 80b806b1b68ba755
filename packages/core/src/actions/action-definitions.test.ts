import { describe, expect, it, vi } from "vitest";
import { createAtsApi } from "../api/ats.js";
import { ACTION_KEYS } from "../connector/definition.js";
import type { Atsync } from "../di/create-atsync.js";
import { registerApiRoutes } from "../http/api-routes.js";
import { openApiDocument } from "../http/openapi.js";
import { RouteTable } from "../http/route-table.js";
import { ACTION_DEFINITIONS, type ActionCall, type ActionDefinition } from "./action-definitions.js";
import type { ActionService } from "./action-service.js";

const entries = Object.entries(ACTION_DEFINITIONS) as [keyof typeof ACTION_DEFINITIONS, ActionDefinition][];

/** The host API of integration `int_1` on an action service that records each call it is given. */
function recordingApi() {
  const perform = vi.fn(async (_integrationId: string, _action: string, _call: ActionCall) => ({
    status: "success" as const,
    data: {},
    warnings: [],
  }));
  const service = { perform } as unknown as ActionService;
  const unused = {} as never;
  return { api: createAtsApi("int_1", unused, unused, unused, service), perform };
}

/** The API routes on a table whose prelude reads the JSON body, served by `api`. */
function routes(api: ReturnType<typeof recordingApi>["api"]) {
  const table = new RouteTable(() => async (c, next) => {
    c.set("body", c.req.method === "GET" ? null : await c.req.json());
    await next();
  });
  registerApiRoutes(table, { ats: () => api } as unknown as Atsync);
  return table;
}

/** A concrete path for a route template, with `id-1` for its parameter. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/, "id-1");

describe("ACTION_DEFINITIONS", () => {
  it("is the source of ACTION_KEYS, in its order", () => {
    expect(ACTION_KEYS).toEqual(Object.keys(ACTION_DEFINITIONS));
  });

  it("names each target's path parameter in its route, and no other", () => {
    for (const [, action] of entries) {
      const params = [...action.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(params).toEqual(action.target ? [action.target.param] : []);
    }
  });

  it("gives every entry a host method that performs it with the path id, body and options", async () => {
    const { api, perform } = recordingApi();
    expect(Object.keys(api.actions).sort()).toEqual(entries.map(([, a]) => a.hostMethod).sort());
    for (const [key, action] of entries) {
      const body = { from: key };
      const options = { idempotencyKey: `key-${key}` };
      const args = [...(action.target ? ["id-1"] : []), ...(action.kind === "read" ? [] : [body, options])];
      perform.mockClear();
      await (api.actions[action.hostMethod as keyof typeof api.actions] as (...a: unknown[]) => unknown)(
        ...args,
      );
      const expected: ActionCall = {
        targetId: action.target ? "id-1" : undefined,
        ...(action.kind === "read" ? {} : { body, options }),
      };
      expect(perform.mock.calls).toEqual([["int_1", key, expected]]);
    }
  });

  it("serves every entry's route, documented in openapi.json with its body schema and parameter", async () => {
    const { api, perform } = recordingApi();
    const table = routes(api);
    const served = table.list().map((r) => `${r.method} ${r.path}`);
    const paths = openApiDocument(table.app).paths as Record<
      string,
      Record<string, { summary: string; parameters?: { name: string; in: string }[]; requestBody?: unknown }>
    >;
    for (const [key, action] of entries) {
      const { method, path, summary } = action.route;
      expect(served).toContain(`${method.toUpperCase()} ${path}`);
      const operation = paths[path]?.[method];
      expect(operation?.summary).toBe(summary);
      const pathParameters = operation?.parameters?.filter((p) => p.in === "path").map((p) => p.name);
      expect(pathParameters ?? []).toEqual(action.target ? [action.target.param] : []);
      expect(operation?.requestBody !== undefined).toBe(action.kind !== "read");

      perform.mockClear();
      const response = await table.app.request(concrete(path), {
        method: method.toUpperCase(),
        headers: { "X-Integration-Id": "int_1", "Idempotency-Key": "k1" },
        ...(action.kind === "read" ? {} : { body: JSON.stringify({ from: key }) }),
      });
      expect(response.status).toBe(200);
      expect(perform.mock.calls).toEqual([
        [
          "int_1",
          key,
          {
            targetId: action.target ? "id-1" : undefined,
            ...(action.kind === "read" ? {} : { body: { from: key }, options: { idempotencyKey: "k1" } }),
          },
        ],
      ]);
    }
  });
});
