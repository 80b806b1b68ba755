import { z } from "zod";
import { UpdateCustomFieldBody, UpdateIntegrationFieldBody } from "../api/fields.js";
import {
  AddAttachmentInputSchema,
  AddResultLinkInputSchema,
  AttachmentSchema,
  CreateApplicationInputSchema,
  CreateCandidateInputSchema,
  MoveApplicationToStageInputSchema,
  PassthroughRequestSchema,
} from "../model/actions.js";
import { MODEL_KEYS } from "../model/common.js";
import { MODELS } from "../model/registry.js";
import { READ_QUERY_SCHEMAS, READ_RESOURCES } from "../read/resources.js";
import { IntegrationSettingsSchema } from "../storage/integrations.js";
import {
  ApiKeyBody,
  ConnectBody,
  EnabledBody,
  ForceSyncBody,
  TriggerSyncBody,
  UNCOVERED_READS,
  UNCOVERED_WRITES,
} from "./bodies.js";
import { CONNECT_PAGE_PATH, CreateLinkBody, RelinkBody, SetupLinkBody } from "./connect-routes.js";
import { AtsyncImportTrackedBody, KomboImportTrackedBody } from "./import-tracked.js";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: "any", io: "input" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const success = (data: unknown) => ({
  description: "Success",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["status", "data"],
        properties: {
          status: { const: "success" },
          data,
          warnings: { type: "array", items: { type: "object" } },
        },
      },
    },
  },
});
const errors = {
  default: { description: "Kombo error envelope", content: { "application/json": { schema: ref("Error") } } },
};
const integrationHeader = {
  name: "X-Integration-Id",
  in: "header",
  required: true,
  schema: { type: "string" },
};
const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string" },
};
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const body = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });

/** Query parameters of a read resource, from its zod schema. */
function queryParameters(resource: (typeof READ_RESOURCES)[number]) {
  const json = schema(READ_QUERY_SCHEMAS[resource]) as { properties?: Record<string, unknown> };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: false,
    schema: s,
  }));
}

/**
 * The OpenAPI 3.1 document of the HTTP surface, generated from the zod schemas that validate it
 * (request bodies, query parameters, stored model shapes).
 */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const op = (method: string, path: string, operation: Record<string, unknown>) => {
    paths[path] = {
      ...paths[path],
      [method]: { responses: { ...errors, ...(operation.responses as object) }, ...operation },
    };
  };
  for (const resource of READ_RESOURCES) {
    op("get", `/ats/${resource}`, {
      summary: `List ${resource.replace("-", " ")}`,
      parameters: [integrationHeader, ...queryParameters(resource)],
      responses: {
        200: success({
          type: "object",
          properties: {
            results: { type: "array", items: { type: "object" } },
            next: { type: ["string", "null"] },
          },
        }),
      },
    });
  }
  const write = (method: string, path: string, summary: string, input: z.ZodType, params: string[] = []) =>
    op(method, path, {
      summary,
      parameters: [integrationHeader, idempotencyHeader, ...params.map(pathParam)],
      requestBody: body(input),
      responses: { 200: success({ type: "object" }) },
    });
  write("post", "/ats/jobs/{job_id}/applications", "Create an application", CreateApplicationInputSchema, [
    "job_id",
  ]);
  write("post", "/ats/candidates", "Create a candidate with an application", CreateCandidateInputSchema);
  write(
    "post",
    "/ats/applications/{application_id}/attachments",
    "Add an attachment to an application",
    AddAttachmentInputSchema,
    ["application_id"],
  );
  write(
    "post",
    "/ats/candidates/{candidate_id}/attachments",
    "Add an attachment to a candidate",
    AddAttachmentInputSchema,
    ["candidate_id"],
  );
  write(
    "put",
    "/ats/applications/{application_id}/stage",
    "Move an application to a stage",
    MoveApplicationToStageInputSchema,
    ["application_id"],
  );
  write(
    "post",
    "/ats/applications/{application_id}/result-links",
    "Add a result link",
    AddResultLinkInputSchema,
    ["application_id"],
  );
  op("get", "/ats/candidates/{candidate_id}/attachments", {
    summary: "Candidate attachments",
    parameters: [integrationHeader, pathParam("candidate_id")],
    responses: {
      200: success({ type: "object", properties: { results: { type: "array", items: ref("Attachment") } } }),
    },
  });
  op("get", "/ats/applications/{application_id}/attachments", {
    summary: "Application attachments",
    parameters: [integrationHeader, pathParam("application_id")],
    responses: {
      200: success({ type: "object", properties: { results: { type: "array", items: ref("Attachment") } } }),
    },
  });
  op("post", "/ats/import-tracked-application", {
    summary: "Track an existing application (created-applications-only mode); Kombo's body or atsync's",
    parameters: [integrationHeader],
    requestBody: body(z.union([KomboImportTrackedBody, AtsyncImportTrackedBody])),
    responses: { 200: success({ type: "object" }) },
  });
  const notAvailable = { 400: { description: "INTEGRATION.MODEL_NOT_AVAILABLE / ACTION_NOT_AVAILABLE" } };
  for (const model of UNCOVERED_READS) {
    op("get", `/ats/${model}`, {
      summary: `Kombo's ${model}: no connector covers it yet`,
      parameters: [integrationHeader],
      responses: notAvailable,
    });
  }
  for (const [method, path] of UNCOVERED_WRITES) {
    op(method.toLowerCase(), path, {
      summary: "Kombo's write: no connector covers it yet (answered before the body is read)",
      parameters: [integrationHeader, pathParam("id")],
      ...(method === "DELETE" ? {} : { requestBody: body(z.record(z.string(), z.unknown())) }),
      responses: notAvailable,
    });
  }
  op("post", "/passthrough/{tool}/{api}", {
    summary: "Forward a request to the vendor",
    parameters: [integrationHeader, pathParam("tool"), pathParam("api")],
    requestBody: body(PassthroughRequestSchema),
    responses: { 200: success({ type: "object" }) },
  });
  op("post", "/force-sync", {
    summary: "Queue a sync",
    parameters: [integrationHeader],
    requestBody: body(ForceSyncBody),
    responses: { 200: success({ type: "object" }) },
  });
  op("get", "/check-api-key", {
    summary: "Check the API key",
    responses: { 200: success({ type: "object" }) },
  });
  op("get", "/integrations", {
    summary: "List integrations",
    responses: { 200: success({ type: "object" }) },
  });
  op("post", "/integrations", {
    summary: "Connect an integration",
    requestBody: body(ConnectBody),
    responses: { 200: success({ type: "object" }) },
  });
  for (const [method, summary] of [
    ["get", "Get an integration"],
    ["delete", "Delete an integration"],
  ]) {
    op(method as string, "/integrations/{integration_id}", {
      summary,
      parameters: [pathParam("integration_id")],
      responses: { 200: success({ type: "object" }) },
    });
  }
  op("put", "/integrations/{integration_id}/enabled", {
    summary: "Enable or disable an integration",
    parameters: [pathParam("integration_id")],
    requestBody: body(EnabledBody),
    responses: { 200: success({ type: "object" }) },
  });
  op("put", "/integrations/{integration_id}/credentials", {
    summary: "Replace an integration's credentials (checked against the vendor first)",
    parameters: [pathParam("integration_id")],
    requestBody: body(z.record(z.string(), z.unknown())),
    responses: { 200: success({ type: "object" }) },
  });
  op("patch", "/integrations/{integration_id}/settings", {
    summary: "Change an integration's settings",
    parameters: [pathParam("integration_id")],
    requestBody: body(IntegrationSettingsSchema),
    responses: { 200: success({ type: "object" }) },
  });
  op("post", "/integrations/{integration_id}/force-sync", {
    summary: "Queue a sync of an integration (also DELETION_SCAN)",
    parameters: [pathParam("integration_id")],
    requestBody: body(TriggerSyncBody),
    responses: { 200: success({ type: "object" }) },
  });
  op("get", "/integrations/{integration_id}/sync-runs/{run_id}", {
    summary: "One sync run",
    parameters: [pathParam("integration_id"), pathParam("run_id")],
    responses: { 200: success({ type: "object" }) },
  });
  op("get", "/api-keys", {
    summary: "List API keys (never the keys)",
    responses: { 200: success({ type: "object" }) },
  });
  op("post", "/api-keys", {
    summary: "Create an API key (shown once)",
    requestBody: body(ApiKeyBody),
    responses: { 200: success({ type: "object" }) },
  });
  op("delete", "/api-keys/{id}", {
    summary: "Revoke an API key",
    parameters: [pathParam("id")],
    responses: { 200: success({ type: "object" }) },
  });
  op("get", "/integrations/{integration_id}/sync-runs", {
    summary: "Sync runs with progress",
    parameters: [pathParam("integration_id")],
    responses: { 200: success({ type: "object" }) },
  });
  op("get", "/integrations/{integration_id}/changes", {
    summary: "Change feed by cursor",
    parameters: [pathParam("integration_id")],
    responses: { 200: success({ type: "object" }) },
  });
  const link = success({ type: "object", required: ["link"], properties: { link: { type: "string" } } });
  op("post", "/connect/create-link", {
    summary:
      "Create a connection link to atsync's connect page (single use, expires after 7 days by default)",
    requestBody: body(CreateLinkBody),
    responses: { 200: link },
  });
  op("get", "/connect/integration-by-token/{token}", {
    summary: "The integration a completed connection link created (PLATFORM.INTEGRATION_NOT_FOUND before)",
    parameters: [pathParam("token")],
    responses: { 200: success({ type: "object" }) },
  });
  op("post", "/integrations/{integration_id}/relink", {
    summary: "Create a reconnection link: new credentials for the same integration",
    parameters: [pathParam("integration_id")],
    requestBody: body(RelinkBody),
    responses: { 200: link },
  });
  op("post", "/integrations/{integration_id}/setup-link", {
    summary: "Create a setup link: a page editing the integration's settings",
    parameters: [pathParam("integration_id")],
    requestBody: body(SetupLinkBody),
    responses: { 200: link },
  });
  const page = { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } };
  const tokenQuery = { name: "token", in: "query", required: true, schema: { type: "string" } };
  op("get", CONNECT_PAGE_PATH, {
    summary:
      "The connect page a link opens (no API key: the token authorises; 404/410 for unknown, used or expired links)",
    security: [],
    parameters: [tokenQuery],
    responses: { 200: page, 404: page, 410: page },
  });
  op("post", CONNECT_PAGE_PATH, {
    summary:
      "Submit the connect page's form (application/x-www-form-urlencoded, input names = credential or setting keys)",
    security: [],
    parameters: [tokenQuery],
    requestBody: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: { type: "object" } } },
    },
    responses: { 200: page, 400: page, 403: page, 410: page },
  });
  op("get", "/tools/{category}", {
    summary: "Tools with coverage and connection guide",
    parameters: [pathParam("category")],
    responses: { 200: success({ type: "object" }) },
  });
  const pageParams = ["cursor", "page_size"].map((name) => ({
    name,
    in: "query",
    required: false,
    schema: { type: name === "cursor" ? "string" : "integer" },
  }));
  for (const [path, summary] of [
    ["/integrations/{integration_id}/integration-fields", "Integration fields discovered by syncs"],
    ["/integrations/{integration_id}/custom-fields", "Custom fields with this integration's mapping"],
  ] as const) {
    op("get", path, {
      summary,
      parameters: [pathParam("integration_id"), ...pageParams],
      responses: { 200: success({ type: "object" }) },
    });
  }
  op("patch", "/integrations/{integration_id}/integration-fields/{integration_field_id}", {
    summary: "Enable or disable passthrough of an integration field",
    parameters: [pathParam("integration_id"), pathParam("integration_field_id")],
    requestBody: body(UpdateIntegrationFieldBody),
    responses: { 200: success({ type: "object" }) },
  });
  op("put", "/integrations/{integration_id}/custom-fields/{custom_field_id}", {
    summary: "Map a custom field onto an integration field (or null)",
    parameters: [pathParam("integration_id"), pathParam("custom_field_id")],
    requestBody: body(UpdateCustomFieldBody),
    responses: { 200: success({ type: "object" }) },
  });

  const webhookOps: [string, string, string, unknown[]][] = [
    ["get", "/webhooks/endpoints", "List webhook endpoints (never their secrets)", []],
    ["post", "/webhooks/endpoints", "Create a webhook endpoint ({ url, secret, events? })", []],
    ["delete", "/webhooks/endpoints/{id}", "Delete a webhook endpoint and its deliveries", [pathParam("id")]],
    ["post", "/webhooks/endpoints/{id}/enable", "Re-enable an endpoint disabled by a 410", [pathParam("id")]],
    [
      "get",
      "/webhooks/deliveries",
      "Webhook deliveries, newest first, with status, attempts and last error",
      ["endpoint_id", "status", "event_id", "integration_id", "cursor", "page_size"].map((name) => ({
        name,
        in: "query",
        required: false,
        schema: name === "status" ? { enum: ["pending", "delivered", "dead"] } : { type: "string" },
      })),
    ],
    [
      "post",
      "/webhooks/deliveries/{id}/redeliver",
      "Send a delivery again (same event id and body)",
      [pathParam("id")],
    ],
    ["post", "/webhooks/dead-letter/replay", "Send every dead delivery again ({ endpoint_id? })", []],
  ];
  const webhookBodies: Record<string, Record<string, unknown>> = {
    "/webhooks/endpoints": {
      type: "object",
      required: ["url", "secret"],
      properties: {
        url: { type: "string" },
        secret: { type: "string" },
        events: { type: "array", items: { type: "string" } },
      },
    },
    "/webhooks/dead-letter/replay": { type: "object", properties: { endpoint_id: { type: "string" } } },
  };
  for (const [method, path, summary, parameters] of webhookOps) {
    const schema = method === "post" ? webhookBodies[path] : undefined;
    const requestBody = schema ? { required: false, content: { "application/json": { schema } } } : undefined;
    op(method, path, {
      summary,
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses: { 200: success({ type: "object" }) },
    });
  }

  const components: Record<string, unknown> = {
    Error: {
      type: "object",
      properties: {
        status: { const: "error" },
        error: {
          type: "object",
          properties: {
            code: { type: ["string", "null"] },
            title: { type: ["string", "null"] },
            message: { type: "string" },
            log_url: { type: ["string", "null"] },
          },
        },
      },
    },
    Attachment: schema(AttachmentSchema),
  };
  for (const model of MODEL_KEYS) components[`Stored_${model}`] = schema(MODELS[model].schema);
  return {
    openapi: "3.1.0",
    info: { title: "atsync — Kombo-compatible ATS API", version: "0.1.0" },
    components: { schemas: components, securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
