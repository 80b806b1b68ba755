import type { Atsync } from "../di/create-atsync.js";
import { inputInvalid } from "../errors.js";
import { json } from "./errors.js";
import type { Router } from "./router.js";

/** What the field routes read from a request context. */
export interface FieldRouteContext {
  /** The atsync instance served. */
  atsync: Atsync;
  /** The request URL (query parameters). */
  url: URL;
  /** The JSON body, already read; null when empty. */
  body: unknown;
}

/** Kombo's `cursor` and `page_size` of a general list endpoint; a bad `page_size` is refused naming it. */
function pageOf(url: URL): { cursor: string | null; page_size?: number } {
  const raw = url.searchParams.get("page_size");
  const size = raw === null || raw.trim() === "" ? undefined : Number(raw);
  if (size !== undefined && !Number.isInteger(size)) {
    throw inputInvalid("query parameters", [
      { path: "page_size", message: "must be an integer from 1 to 250" },
    ]);
  }
  return { cursor: url.searchParams.get("cursor"), ...(size === undefined ? {} : { page_size: size }) };
}

const ok = (data: unknown) => json(200, { status: "success", data, warnings: [] });

/**
 * Kombo's integration-field and custom-field endpoints (`atsync.fields`): list and update
 * integration fields (`enable_passthrough`), list custom fields with their mapping and map one
 * (`integration_field_id` or null).
 */
export function registerFieldRoutes<C extends FieldRouteContext>(router: Router<C>): void {
  router.add("GET", "/integrations/{integration_id}/integration-fields", async (c, p) =>
    ok(await c.atsync.fields.listIntegrationFields(p.integration_id as string, pageOf(c.url))),
  );
  router.add(
    "PATCH",
    "/integrations/{integration_id}/integration-fields/{integration_field_id}",
    async (c, p) =>
      ok(
        await c.atsync.fields.updateIntegrationField(
          p.integration_id as string,
          p.integration_field_id as string,
          c.body,
        ),
      ),
  );
  router.add("GET", "/integrations/{integration_id}/custom-fields", async (c, p) =>
    ok(await c.atsync.fields.listCustomFields(p.integration_id as string, pageOf(c.url))),
  );
  router.add("PUT", "/integrations/{integration_id}/custom-fields/{custom_field_id}", async (c, p) =>
    ok(
      await c.atsync.fields.updateCustomField(
        p.integration_id as string,
        p.custom_field_id as string,
        c.body,
      ),
    ),
  );
}
