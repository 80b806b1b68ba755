import { createRoute, OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { inputInvalid } from "../errors.js";
import { errorResponses } from "./openapi.js";

/** How a route's request body is read: JSON (the API) or an HTML form's `application/x-www-form-urlencoded`. */
export type RouteBody = "json" | "form";

/** Hono environment of the HTTP app: what the route prelude leaves for handlers. */
export interface HttpEnv {
  Variables: {
    /** Template of the matched route under `basePath` (`/v1/ats/jobs/{job_id}/applications`). */
    route: string;
    /**
     * The body as read and checked by the prelude: the parsed JSON (null when empty) on `json`
     * routes, `URLSearchParams` on `form` routes, null for GET and HEAD.
     */
    body: unknown;
  };
}

/** One served route: method, path template (relative to `basePath`) and body kind. */
export interface HttpRoute {
  /** Upper-case method. */
  method: string;
  /** Path template with `{param}` placeholders, as documented in `openapi.json`. */
  path: string;
  /** How its body is read. */
  body: RouteBody;
}

/** What runs before a route's validators: records the template, checks the API key, reads the body. */
export type RoutePrelude = (route: HttpRoute & { auth: boolean }) => MiddlewareHandler<HttpEnv>;

/** A route's handler: the typed Hono context of its definition in, a response out. */
export type ApiHandler<R extends RouteConfig> = (
  c: Parameters<RouteHandler<R, HttpEnv>>[0],
) => Promise<Response> | Response;

/** How each validation target is named in a `PLATFORM.INPUT_INVALID` message. */
const TARGET_NAMES: Record<string, string> = {
  json: "request body",
  form: "form",
  query: "query parameters",
  param: "path parameters",
  header: "headers",
};

/**
 * Every route of the HTTP API on one `OpenAPIHono` app: each is defined once (`createRoute`:
 * method, path, zod schemas of its parameters and body, responses), which both serves it and
 * documents it in `openapi.json`. A request failing a route's zod schemas is refused with
 * `PLATFORM.INPUT_INVALID` naming each field and why (thrown to the app's error handler, so it
 * gets Kombo's envelope like every other error).
 */
export class RouteTable {
  /** The app the routes are served and documented on; paths are relative to `basePath`. */
  readonly app = new OpenAPIHono<HttpEnv>({
    strict: false,
    defaultHook: (result) => {
      if (result.success) return;
      throw inputInvalid(
        TARGET_NAMES[result.target] ?? result.target,
        result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      );
    },
  });
  private readonly served: HttpRoute[] = [];

  /** @param prelude Builds the middleware run before each route's validators. */
  constructor(private readonly prelude: RoutePrelude) {}

  /**
   * Serves and documents `route`; `auth: false` routes are served without an API key (documented
   * with no security requirement), `body` (default `json`) is how the prelude reads its body.
   * Kombo's error envelope is documented as every route's `default` response.
   */
  define<R extends RouteConfig>(
    route: R,
    handler: ApiHandler<R>,
    options: { auth?: boolean; body?: RouteBody } = {},
  ): this {
    const served: HttpRoute = {
      method: route.method.toUpperCase(),
      path: route.path,
      body: options.body ?? "json",
    };
    const auth = options.auth ?? true;
    const config = createRoute({
      ...route,
      ...(auth ? {} : { security: [] }),
      responses: { ...route.responses, ...errorResponses },
      middleware: [this.prelude({ ...served, auth })],
    });
    this.app.openapi(config, handler as unknown as RouteHandler<typeof config, HttpEnv>);
    this.served.push(served);
    return this;
  }

  /** Every route defined, in order. */
  list(): HttpRoute[] {
    return this.served.map((route) => ({ ...route }));
  }

  /**
   * Answers `refuse()` for a request to a defined path with a method it is not served with; call
   * once, after every route is defined (Hono runs handlers in the order they were added).
   */
  refuseOtherMethods(refuse: () => Response): void {
    for (const path of new Set(this.served.map((r) => r.path))) {
      this.app.all(path.replaceAll(/\{([^}]+)\}/g, ":$1"), refuse);
    }
  }
}
