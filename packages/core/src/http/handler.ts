import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConnectLinksApi, type ConnectLinksOptions } from "../connect/connect-links.js";
import type { Atsync } from "../di/create-atsync.js";
import { AtsyncError } from "../errors.js";
import type { Logger } from "../logging.js";
import { registerApiRoutes } from "./api-routes.js";
import { registerConnectRoutes } from "./connect-routes.js";
import { errorFamilyOf, errorResponse, json } from "./errors.js";
import { registerFieldRoutes } from "./field-routes.js";
import { openApiDocument } from "./openapi.js";
import { type BodyLimits, parseJsonBody, readBytes, readText } from "./request-body.js";
import { type HttpEnv, type HttpRoute, type RoutePrelude, RouteTable } from "./route-table.js";
import { registerVendorEventRoutes } from "./vendor-event-routes.js";

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
  /** Template of the matched route under `basePath` (`/v1/ats/jobs/{job_id}/applications`), never a raw path; null when none matched. */
  route: string | null;
  /** The answer's status code. */
  status: number;
  /** Time from receiving the request to the answer being ready, in milliseconds. */
  durationMs: number;
}

/** A web-standard request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Titles of the refusals answered before any route runs. */
const REFUSAL_TITLES: Record<number, string> = {
  400: "Bad request",
  404: "Not found",
  405: "Method not allowed",
};

/** Kombo's error envelope for a request no route serves (unknown path, wrong method). */
function refusal(status: number, message: string): Response {
  return json(status, {
    status: "error",
    error: {
      code: "PLATFORM.INPUT_INVALID",
      title: REFUSAL_TITLES[status] ?? "Bad request",
      message,
      log_url: null,
    },
  });
}

/** Every route, in definition order, on one table: the API, field and connect routes and `openapi.json`. */
function buildRouteTable(options: HttpHandlerOptions, basePath: string, prelude: RoutePrelude): RouteTable {
  const { atsync } = options;
  const logger = atsync.logger.child({ component: "http" });
  const table = new RouteTable(prelude);
  let document: Record<string, unknown> | undefined;
  table.define(
    {
      method: "get",
      path: "/openapi.json",
      hide: true,
      summary: "This document",
      responses: { 200: { description: "The OpenAPI 3.1 document" } },
    },
    () => {
      document ??= openApiDocument(table.app);
      return json(200, document);
    },
    { auth: false },
  );
  registerApiRoutes(table, atsync);
  registerFieldRoutes(table, atsync);
  registerVendorEventRoutes(table, atsync);
  const links = new ConnectLinksApi(atsync, options.connectLinks);
  registerConnectRoutes(table, { atsync, basePath, links, logger });
  table.refuseOtherMethods(() => refusal(405, "The method is not served on this path"));
  logger.debug("HTTP routes registered");
  return table;
}

/**
 * Every route `createHttpHandler(options)` serves — method, path template (relative to
 * `basePath`) and body kind — in definition order: what `openapi.json` documents.
 */
export function listHttpRoutes(options: HttpHandlerOptions): HttpRoute[] {
  return buildRouteTable(options, "", () => async (_c, next) => next()).list();
}

/**
 * Reads a route's body within `limits` before its validators and handler see the request: a form
 * as `URLSearchParams`, a raw route's bytes as they are, anything else as JSON whatever its
 * Content-Type (null when empty).
 */
async function readRouteBody(
  request: Request,
  kind: HttpRoute["body"],
  limits: BodyLimits,
): Promise<unknown> {
  if (request.method === "GET" || request.method === "HEAD") return null;
  if (kind === "raw") return readBytes(request, limits);
  const text = await readText(request, limits);
  return kind === "form" ? new URLSearchParams(text) : parseJsonBody(text, limits);
}

/**
 * Kombo's HTTP API as a web-standard handler (docs/embedding.md, "Serve Kombo's HTTP API"), the
 * `fetch` of a Hono app whose routes are defined once with zod (`RouteTable`): `Authorization:
 * Bearer <key>` (checked against the hashed keys of `atsync.apiKeys`), `X-Integration-Id` for ATS
 * calls, Kombo's envelopes and error codes, every bad input answered 4xx naming what was wrong.
 * Bodies of authenticated requests are read and held to `maxBodyBytes` and `maxJsonDepth` first.
 */
export function createHttpHandler(options: HttpHandlerOptions): FetchHandler {
  const { atsync, onResponse } = options;
  const basePath = (options.basePath ?? "").replace(/\/+$/, "");
  const limits: BodyLimits = {
    bytes: options.maxBodyBytes ?? 20 * 1024 * 1024,
    depth: options.maxJsonDepth ?? 64,
  };
  const logger: Logger = atsync.logger.child({ component: "http" });

  const prelude: RoutePrelude = (route) => async (c, next) => {
    c.set("route", `${basePath}${route.path}`);
    if (route.auth) {
      const key = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
      if (!key || !(await atsync.apiKeys.verify(key))) {
        throw new AtsyncError(
          "PLATFORM.AUTHENTICATION_INVALID",
          "Missing or invalid API key: send Authorization: Bearer <key>",
        );
      }
    }
    c.set("body", await readRouteBody(c.req.raw, route.body, limits));
    await next();
  };
  const table = buildRouteTable(options, basePath, prelude);

  const app = new Hono<HttpEnv>({ strict: false });
  if (onResponse) {
    app.use(async (c, next) => {
      const started = performance.now();
      await next();
      try {
        onResponse({
          method: c.req.method,
          route: c.get("route") ?? null,
          status: c.res.status,
          durationMs: performance.now() - started,
        });
      } catch (error) {
        logger.error({ err: error }, "onResponse failed");
      }
    });
  }
  app.route(basePath || "/", table.app);
  app.notFound((c) => refusal(404, `${c.req.method} ${new URL(c.req.url).pathname} is not served`));
  app.onError((error, c) =>
    error instanceof HTTPException
      ? refusal(error.status, error.message)
      : errorResponse(error, logger, errorFamilyOf(c.req.raw, basePath)),
  );
  return async (request) => app.fetch(request);
}
