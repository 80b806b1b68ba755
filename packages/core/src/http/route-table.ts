import { createRoute, OpenAPIHono, type RouteConfig, type RouteHandler, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { inputInvalid } from "../errors.js";
import { errorResponses } from "./openapi.js";

/**
 * How a route's request body is read: JSON (the API), an HTML form's
 * `application/x-www-form-urlencoded`, or the bytes as sent (`raw`: vendor events, whose
 * signatures cover the exact body).
 */
export type RouteBody = "json" | "form" | "raw";

/** Hono environment of the HTTP app: what the route prelude leaves for handlers. */
export interface HttpEnv {
  Variables: {
    /** Template of the matched route under `basePath` (`/v1/ats/jobs/{job_id}/applications`). */
    route: string;
    /**
     * The body as read and checked by the prelude: the parsed JSON (null when empty) on `json`
     * routes, `URLSearchParams` on `form` routes, a `Uint8Array` on `raw` routes, null for GET and HEAD.
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

const isZod = (schema: unknown): schema is z.ZodType => schema instanceof z.ZodType;

/** Issues of a failed zod parse as `inputInvalid` lists them: each at its dotted path. */
const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

/**
 * Validates the JSON body the prelude read (an empty body as `{}`) with `schema`, leaving the
 * parsed value for `c.req.valid("json")`; refuses it with `PLATFORM.INPUT_INVALID` naming each field.
 */
function validateJsonBody(schema: z.ZodType): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const parsed = await schema.safeParseAsync(c.get("body") ?? {});
    if (!parsed.success) throw inputInvalid(TARGET_NAMES.json as string, issuesOf(parsed.error));
    c.req.addValidatedData("json", parsed.data as object);
    await next();
  };
}

/**
 * Every route of the HTTP API on one `OpenAPIHono` app: each is defined once (`createRoute`:
 * method, path, zod schemas of its parameters, headers and body, responses), which both serves it
 * and documents it in `openapi.json`. A request failing a route's zod schemas is refused with
 * `PLATFORM.INPUT_INVALID` naming each field and why (thrown to the app's error handler, so it
 * gets Kombo's envelope like every other error).
 */
export class RouteTable {
  /** The app the routes are served and documented on; paths are relative to `basePath`. */
  readonly app = new OpenAPIHono<HttpEnv>({
    strict: false,
    defaultHook: (result) => {
      if (result.success) return;
      throw inputInvalid(TARGET_NAMES[result.target] ?? result.target, issuesOf(result.error));
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
    const { hide, ...documentedRoute } = route;
    const documented = createRoute({
      ...documentedRoute,
      ...(auth ? {} : { security: [] }),
      responses: { ...route.responses, ...errorResponses },
    });
    if (!hide) this.app.openAPIRegistry.registerPath(documented);
    // Served without the body in its definition: zod-openapi's own body validators would read the
    // request again and only for a JSON Content-Type, where the prelude reads every body as JSON
    // (or as a form) within the limits; `validateJsonBody` checks what the prelude read.
    const { body, ...request } = route.request ?? {};
    const jsonSchema = (body?.content?.["application/json"] as { schema?: unknown } | undefined)?.schema;
    const servedRoute = createRoute({
      ...documented,
      hide: true,
      request,
      middleware: [
        this.prelude({ ...served, auth }),
        ...(isZod(jsonSchema) ? [validateJsonBody(jsonSchema)] : []),
      ],
    });
    this.app.openapi(servedRoute, handler as unknown as RouteHandler<typeof servedRoute, HttpEnv>);
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
