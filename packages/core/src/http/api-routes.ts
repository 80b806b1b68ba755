import { z } from "@hono/zod-openapi";
import {
  ACTION_DEFINITIONS,
  type ActionCall,
  type ActionDefinition,
  type HostActions,
  hostArgumentsOfCall,
} from "../actions/action-definitions.js";
import { EndpointConfigSchema, type WebhookEndpointConfig } from "../api/webhooks.js";
import { ACTION_KEYS } from "../connector/definition.js";
import type { Atsync } from "../di/create-atsync.js";
import { AtsyncError, inputInvalid } from "../errors.js";
import { unifiedId } from "../ids.js";
import { PassthroughRequestSchema } from "../model/actions.js";
import { READ_QUERY_SCHEMAS } from "../read/resources.js";
import { IntegrationSettingsSchema, parseIntegrationSettings } from "../storage/integrations.js";
import type { SyncType } from "../storage/sync-state.js";
import {
  ApiKeyBody,
  ConnectBody,
  EnabledBody,
  ForceSyncBody,
  ReplayBody,
  TriggerSyncBody,
  UNCOVERED_READS,
  UNCOVERED_WRITES,
} from "./bodies.js";
import { json } from "./errors.js";
import { AtsyncImportTrackedBody, KomboImportTrackedBody, parseTrackedImport } from "./import-tracked.js";
import { komboIntegration, toolEntry } from "./integration-shape.js";
import { componentRef, documented, jsonBody, success } from "./openapi.js";
import type { RouteTable } from "./route-table.js";

/** Kombo's `{ status: "success", data, warnings }` answer. */
export const ok = (data: unknown, warnings: { message: string }[] = []) =>
  json(200, { status: "success", data, warnings });

/** Path parameters `names`, each a string. */
export const pathParams = <const K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.string()])) as Record<K, z.ZodString>);

/** The `X-Integration-Id` header every ATS, passthrough and sync call names its integration with. */
const IntegrationHeaders = z.object({
  "X-Integration-Id": z
    .string({ error: "header is required" })
    .min(1, { error: "header is required" })
    .openapi({ description: "The integration the call is for" }),
});
/** Headers of a write: the integration, and an optional key that makes retries of it safe. */
const WriteHeaders = IntegrationHeaders.extend({
  "Idempotency-Key": z
    .string()
    .optional()
    .openapi({ description: "Repeating a write with the same key answers the first result" }),
});
const optionalText = z.string().optional();

/**
 * The query parameters of a request; a parameter given more than once (`statuses=OPEN&statuses=CLOSED`)
 * counts as its values comma-joined (`OPEN,CLOSED`), as list parameters read them.
 */
function listQuery(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string> = {};
  for (const name of new Set(params.keys())) out[name] = params.getAll(name).join(",");
  return out;
}

/** The documented query parameters of a read resource, from the zod schema its read service parses them with. */
function readQueryParameters(schema: z.ZodType) {
  const properties = documented(schema).properties ?? {};
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: "query" as const,
    required: false,
    schema,
  }));
}

/** A read list page: `results` and the `next` cursor. */
const ListPage = documented(z.object({ results: z.array(z.looseObject({})), next: z.string().nullable() }));

function notFound(id: string): AtsyncError {
  return new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${id} not found`);
}

/** The 400 of a webhook endpoint or delivery that does not exist. */
function noWebhook(id: string, what = "webhook endpoint"): Error {
  return inputInvalid("request", [{ path: "id", message: `no ${what} ${id}` }]);
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min;
}

/**
 * Kombo's API and atsync's additions on `table`: integrations, tools, API keys, webhooks, sync
 * control, passthrough, unified reads and writes (with the models and actions no connector covers
 * yet). The field and connect routes are added separately.
 */
export function registerApiRoutes(table: RouteTable, atsync: Atsync): void {
  const ats = (integrationId: string) => atsync.ats(integrationId);
  const idempotency = (key: string | undefined) => (key ? { idempotencyKey: key } : {});
  const integration = (id: string) => {
    return atsync.integrations.get(id).then((d) => komboIntegration(d, atsync.connectors.get(d.tool)));
  };

  table.define(
    { method: "get", path: "/check-api-key", summary: "Check the API key", responses: success() },
    () => ok({ environment_id: "atsync" }),
  );

  // Integrations (Kombo's endpoints plus our create/list/credentials/settings/runs/changes).
  table.define(
    { method: "get", path: "/integrations", summary: "List integrations", responses: success() },
    async () => {
      const list = await atsync.integrations.list();
      return ok({ results: list.map((d) => komboIntegration(d, atsync.connectors.get(d.tool))) });
    },
  );
  table.define(
    {
      method: "post",
      path: "/integrations",
      summary: "Connect an integration",
      request: { body: jsonBody(ConnectBody) },
      responses: success(),
    },
    async (c) => {
      const input = c.req.valid("json");
      const details = await atsync.integrations.connect({
        tool: input.tool,
        credentials: input.credentials,
        ...(input.end_user ? { end_user: input.end_user } : {}),
        ...(input.settings ? { settings: input.settings } : {}),
      });
      return ok(komboIntegration(details, atsync.connectors.get(details.tool)));
    },
  );
  table.define(
    {
      method: "get",
      path: "/integrations/{integration_id}",
      summary: "Get an integration",
      request: { params: pathParams("integration_id") },
      responses: success(),
    },
    async (c) => {
      const id = c.req.valid("param").integration_id;
      const shape = await integration(id);
      const vendorEvents = await atsync.vendorEvents.endpoints(id);
      return ok(vendorEvents ? { ...shape, atsync_vendor_events: vendorEvents } : shape);
    },
  );
  table.define(
    {
      method: "delete",
      path: "/integrations/{integration_id}",
      summary: "Delete an integration",
      request: { params: pathParams("integration_id") },
      responses: success(),
    },
    async (c) => {
      const { integration_id } = c.req.valid("param");
      if (!(await atsync.integrations.delete(integration_id))) throw notFound(integration_id);
      return ok({});
    },
  );
  table.define(
    {
      method: "put",
      path: "/integrations/{id}/enabled",
      summary: "Enable or disable an integration",
      request: { params: pathParams("id"), body: jsonBody(EnabledBody) },
      responses: success(),
    },
    async (c) => {
      await atsync.integrations.setEnabled(c.req.valid("param").id, c.req.valid("json").value);
      return ok({});
    },
  );
  table.define(
    {
      method: "put",
      path: "/integrations/{id}/credentials",
      summary:
        "Replace an integration's credentials (checked against the vendor's credential schema, then the vendor)",
      request: { params: pathParams("id"), body: jsonBody(documented(z.record(z.string(), z.unknown()))) },
      responses: success(),
    },
    async (c) => {
      const details = await atsync.integrations.updateCredentials(c.req.valid("param").id, c.get("body"));
      return ok(komboIntegration(details, atsync.connectors.get(details.tool)));
    },
  );
  table.define(
    {
      method: "patch",
      path: "/integrations/{id}/settings",
      summary: "Change an integration's settings",
      request: { params: pathParams("id"), body: jsonBody(IntegrationSettingsSchema) },
      responses: success(),
    },
    async (c) => {
      const settings = parseIntegrationSettings(c.req.valid("json"));
      const details = await atsync.integrations.updateSettings(c.req.valid("param").id, settings);
      return ok({
        ...komboIntegration(details, atsync.connectors.get(details.tool)),
        settings: details.settings,
      });
    },
  );
  table.define(
    {
      method: "get",
      path: "/integrations/{id}/sync-runs",
      summary: "Sync runs with progress",
      request: { params: pathParams("id"), query: z.object({ limit: optionalText }) },
      responses: success(),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      await atsync.integrations.get(id);
      const limit = clamp(Number(c.req.valid("query").limit ?? 50), 1, 500);
      const status = await atsync.sync.status(id);
      return ok({ pending: status.pending, results: await atsync.sync.runs(id, { limit }) });
    },
  );
  table.define(
    {
      method: "get",
      path: "/integrations/{id}/sync-runs/{run}",
      summary: "One sync run",
      request: { params: pathParams("id", "run") },
      responses: success(),
    },
    async (c) => {
      const { id, run: runId } = c.req.valid("param");
      const run = await atsync.sync.run(id, runId);
      if (!run) throw inputInvalid("request", [{ path: "run", message: `no sync run ${runId}` }]);
      return ok(run);
    },
  );
  table.define(
    {
      method: "get",
      path: "/integrations/{id}/changes",
      summary: "Change feed by cursor",
      request: { params: pathParams("id"), query: z.object({ cursor: optionalText, limit: optionalText }) },
      responses: success(),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      await atsync.integrations.get(id);
      const limit = clamp(Number(query.limit ?? 1000), 1, 10_000);
      return ok(await atsync.changesSince(id, query.cursor ?? null, limit));
    },
  );
  table.define(
    {
      method: "get",
      path: "/tools/{category}",
      summary: "Tools with coverage and connection guide",
      request: { params: pathParams("category") },
      responses: success(),
    },
    (c) => {
      if (c.req.valid("param").category !== "ats")
        throw inputInvalid("request", [{ path: "category", message: "only ats is served" }]);
      return ok({ tools: atsync.connectors.list().map(toolEntry) });
    },
  );
  table.define(
    { method: "get", path: "/api-keys", summary: "List API keys (never the keys)", responses: success() },
    async () => ok({ results: await atsync.apiKeys.list() }),
  );
  table.define(
    {
      method: "post",
      path: "/api-keys",
      summary: "Create an API key (shown once)",
      request: { body: jsonBody(ApiKeyBody) },
      responses: success(),
    },
    async (c) => ok(await atsync.apiKeys.create(c.req.valid("json").name)),
  );
  table.define(
    {
      method: "delete",
      path: "/api-keys/{id}",
      summary: "Revoke an API key",
      request: { params: pathParams("id") },
      responses: success(),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await atsync.apiKeys.revoke(id))) {
        throw inputInvalid("request", [{ path: "id", message: `no API key ${id}` }]);
      }
      return ok({});
    },
  );

  // Webhook endpoints and deliveries (atsync's additions; secrets are accepted, never returned).
  table.define(
    {
      method: "get",
      path: "/webhooks/endpoints",
      summary: "List webhook endpoints (never their secrets)",
      responses: success(),
    },
    async () => ok({ results: await atsync.webhooks.list() }),
  );
  table.define(
    {
      method: "post",
      path: "/webhooks/endpoints",
      summary: "Create a webhook endpoint ({ url, secret, events? })",
      request: { body: jsonBody(documented(EndpointConfigSchema)) },
      responses: success(),
    },
    async (c) => ok(await atsync.webhooks.create(c.get("body") as WebhookEndpointConfig)),
  );
  table.define(
    {
      method: "delete",
      path: "/webhooks/endpoints/{id}",
      summary: "Delete a webhook endpoint and its deliveries",
      request: { params: pathParams("id") },
      responses: success(),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await atsync.webhooks.delete(id))) throw noWebhook(id);
      return ok({});
    },
  );
  table.define(
    {
      method: "post",
      path: "/webhooks/endpoints/{id}/enable",
      summary: "Re-enable an endpoint disabled by a 410",
      request: { params: pathParams("id") },
      responses: success(),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      const endpoint = await atsync.webhooks.enable(id);
      if (!endpoint) throw noWebhook(id);
      return ok(endpoint);
    },
  );
  table.define(
    {
      method: "get",
      path: "/webhooks/deliveries",
      summary: "Webhook deliveries, newest first, with status, attempts and last error",
      request: {
        query: z.object({
          endpoint_id: optionalText,
          status: z.enum(["pending", "delivered", "dead"]).optional(),
          event_id: optionalText,
          integration_id: optionalText,
          cursor: optionalText,
          page_size: optionalText,
        }),
      },
      responses: success(),
    },
    async (c) => {
      const { page_size, ...filters } = c.req.valid("query");
      const query: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(filters)) if (value !== undefined) query[name] = value;
      if (page_size !== undefined) query.limit = Number(page_size);
      return ok(await atsync.webhooks.deliveries(query));
    },
  );
  table.define(
    {
      method: "post",
      path: "/webhooks/deliveries/{id}/redeliver",
      summary: "Send a delivery again (same event id and body)",
      request: { params: pathParams("id") },
      responses: success(),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      const delivery = await atsync.webhooks.redeliver(id);
      if (!delivery) throw noWebhook(id, "delivery");
      return ok(delivery);
    },
  );
  table.define(
    {
      method: "post",
      path: "/webhooks/dead-letter/replay",
      summary: "Send every dead delivery again ({ endpoint_id? })",
      request: { body: jsonBody(ReplayBody, false) },
      responses: success(),
    },
    async (c) => ok({ replayed: await atsync.webhooks.replayDead(c.req.valid("json").endpoint_id) }),
  );

  // Sync control and passthrough (X-Integration-Id).
  const trigger = async (integrationId: string, type: string) => {
    const result = await atsync.sync.trigger(integrationId, type.toLowerCase() as SyncType);
    return ok({ ...result, type: result.type.toUpperCase() });
  };
  table.define(
    {
      method: "post",
      path: "/force-sync",
      summary: "Queue a sync",
      request: { headers: IntegrationHeaders, body: jsonBody(ForceSyncBody) },
      responses: success(),
    },
    (c) => trigger(c.req.valid("header")["X-Integration-Id"], c.req.valid("json").type),
  );
  table.define(
    {
      method: "post",
      path: "/integrations/{id}/force-sync",
      summary: "Queue a sync of an integration (also DELETION_SCAN)",
      request: { params: pathParams("id"), body: jsonBody(TriggerSyncBody) },
      responses: success(),
    },
    (c) => trigger(c.req.valid("param").id, c.req.valid("json").type),
  );
  table.define(
    {
      method: "post",
      path: "/passthrough/{tool}/{api}",
      summary: "Forward a request to the vendor",
      request: {
        params: pathParams("tool", "api"),
        headers: IntegrationHeaders,
        body: jsonBody(documented(PassthroughRequestSchema)),
      },
      responses: success(),
    },
    async (c) => {
      const { tool, api } = c.req.valid("param");
      const integrationId = c.req.valid("header")["X-Integration-Id"];
      return json(200, await atsync.passthrough(integrationId, tool, api, c.get("body")));
    },
  );

  // Unified reads.
  for (const [path, resource] of [
    ["jobs", "jobs"],
    ["candidates", "candidates"],
    ["applications", "applications"],
    ["application-stages", "applicationStages"],
    ["users", "users"],
  ] as const) {
    table.define(
      {
        method: "get",
        path: `/ats/${path}`,
        summary: `List ${path.replace("-", " ")}`,
        request: { headers: IntegrationHeaders },
        parameters: readQueryParameters(READ_QUERY_SCHEMAS[path]),
        responses: success(ListPage),
      },
      async (c) => {
        const { warnings, ...page } = await ats(c.req.valid("header")["X-Integration-Id"])[resource].list(
          listQuery(c.req.raw),
        );
        return ok(page, warnings);
      },
    );
  }
  for (const model of UNCOVERED_READS) {
    table.define(
      {
        method: "get",
        path: `/ats/${model}`,
        summary: `Kombo's ${model}: no connector covers it yet (INTEGRATION.MODEL_NOT_AVAILABLE)`,
        request: { headers: IntegrationHeaders },
        responses: {},
      },
      async (c) => {
        const { tool } = await atsync.integrations.get(c.req.valid("header")["X-Integration-Id"]);
        throw new AtsyncError("INTEGRATION.MODEL_NOT_AVAILABLE", `${tool} does not provide ${model}`);
      },
    );
  }

  // Unified writes, one route per `ACTION_DEFINITIONS` entry: their bodies are parsed by the
  // action service, after the integration, capability and idempotency checks that come first.
  const attachments = success({
    type: "object",
    properties: { results: { type: "array", items: componentRef("Attachment") } },
  });
  for (const key of ACTION_KEYS) {
    const action: ActionDefinition = ACTION_DEFINITIONS[key];
    const { target, route } = action;
    const request = {
      ...(target ? { params: pathParams(target.param) } : {}),
      ...(action.kind === "read"
        ? { headers: IntegrationHeaders }
        : { headers: WriteHeaders, body: jsonBody(documented(action.input)) }),
    };
    table.define(
      { ...route, request, responses: action.kind === "read" ? attachments : success() },
      async (c) => {
        const headers = c.req.valid("header") as z.infer<typeof WriteHeaders>;
        const call: ActionCall = {
          ...(target ? { targetId: c.req.param(target.param) } : {}),
          body: c.get("body"),
          options: idempotency(headers["Idempotency-Key"]),
        };
        const method = ats(headers["X-Integration-Id"]).actions[action.hostMethod as keyof HostActions] as (
          ...args: unknown[]
        ) => Promise<unknown>;
        return json(200, await method(...hostArgumentsOfCall(action, call)));
      },
    );
  }
  table.define(
    {
      method: "get",
      path: "/ats/applications/{application_id}/attachments",
      summary: "Application attachments (its candidate's)",
      request: { params: pathParams("application_id"), headers: IntegrationHeaders },
      responses: attachments,
    },
    async (c) => {
      const { application_id: id } = c.req.valid("param");
      const integrationAts = ats(c.req.valid("header")["X-Integration-Id"]);
      const application = (await integrationAts.applications.get(id)) as {
        candidate_id?: string | null;
      } | null;
      if (!application?.candidate_id) {
        throw inputInvalid("request", [
          { path: "application_id", message: `no application ${id} with a candidate` },
        ]);
      }
      return json(200, await integrationAts.actions.getCandidateAttachments(application.candidate_id));
    },
  );
  table.define(
    {
      method: "post",
      path: "/ats/import-tracked-application",
      summary: "Track an existing application (created-applications-only mode); Kombo's body or atsync's",
      request: {
        headers: IntegrationHeaders,
        body: jsonBody(documented(z.union([KomboImportTrackedBody, AtsyncImportTrackedBody]))),
      },
      responses: success(),
    },
    async (c) => {
      const input = parseTrackedImport(c.get("body"));
      const integrationId = c.req.valid("header")["X-Integration-Id"];
      await atsync.sync.importTrackedApplications(integrationId, input.remoteIds);
      const trackedAt = input.trackedAt ?? atsync.clock.now().toISOString();
      if (input.reference === null) return ok({ tracked_at: trackedAt, imported_ids: input.remoteIds });
      const id = unifiedId(integrationId, "applications", input.remoteIds[0] as string);
      return ok({ id, tracked_at: trackedAt, imported_id: input.reference });
    },
  );
  for (const [method, path] of UNCOVERED_WRITES) {
    table.define(
      {
        method,
        path,
        summary: "Kombo's write: no connector covers it yet (INTEGRATION.ACTION_NOT_AVAILABLE)",
        request: {
          params: pathParams("id"),
          headers: IntegrationHeaders,
          body: jsonBody(documented(z.record(z.string(), z.unknown()))),
        },
        responses: {},
      },
      async (c) => {
        const { tool } = await atsync.integrations.get(c.req.valid("header")["X-Integration-Id"]);
        throw new AtsyncError(
          "INTEGRATION.ACTION_NOT_AVAILABLE",
          `${tool} does not support ${method.toUpperCase()} ${path}`,
        );
      },
    );
  }
}
