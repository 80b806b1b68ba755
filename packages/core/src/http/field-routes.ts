import { z } from "@hono/zod-openapi";
import { UpdateCustomFieldBody, UpdateIntegrationFieldBody } from "../api/fields.js";
import type { Atsync } from "../di/create-atsync.js";
import { inputInvalid } from "../errors.js";
import { ok, pathParams } from "./api-routes.js";
import { documented, jsonBody, success } from "./openapi.js";
import type { RouteTable } from "./route-table.js";

/** Kombo's `cursor` and `page_size` of a general list endpoint, as they arrive. */
const PageQuery = z.object({
  cursor: z.string().optional(),
  page_size: z.string().optional().openapi({ type: "integer", description: "1 to 250" }),
});

/** Kombo's `cursor` and `page_size` of a general list endpoint; a bad `page_size` is refused naming it. */
function pageOf(query: z.infer<typeof PageQuery>): { cursor: string | null; page_size?: number } {
  const raw = query.page_size;
  const size = raw === undefined || raw.trim() === "" ? undefined : Number(raw);
  if (size !== undefined && !Number.isInteger(size)) {
    throw inputInvalid("query parameters", [
      { path: "page_size", message: "must be an integer from 1 to 250" },
    ]);
  }
  return { cursor: query.cursor ?? null, ...(size === undefined ? {} : { page_size: size }) };
}

/**
 * Kombo's integration-field and custom-field endpoints (`atsync.fields`): list and update
 * integration fields (`enable_passthrough`), list custom fields with their mapping and map one
 * (`integration_field_id` or null). Update bodies are parsed by `atsync.fields`.
 */
export function registerFieldRoutes(table: RouteTable, atsync: Atsync): void {
  table.define(
    {
      method: "get",
      path: "/integrations/{integration_id}/integration-fields",
      summary: "Integration fields discovered by syncs",
      request: { params: pathParams("integration_id"), query: PageQuery },
      responses: success(),
    },
    async (c) =>
      ok(
        await atsync.fields.listIntegrationFields(
          c.req.valid("param").integration_id,
          pageOf(c.req.valid("query")),
        ),
      ),
  );
  table.define(
    {
      method: "patch",
      path: "/integrations/{integration_id}/integration-fields/{integration_field_id}",
      summary: "Enable or disable passthrough of an integration field",
      request: {
        params: pathParams("integration_id", "integration_field_id"),
        body: jsonBody(documented(UpdateIntegrationFieldBody)),
      },
      responses: success(),
    },
    async (c) => {
      const { integration_id, integration_field_id } = c.req.valid("param");
      return ok(
        await atsync.fields.updateIntegrationField(integration_id, integration_field_id, c.get("body")),
      );
    },
  );
  table.define(
    {
      method: "get",
      path: "/integrations/{integration_id}/custom-fields",
      summary: "Custom fields with this integration's mapping",
      request: { params: pathParams("integration_id"), query: PageQuery },
      responses: success(),
    },
    async (c) =>
      ok(
        await atsync.fields.listCustomFields(
          c.req.valid("param").integration_id,
          pageOf(c.req.valid("query")),
        ),
      ),
  );
  table.define(
    {
      method: "put",
      path: "/integrations/{integration_id}/custom-fields/{custom_field_id}",
      summary: "Map a custom field onto an integration field (or null)",
      request: {
        params: pathParams("integration_id", "custom_field_id"),
        body: jsonBody(documented(UpdateCustomFieldBody)),
      },
      responses: success(),
    },
    async (c) => {
      const { integration_id, custom_field_id } = c.req.valid("param");
      return ok(await atsync.fields.updateCustomField(integration_id, custom_field_id, c.get("body")));
    },
  );
}
