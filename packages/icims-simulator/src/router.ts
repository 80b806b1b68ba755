import type { IncomingHttpHeaders } from "node:http";
import type { SimResponse } from "./http.js";

/** What a route handler receives. */
export interface RouteContext {
  method: string;
  /** Values of the `{name}` segments of the route template. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `<origin>/customers/<customerId>` of the listener that received the request (used in self URLs). */
  apiBase: string;
}

/** A route handler. Throws `IcimsError` for iCIMS-shaped failures. */
export type Handler = (ctx: RouteContext) => SimResponse | Promise<SimResponse>;

interface Route {
  template: string;
  segments: string[];
  handlers: Map<string, Handler>;
}

/** Result of matching a path: the stats key, the handler (absent: method not allowed) and params. */
export interface RouteMatch {
  key: string;
  handler: Handler | undefined;
  params: Record<string, string>;
}

/**
 * Routes under `/customers/{customerId}`. Templates are literal lowercase paths with `{param}` segments,
 * e.g. `/people/{id}/fields/phones/{entry}`; the stats key of a request is `"<METHOD> <template>"`.
 */
export class Router {
  private readonly routes: Route[] = [];

  /** Registers `handler` for `method` on `template` (the empty template is the customer root). */
  on(method: string, template: string, handler: Handler): this {
    let route = this.routes.find((r) => r.template === template);
    if (!route) {
      route = { template, segments: template.split("/").filter(Boolean), handlers: new Map() };
      this.routes.push(route);
    }
    route.handlers.set(method, handler);
    return this;
  }

  /** Matches path segments (after `/customers/{customerId}`), or undefined when no template fits. */
  match(method: string, segments: readonly string[]): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segments.every((pattern, i) => {
        const actual = segments[i] ?? "";
        if (pattern.startsWith("{")) {
          params[pattern.slice(1, -1)] = actual;
          return actual.length > 0;
        }
        return pattern === actual;
      });
      if (fits) {
        const path = route.template === "" ? "/customers/{customerId}" : route.template;
        return { key: `${method} ${path}`, handler: route.handlers.get(method), params };
      }
    }
    return undefined;
  }
}
