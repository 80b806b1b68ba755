/** Kombo's envelopes and the parts of openapi.json that are not routes (their definitions are). */
import { type OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import { AttachmentSchema } from "../model/actions.js";
import { MODEL_KEYS } from "../model/common.js";
import { MODELS } from "../model/registry.js";
import type { HttpEnv } from "./route-table.js";

/** An OpenAPI schema object: what a route documents with something other than a zod schema. */
export type SchemaObject = Exclude<
  NonNullable<
    Extract<
      NonNullable<NonNullable<RouteConfig["request"]>["body"]>["content"][string],
      { schema?: unknown }
    >["schema"]
  >,
  z.ZodType | { $ref: string }
>;

/**
 * The JSON Schema of a zod schema's input, for what a route documents but does not validate
 * itself (a body its service checks after the integration, capability and idempotency checks
 * that come first, or query parameters read by a service's own schema).
 */
export const documented = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as SchemaObject;

/** Kombo's error envelope. */
const ErrorEnvelope = z
  .object({
    status: z.literal("error"),
    error: z.object({
      code: z.string().nullable(),
      title: z.string().nullable(),
      message: z.string(),
      log_url: z.string().nullable(),
    }),
  })
  .openapi("Error");

/** Kombo's error envelope as every route's `default` response. */
export const errorResponses = {
  default: {
    description: "Kombo error envelope",
    content: { "application/json": { schema: ErrorEnvelope } },
  },
} as const;

/** A documented component's reference (`#/components/schemas/<name>`); see `openApiDocument`. */
export const componentRef = (name: "Attachment") => ({ $ref: `#/components/schemas/${name}` });

/** Kombo's success envelope around `data` (an object of any members unless given), as a route's 200. */
export function success(data: SchemaObject | { $ref: string } = { type: "object" }) {
  const envelope = {
    type: "object",
    required: ["status", "data"],
    properties: {
      status: { const: "success" },
      data,
      warnings: { type: "array", items: { type: "object", properties: { message: { type: "string" } } } },
    },
  };
  return {
    200: { description: "Success", content: { "application/json": { schema: envelope as SchemaObject } } },
  };
}

/**
 * A JSON request body documented with `schema`, and validated with it when it is a zod schema;
 * `required: false` lets a request without a Content-Type skip validation.
 */
export function jsonBody<S extends z.ZodType | SchemaObject>(schema: S, required = true) {
  return { required, content: { "application/json": { schema } } };
}

/**
 * The OpenAPI 3.1 document of `app`'s routes: every path, parameter, body and response from the
 * routes' definitions, plus the stored model shapes (`Stored_<model>`) and bearer security. Call
 * once per app (it registers those components).
 */
export function openApiDocument(app: OpenAPIHono<HttpEnv>): Record<string, unknown> {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("schemas", "Attachment", documented(AttachmentSchema));
  for (const model of MODEL_KEYS) {
    app.openAPIRegistry.registerComponent("schemas", `Stored_${model}`, documented(MODELS[model].schema));
  }
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "atsync — Kombo-compatible ATS API", version: "0.1.0" },
    security: [{ bearer: [] }],
  }) as unknown as Record<string, unknown>;
}
