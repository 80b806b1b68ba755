import type { SimContext } from "../context.js";
import type { StatusLogEntry } from "../data/model.js";
import { collectionsOf, PROFILE_TYPES } from "../data/schema.js";
import { loadRecord } from "../data/write.js";
import { notFound } from "../errors.js";
import { empty, json, warningHeaders } from "../http.js";
import type { Router } from "../router.js";
import { jsonBody, requestedFields } from "./common.js";

/**
 * Profile and workflow routes per type: `GET /{type}/{id}` (with `fields=`), `POST /{type}` (201 +
 * `Location`, empty body), `PATCH /{type}/{id}` (204), the collection-entry routes and
 * `GET /applicantworkflows/{id}/fields/submittalstatuslog`.
 */
export function profileRoutes(router: Router, sim: SimContext): void {
  for (const type of PROFILE_TYPES) {
    router.on("GET", `/${type}/{id}`, (ctx) => {
      const record = loadRecord(sim.store, type, ctx.params["id"] ?? "");
      return json(
        200,
        sim.renderer.record(type, record, {
          apiBase: ctx.apiBase,
          fields: requestedFields(ctx),
          hidden: sim.hidden[type],
          exposeTimestamps: sim.options.exposeTimestamps,
          links: true,
          extraKeysRate: sim.options.extraKeysRate,
        }),
      );
    });
    router.on("POST", `/${type}`, (ctx) => {
      const result = sim.writer.create(type, jsonBody(ctx), sim.writeContext("api"));
      const headers = { Location: `${ctx.apiBase}/${type}/${result.id}`, ...warningHeaders(result.warnings) };
      if (result.warnings.length === 0)
        return empty(201, { ...headers, "Content-Type": "application/octet-stream" });
      return json(
        201,
        { warnings: result.warnings.map(({ errorMessage, errorCode }) => ({ errorMessage, errorCode })) },
        headers,
      );
    });
    router.on("PATCH", `/${type}/{id}`, (ctx) => {
      const result = sim.writer.update(type, ctx.params["id"] ?? "", jsonBody(ctx), sim.writeContext("api"));
      return empty(204, {
        Location: `${ctx.apiBase}/${type}/${result.id}`,
        ...warningHeaders(result.warnings),
      });
    });
    for (const collection of collectionsOf(sim.schema, type)) {
      const base = `/${type}/{id}/fields/${collection}`;
      router.on("POST", base, (ctx) => {
        const id = ctx.params["id"] ?? "";
        const result = sim.writer.addEntry(type, id, collection, jsonBody(ctx), sim.writeContext("api"));
        return empty(201, {
          Location: `${ctx.apiBase}/${type}/${id}/fields/${collection}/${result.entry}`,
          ...warningHeaders(result.warnings),
        });
      });
      router.on("GET", `${base}/{entry}`, (ctx) => {
        const record = loadRecord(sim.store, type, ctx.params["id"] ?? "");
        const entries = (record.fields[collection] ?? []) as { entry: number }[];
        const entry = entries.find((e) => String(e.entry) === ctx.params["entry"]);
        if (!entry) throw notFound("Collection entry not found.");
        return json(200, sim.renderer.entry(type, collection, entry, ctx.apiBase));
      });
      router.on("PATCH", `${base}/{entry}`, (ctx) => {
        const warnings = sim.writer.updateEntry(
          type,
          ctx.params["id"] ?? "",
          collection,
          ctx.params["entry"] ?? "",
          jsonBody(ctx),
          sim.writeContext("api"),
        );
        return empty(204, warningHeaders(warnings));
      });
      router.on("DELETE", `${base}/{entry}`, (ctx) => {
        sim.writer.deleteEntry(
          type,
          ctx.params["id"] ?? "",
          collection,
          ctx.params["entry"] ?? "",
          sim.writeContext("api"),
        );
        return empty(204);
      });
    }
  }
  router.on("GET", "/applicantworkflows/{id}/fields/submittalstatuslog", (ctx) => {
    const record = loadRecord(sim.store, "applicantworkflows", ctx.params["id"] ?? "");
    const log = (record.fields["submittalstatuslog"] ?? []) as StatusLogEntry[];
    return json(200, { submittalstatuslog: sim.renderer.statusLog(log, ctx.apiBase) });
  });
}
