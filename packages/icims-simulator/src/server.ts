import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Auth } from "./auth.js";
import type { SimContext } from "./context.js";
import { ErrorCode, IcimsError, notFound } from "./errors.js";
import type { Faults, FaultTarget } from "./faults.js";
import type { SimResponse } from "./http.js";
import { commonHeaders, errorResponse, JSON_CONTENT_TYPE, readBody } from "./http.js";
import type { IcimsRegion } from "./options.js";
import type { DailyQuota } from "./quota.js";
import type { Router } from "./router.js";
import type { RouteStats } from "./stats.js";

/** The parts of a simulator the HTTP layer uses. */
export interface ServerDeps {
  sim: SimContext;
  router: Router;
  auth: Auth;
  quota: DailyQuota;
  faults: Faults;
  stats: RouteStats;
}

/** A listening HTTP server and its origin (`http://host:port`). */
export interface Listener {
  server: Server;
  origin: string;
}

/** Stats key of requests matching no route. */
const UNMATCHED_ROUTE = "unmatched";

/** Fault-targeting kind of a request; `apiSegments` are the path segments after `/customers/{customerId}`. */
function requestKind(method: string, isToken: boolean, apiSegments: readonly string[]): FaultTarget {
  if (isToken) return "token";
  if (apiSegments[0] === "search") return "search";
  if (apiSegments[0] === "v2" && apiSegments[1] === "lists") return "list";
  return method === "GET" ? "get" : "write";
}

/** A 200 search answer with its rows passed through the empty/short-page faults. */
function glitchSearch(faults: Faults, key: string, response: SimResponse): SimResponse {
  const answer = response.json as { searchResults?: unknown } | undefined;
  if (response.status !== 200 || !Array.isArray(answer?.searchResults)) return response;
  return { ...response, json: { ...answer, searchResults: faults.glitchSearch(key, answer.searchResults) } };
}

function write(
  res: ServerResponse,
  response: SimResponse,
  malformed: () => boolean,
  extraHeaders: Record<string, string>,
): void {
  const headers: Record<string, string | string[]> = {
    ...commonHeaders(),
    ...extraHeaders,
    ...response.headers,
  };
  let payload: Buffer | undefined;
  if (response.json !== undefined) {
    let text = JSON.stringify(response.json);
    if (response.status === 200 && malformed()) text = text.slice(0, Math.floor(text.length / 2));
    payload = Buffer.from(text);
    headers["Content-Type"] = JSON_CONTENT_TYPE;
  } else if (response.body !== undefined) {
    payload = Buffer.from(response.body);
  }
  if (response.status !== 204) headers["Content-Length"] = String(payload?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(payload);
}

/**
 * Handles one request: counts it, draws its latency (and maybe a spike) and whether it is dropped; a
 * dropped request is never processed and its connection is destroyed when the latency has passed.
 * Otherwise it answers the token endpoint (injected 5xx → token) or an API route (auth →
 * customer/region → quota → storm 429 → injected 5xx → handler → search glitches) and sends the answer
 * once the latency has passed since the request arrived, so the latency is the vendor's time to
 * answer, its own work included (as a latency a client measures is). API answers carry the
 * `x-ratelimit-*` headers.
 */
async function handle(
  deps: ServerDeps,
  region: IcimsRegion,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { sim, router, auth, quota, faults, stats } = deps;
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://localhost");
  const segments = url.pathname.split("/").slice(1);
  const isToken = url.pathname === "/oauth/token";
  const underCustomer = segments[0] === "customers" && segments.length >= 2;
  const apiSegments = underCustomer ? segments.slice(2) : [];
  const match = underCustomer ? router.match(method, apiSegments) : undefined;
  const kind = requestKind(method, isToken, apiSegments);
  stats.count(isToken ? `${method} /oauth/token` : (match?.key ?? UNMATCHED_ROUTE));

  const answerAt = performance.now() + faults.delayMs(kind);
  const untilAnswer = async () => {
    const remaining = answerAt - performance.now();
    if (remaining > 0) await sleep(remaining);
  };
  const body = await readBody(req, sim.options.maxBodyBytes);
  if (faults.drop(kind)) {
    await untilAnswer();
    req.socket.destroy();
    return;
  }
  let response: SimResponse;
  try {
    if (body === undefined)
      throw new IcimsError(413, ErrorCode.INVALID_REQUEST, "The request body is too large.");
    if (isToken) {
      if (method !== "POST") throw new IcimsError(405, ErrorCode.INVALID_REQUEST, "Method not allowed.");
      response = faults.serverError(kind) ?? auth.token(req.headers["content-type"], body);
    } else {
      auth.authenticate(req.headers.authorization);
      const customerId = String(sim.options.customerId);
      if (underCustomer && (segments[1] !== customerId || region !== sim.options.region)) {
        throw notFound("Customer not found.");
      }
      quota.consume();
      response =
        faults.rateLimit() ??
        faults.serverError(kind) ??
        (await route(match, method, url, req, body, `${origin}/customers/${customerId}`));
      if (kind === "search") {
        response = glitchSearch(
          faults,
          `${method} ${url.pathname}${url.search}\n${body.toString("utf8")}`,
          response,
        );
      }
    }
  } catch (error) {
    response =
      error instanceof IcimsError
        ? errorResponse(error)
        : errorResponse(
            new IcimsError(500, ErrorCode.INTERNAL_ERROR, "An internal error occurred.", undefined, {
              "x-simulator-error": String(error instanceof Error ? error.message : error).slice(0, 200),
            }),
          );
  }
  await untilAnswer();
  write(res, response, () => faults.malformed(kind), isToken ? {} : quota.headers());
}

async function route(
  match: ReturnType<Router["match"]>,
  method: string,
  url: URL,
  req: IncomingMessage,
  body: Buffer,
  apiBase: string,
): Promise<SimResponse> {
  if (!match) throw notFound("The requested resource was not found.");
  if (!match.handler)
    throw new IcimsError(
      405,
      ErrorCode.INVALID_REQUEST,
      `Method ${method} is not supported on this resource.`,
    );
  return match.handler({
    method,
    params: match.params,
    query: url.searchParams,
    headers: req.headers,
    body,
    apiBase,
  });
}

/** Starts a listener on `host:port` (0 = free port) serving the API as the given region's host. */
export async function listen(
  deps: ServerDeps,
  region: IcimsRegion,
  port: number,
  host: string,
): Promise<Listener> {
  let origin = "";
  const server = createServer((req, res) => {
    handle(deps, region, origin, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  return { server, origin };
}

/** Stops a listener, closing idle and active connections. */
export function stop(listener: Listener): Promise<void> {
  return new Promise((resolve) => {
    listener.server.close(() => resolve());
    listener.server.closeAllConnections();
  });
}
