/** A route handler: path parameters in, response out. */
export type RouteHandler<C> = (ctx: C, params: Record<string, string>) => Promise<Response>;

interface Route<C> {
  method: string;
  path: string;
  segments: string[];
  handler: RouteHandler<C>;
  auth: boolean;
  body: RouteBody;
}

/** How a route's request body is read: JSON (the API) or an HTML form's `application/x-www-form-urlencoded`. */
export type RouteBody = "json" | "form";

/** A small method + path matcher (`/ats/jobs/{job_id}/applications`). */
export class Router<C> {
  private readonly routes: Route<C>[] = [];

  /** Adds a route; `auth: false` routes are served without an API key; `body` defaults to `json`. */
  add(
    method: string,
    path: string,
    handler: RouteHandler<C>,
    options: { auth?: boolean; body?: RouteBody } = {},
  ): this {
    this.routes.push({
      method,
      path,
      segments: path.split("/").filter(Boolean),
      handler,
      auth: options.auth ?? true,
      body: options.body ?? "json",
    });
    return this;
  }

  /** Every route added, in order: method, path template and body kind. */
  list(): { method: string; path: string; body: RouteBody }[] {
    return this.routes.map(({ method, path, body }) => ({ method, path, body }));
  }

  /**
   * The route for a request: its handler, params, auth flag, body kind and `route` (the path
   * template it was added with), `"method_not_allowed"` when the path exists with other methods, or null.
   */
  match(
    method: string,
    path: string,
  ):
    | {
        handler: RouteHandler<C>;
        params: Record<string, string>;
        auth: boolean;
        body: RouteBody;
        route: string;
      }
    | "method_not_allowed"
    | null {
    const parts = path.split("/").filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method)
        return { handler: route.handler, params, auth: route.auth, body: route.body, route: route.path };
    }
    return pathMatched ? "method_not_allowed" : null;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith("{") && p.endsWith("}")) {
      try {
        params[p.slice(1, -1)] = decodeURIComponent(v);
      } catch {
        return null;
      }
    } else if (p !== v) return null;
  }
  return params;
}
