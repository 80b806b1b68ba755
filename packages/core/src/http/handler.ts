import { z } from "zod";
import type { WebhookEndpointConfig } from "../api/webhooks.js";
import { ConnectLinksApi, type ConnectLinksOptions } from "../connect/connect-links.js";
import type { Atsync } from "../di/create-atsync.js";
import { AtsyncError, inputInvalid, parseInput } from "../errors.js";
import { unifiedId } from "../ids.js";
import type { Logger } from "../logging.js";
import { parseIntegrationSettings } from "../storage/integrations.js";
import type { SyncType } from "../storage/sync-state.js";
import {
  ApiKeyBody,
  ConnectBody,
  EnabledBody,
  ForceSyncBody,
  TriggerSyncBody,
  UNCOVERED_READS,
  UNCOVERED_WRITES,
} from "./bodies.js";
import { registerConnectRoutes } from "./connect-routes.js";
import { errorFamilyOf, errorResponse, json } from "./errors.js";
import { registerFieldRoutes } from "./field-routes.js";
import { parseTrackedImport } from "./import-tracked.js";
import { komboIntegration, toolEntry } from "./integration-shape.js";
import { buildOpenApiDocument } from "./openapi.js";
import { type RouteBody, Router } from "./router.js";

/** Options of `createHttpHandler`. */
export interface HttpHandlerOptions {
  /** The atsync instance to serve. */
  atsync: Atsync;
  /** Path prefix of every route, e.g. `/v1` (Kombo's SDK appends paths to its server URL). Default "". */
  basePath?: string;
  /** Largest accepted request body in bytes; default 20 MiB (base64 attachments). */
  maxBodyBytes?: number;
  /** Deepest accepted nesting of arrays and objects in a JSON body; default 64. */
  maxJsonDepth?: number;
  /** Called after every answer (e.g. for latency metrics); an exception it throws is logged, never answered. */
  onResponse?: (observation: HttpResponseObservation) => void;
  /** Lifetime of connect, relink and setup links (see `ConnectLinksOptions`; default 7 days). */
  connectLinks?: ConnectLinksOptions;
}

/** What `HttpHandlerOptions.onResponse` is told about one answered request. */
export interface HttpResponseObservation {
  /** The request method. */
  method: string;
  /** Template of the matched route under `basePath` (`/v1/ats/jobs/{id}`), never a raw path; null when none matched. */
  route: string | null;
  /** The answer's status code. */
  status: number;
  /** Time from receiving the request to the answer being ready, in milliseconds. */
  durationMs: number;
}

/** A web-standard request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

interface Ctx {
  request: Request;
  url: URL;
  atsync: Atsync;
  integrationId(): string;
  /** The JSON body, already read and checked against the limits; null when empty. */
  body: unknown;
}

const ok = (data: unknown, warnings: { message: string }[] = []) =>
  json(200, { status: "success", data, warnings });
/**
 * The query parameters of a request; a parameter given more than once (`statuses=OPEN&statuses=CLOSED`)
 * counts as its values comma-joined (`OPEN,CLOSED`), as list parameters read them.
 */
const query = (url: URL): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) out[name] = url.searchParams.getAll(name).join(",");
  return out;
};

const ReplayBody = z.strictObject({ endpoint_id: z.string().optional() });

/** The 400 of a webhook endpoint or delivery that does not exist. */
function noWebhook(path: string, id: string | undefined, what = "webhook endpoint"): Error {
  return inputInvalid("request", [{ path, message: `no ${what} ${id}` }]);
}

function routes(logger: Logger): Router<Ctx> {
  const r = new Router<Ctx>();
  const ats = (c: Ctx) => c.atsync.ats(c.integrationId());
  const idem = (c: Ctx) => {
    const key = c.request.headers.get("idempotency-key");
    return key ? { idempotencyKey: key } : {};
  };

  r.add("GET", "/openapi.json", async () => json(200, buildOpenApiDocument()), { auth: false });
  r.add("GET", "/check-api-key", async () => ok({ environment_id: "atsync" }));

  // Integrations (Kombo's endpoints plus our create/list/credentials/settings/runs/changes).
  r.add("GET", "/integrations", async (c) => {
    const list = await c.atsync.integrations.list();
    return ok({ results: list.map((d) => komboIntegration(d, c.atsync.connectors.get(d.tool))) });
  });
  r.add("POST", "/integrations", async (c) => {
    const input = parseInput(ConnectBody, c.body, "connect request");
    const details = await c.atsync.integrations.connect({
      tool: input.tool,
      credentials: input.credentials,
      ...(input.end_user ? { end_user: input.end_user } : {}),
      ...(input.settings ? { settings: input.settings } : {}),
    });
    return ok(komboIntegration(details, c.atsync.connectors.get(details.tool)));
  });
  r.add("GET", "/integrations/{id}", async (c, p) => {
    const details = await c.atsync.integrations.get(p.id as string);
    return ok(komboIntegration(details, c.atsync.connectors.get(details.tool)));
  });
  r.add("DELETE", "/integrations/{id}", async (c, p) => {
    if (!(await c.atsync.integrations.delete(p.id as string))) throw notFound(p.id as string);
    return ok({});
  });
  r.add("PUT", "/integrations/{id}/enabled", async (c, p) => {
    const { value } = parseInput(EnabledBody, c.body, "enabled request");
    await c.atsync.integrations.setEnabled(p.id as string, value);
    return ok({});
  });
  r.add("PUT", "/integrations/{id}/credentials", async (c, p) => {
    const details = await c.atsync.integrations.updateCredentials(p.id as string, c.body);
    return ok(komboIntegration(details, c.atsync.connectors.get(details.tool)));
  });
  r.add("PATCH", "/integrations/{id}/settings", async (c, p) => {
    const settings = parseIntegrationSettings(c.body);
    const details = await c.atsync.integrations.updateSettings(p.id as string, settings);
    return ok({
      ...komboIntegration(details, c.atsync.connectors.get(details.tool)),
      settings: details.settings,
    });
  });
  r.add("GET", "/integrations/{id}/sync-runs", async (c, p) => {
    await c.atsync.integrations.get(p.id as string);
    const limit = Number(c.url.searchParams.get("limit") ?? 50);
    const status = await c.atsync.sync.status(p.id as string);
    return ok({
      pending: status.pending,
      results: await c.atsync.sync.runs(p.id as string, { limit: clamp(limit, 1, 500) }),
    });
  });
  r.add("GET", "/integrations/{id}/sync-runs/{run}", async (c, p) => {
    const run = await c.atsync.sync.run(p.id as string, p.run as string);
    if (!run) throw inputInvalid("request", [{ path: "run", message: `no sync run ${p.run}` }]);
    return ok(run);
  });
  r.add("GET", "/integrations/{id}/changes", async (c, p) => {
    await c.atsync.integrations.get(p.id as string);
    const limit = clamp(Number(c.url.searchParams.get("limit") ?? 1000), 1, 10_000);
    return ok(await c.atsync.changesSince(p.id as string, c.url.searchParams.get("cursor"), limit));
  });
  r.add("GET", "/tools/{category}", async (c, p) => {
    if (p.category !== "ats")
      throw inputInvalid("request", [{ path: "category", message: "only ats is served" }]);
    return ok({ tools: c.atsync.connectors.list().map(toolEntry) });
  });
  r.add("GET", "/api-keys", async (c) => ok({ results: await c.atsync.apiKeys.list() }));
  r.add("POST", "/api-keys", async (c) => {
    const { name } = parseInput(ApiKeyBody, c.body, "API key request");
    return ok(await c.atsync.apiKeys.create(name));
  });
  r.add("DELETE", "/api-keys/{id}", async (c, p) => {
    if (!(await c.atsync.apiKeys.revoke(p.id as string))) {
      throw inputInvalid("request", [{ path: "id", message: `no API key ${p.id}` }]);
    }
    return ok({});
  });

  // Webhook endpoints and deliveries (atsync's additions; secrets are accepted, never returned).
  r.add("GET", "/webhooks/endpoints", async (c) => ok({ results: await c.atsync.webhooks.list() }));
  r.add("POST", "/webhooks/endpoints", async (c) =>
    ok(await c.atsync.webhooks.create(c.body as WebhookEndpointConfig)),
  );
  r.add("DELETE", "/webhooks/endpoints/{id}", async (c, p) => {
    if (!(await c.atsync.webhooks.delete(p.id as string))) throw noWebhook("id", p.id);
    return ok({});
  });
  r.add("POST", "/webhooks/endpoints/{id}/enable", async (c, p) => {
    const endpoint = await c.atsync.webhooks.enable(p.id as string);
    if (!endpoint) throw noWebhook("id", p.id);
    return ok(endpoint);
  });
  r.add("GET", "/webhooks/deliveries", async (c) => {
    const q = c.url.searchParams;
    const query: Record<string, unknown> = {};
    for (const name of ["endpoint_id", "status", "event_id", "integration_id", "cursor"]) {
      const value = q.get(name);
      if (value !== null) query[name] = value;
    }
    if (q.get("page_size") !== null) query.limit = Number(q.get("page_size"));
    return ok(await c.atsync.webhooks.deliveries(query));
  });
  r.add("POST", "/webhooks/deliveries/{id}/redeliver", async (c, p) => {
    const delivery = await c.atsync.webhooks.redeliver(p.id as string);
    if (!delivery) throw noWebhook("id", p.id, "delivery");
    return ok(delivery);
  });
  r.add("POST", "/webhooks/dead-letter/replay", async (c) => {
    const { endpoint_id } = parseInput(ReplayBody, c.body ?? {}, "replay request");
    return ok({ replayed: await c.atsync.webhooks.replayDead(endpoint_id) });
  });

  // Sync control and passthrough (X-Integration-Id).
  const trigger = async (c: Ctx, integrationId: string, type: string) => {
    const result = await c.atsync.sync.trigger(integrationId, type.toLowerCase() as SyncType);
    return ok({ ...result, type: result.type.toUpperCase() });
  };
  r.add("POST", "/force-sync", async (c) =>
    trigger(c, c.integrationId(), parseInput(ForceSyncBody, c.body ?? {}, "force-sync request").type),
  );
  r.add("POST", "/integrations/{id}/force-sync", async (c, p) =>
    trigger(c, p.id as string, parseInput(TriggerSyncBody, c.body ?? {}, "sync request").type),
  );
  r.add("POST", "/passthrough/{tool}/{api}", async (c, p) => {
    const response = await c.atsync.passthrough(c.integrationId(), p.tool as string, p.api as string, c.body);
    return json(200, response);
  });

  // Unified reads.
  for (const [path, resource] of [
    ["jobs", "jobs"],
    ["candidates", "candidates"],
    ["applications", "applications"],
    ["application-stages", "applicationStages"],
    ["users", "users"],
  ] as const) {
    r.add("GET", `/ats/${path}`, async (c) => {
      const { warnings, ...page } = await ats(c)[resource].list(query(c.url));
      return ok(page, warnings);
    });
  }
  for (const model of UNCOVERED_READS) {
    r.add("GET", `/ats/${model}`, async (c) => {
      const integration = await c.atsync.integrations.get(c.integrationId());
      throw new AtsyncError(
        "INTEGRATION.MODEL_NOT_AVAILABLE",
        `${integration.tool} does not provide ${model}`,
      );
    });
  }

  // Unified writes.
  r.add("POST", "/ats/jobs/{job_id}/applications", async (c, p) =>
    json(200, await ats(c).actions.createApplication(p.job_id as string, c.body, idem(c))),
  );
  r.add("POST", "/ats/candidates", async (c) =>
    json(200, await ats(c).actions.createCandidate(c.body, idem(c))),
  );
  r.add("POST", "/ats/applications/{id}/attachments", async (c, p) =>
    json(200, await ats(c).actions.addApplicationAttachment(p.id as string, c.body, idem(c))),
  );
  r.add("POST", "/ats/candidates/{id}/attachments", async (c, p) =>
    json(200, await ats(c).actions.addCandidateAttachment(p.id as string, c.body, idem(c))),
  );
  r.add("GET", "/ats/candidates/{id}/attachments", async (c, p) =>
    json(200, await ats(c).actions.getCandidateAttachments(p.id as string)),
  );
  r.add("GET", "/ats/applications/{id}/attachments", async (c, p) => {
    const application = (await ats(c).applications.get(p.id as string)) as {
      candidate_id?: string | null;
    } | null;
    if (!application?.candidate_id) {
      throw inputInvalid("request", [
        { path: "application_id", message: `no application ${p.id} with a candidate` },
      ]);
    }
    return json(200, await ats(c).actions.getCandidateAttachments(application.candidate_id));
  });
  r.add("PUT", "/ats/applications/{id}/stage", async (c, p) =>
    json(200, await ats(c).actions.moveApplicationToStage(p.id as string, c.body, idem(c))),
  );
  r.add("POST", "/ats/applications/{id}/result-links", async (c, p) =>
    json(200, await ats(c).actions.addApplicationResultLink(p.id as string, c.body, idem(c))),
  );
  r.add("POST", "/ats/import-tracked-application", async (c) => {
    const input = parseTrackedImport(c.body);
    await c.atsync.sync.importTrackedApplications(c.integrationId(), input.remoteIds);
    const trackedAt = input.trackedAt ?? c.atsync.clock.now().toISOString();
    if (input.reference === null) return ok({ tracked_at: trackedAt, imported_ids: input.remoteIds });
    const id = unifiedId(c.integrationId(), "applications", input.remoteIds[0] as string);
    return ok({ id, tracked_at: trackedAt, imported_id: input.reference });
  });
  for (const [method, path] of UNCOVERED_WRITES) {
    r.add(method, path, async (c) => {
      const integration = await c.atsync.integrations.get(c.integrationId());
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        `${integration.tool} does not support ${method} ${path}`,
      );
    });
  }
  registerFieldRoutes(r);
  logger.debug("HTTP routes registered");
  return r;
}

function notFound(id: string): AtsyncError {
  return new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${id} not found`);
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min;
}

/** Limits a JSON request body is held to before anything else reads it. */
interface BodyLimits {
  /** Largest body in bytes. */
  bytes: number;
  /** Deepest nesting of arrays and objects. */
  depth: number;
}

/** Reads a request body as UTF-8 text of at most `limits.bytes` (checked while reading); "" when there is none. */
async function readText(request: Request, limits: BodyLimits): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limits.bytes) throw tooLarge(limits.bytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.bytes) {
      await reader.cancel();
      throw tooLarge(limits.bytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a request body as JSON within `limits`; `null` for an empty body. The size is checked
 * while reading and the nesting depth on the text before it is parsed, so nothing downstream (the
 * idempotency fingerprint, zod, storage) ever sees an oversized or pathologically deep value.
 */
async function readJson(request: Request, limits: BodyLimits): Promise<unknown> {
  const text = await readText(request, limits);
  if (!text.trim()) return null;
  if (nestsDeeperThan(text, limits.depth)) {
    throw inputInvalid("request", [
      { path: "body", message: `nests arrays and objects deeper than ${limits.depth} levels` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw inputInvalid("request", [{ path: "body", message: "is not valid JSON" }]);
  }
}

/** True when JSON text opens more than `max` arrays/objects at once (brackets inside strings do not count). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function tooLarge(limit: number): AtsyncError {
  return inputInvalid("request", [{ path: "body", message: `exceeds the limit of ${limit} bytes` }]);
}

/** The handler's router: the API routes plus the connect routes. */
function buildRouter(options: HttpHandlerOptions, basePath: string, logger: Logger): Router<Ctx> {
  const router = routes(logger);
  const links = new ConnectLinksApi(options.atsync, options.connectLinks);
  registerConnectRoutes(router, { basePath, links, logger });
  return router;
}

/**
 * Every route `createHttpHandler(options)` serves — method, path template (relative to
 * `basePath`) and body kind — in registration order: what `openapi.json` documents.
 */
export function listHttpRoutes(
  options: HttpHandlerOptions,
): { method: string; path: string; body: RouteBody }[] {
  return buildRouter(options, "", options.atsync.logger.child({ component: "http" })).list();
}

/**
 * Kombo's HTTP API as a web-standard handler (docs/embedding.md, "Serve Kombo's HTTP API"): `Authorization: Bearer <key>`
 * (checked against the hashed keys of `atsync.apiKeys`), `X-Integration-Id` for ATS calls,
 * Kombo's envelopes and error codes, every bad input answered 4xx naming what was wrong. Bodies
 * of authenticated requests are read and held to `maxBodyBytes` and `maxJsonDepth` first.
 */
export function createHttpHandler(options: HttpHandlerOptions): FetchHandler {
  const { atsync } = options;
  const basePath = (options.basePath ?? "").replace(/\/+$/, "");
  const limits: BodyLimits = {
    bytes: options.maxBodyBytes ?? 20 * 1024 * 1024,
    depth: options.maxJsonDepth ?? 64,
  };
  const logger = atsync.logger.child({ component: "http" });
  const router = buildRouter(options, basePath, logger);

  const answer = async (request: Request, matched: (route: string) => void): Promise<Response> => {
    try {
      const url = new URL(request.url);
      if (basePath && !url.pathname.startsWith(`${basePath}/`) && url.pathname !== basePath) {
        return json(404, {
          status: "error",
          error: { code: null, title: "Not found", message: `No route ${url.pathname}`, log_url: null },
        });
      }
      const path = url.pathname.slice(basePath.length) || "/";
      const match = router.match(request.method, path);
      if (match === null || match === "method_not_allowed") {
        const status = match === null ? 404 : 405;
        return json(status, {
          status: "error",
          error: {
            code: null,
            title: status === 404 ? "Not found" : "Method not allowed",
            message: `${request.method} ${path} is not served`,
            log_url: null,
          },
        });
      }
      matched(`${basePath}${match.route}`);
      if (match.auth) {
        const header = request.headers.get("authorization") ?? "";
        const key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
        if (!key || !(await atsync.apiKeys.verify(key))) {
          throw new AtsyncError(
            "PLATFORM.AUTHENTICATION_INVALID",
            "Missing or invalid API key: send Authorization: Bearer <key>",
          );
        }
      }
      // The body is read and checked before any route logic sees the request.
      const body =
        request.method === "GET" || request.method === "HEAD"
          ? null
          : match.body === "form"
            ? new URLSearchParams(await readText(request, limits))
            : await readJson(request, limits);
      const ctx: Ctx = {
        request,
        url,
        atsync,
        integrationId: () => {
          const id = request.headers.get("x-integration-id");
          if (!id)
            throw inputInvalid("request", [{ path: "X-Integration-Id", message: "header is required" }]);
          return id;
        },
        body,
      };
      return await match.handler(ctx, match.params);
    } catch (error) {
      return errorResponse(error, logger, errorFamilyOf(request, basePath));
    }
  };
  const { onResponse } = options;
  if (!onResponse) return (request) => answer(request, () => undefined);
  return async (request) => {
    const started = performance.now();
    let route: string | null = null;
    const response = await answer(request, (matched) => {
      route = matched;
    });
    try {
      onResponse({
        method: request.method,
        route,
        status: response.status,
        durationMs: performance.now() - started,
      });
    } catch (error) {
      logger.error({ err: error }, "onResponse failed");
    }
    return response;
  };
}
