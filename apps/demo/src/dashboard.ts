import { readFile } from "node:fs/promises";
import { type Atsync, AtsyncError } from "@atsync/core";
import { inputInvalid } from "@atsync/core/connector";
import {
  connectorSettingFields,
  errorResponse,
  type FetchHandler,
  type FormField,
  schemaFields,
} from "@atsync/core/http";
import { IntegrationSettingsSchema } from "@atsync/core/storage";

/** Options of `createDashboardHandler`. */
export interface DashboardOptions {
  /** The atsync instance (for the demo's own settings route and key checks). */
  atsync: Atsync;
  /** Path of the atsync API the page calls, e.g. `/v1`. */
  apiBase: string;
  /** The API key the page uses; injected into the served HTML (a local demo, see the README). */
  apiKey: string;
  /** Credentials the connect form can prefill to connect another integration to the simulator; null without one. */
  simulatorCredentials: Record<string, unknown> | null;
}

/** The dashboard's static files: URL path → file under `public/` and its content type. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
};

/** `JSON.stringify` made safe inside an HTML `<script>` element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026");
}

/**
 * Settings the dashboard's settings form leaves out: `createdApplicationsOnly` has its own
 * explained checkbox, and `connector` is a group whose members are fields of their own.
 */
const OWN_CONTROLS = new Set(["createdApplicationsOnly", "connector"]);

/**
 * The fields of an integration's settings form: atsync's settings and the connector's own
 * (`connector.<key>`), labelled and described by their schemas.
 */
function settingsFormFields(connectorSettings: Parameters<typeof connectorSettingFields>[0]): FormField[] {
  return [
    ...schemaFields(IntegrationSettingsSchema).filter((f) => !OWN_CONTROLS.has(f.name)),
    ...connectorSettingFields(connectorSettings),
  ];
}

const SETTINGS_ROUTE = /^\/demo\/integrations\/([^/]+)\/settings$/;

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw inputInvalid("request", [{ path: "id", message: "is not a valid URL path segment" }]);
  }
}

/**
 * The dashboard as a fetch handler: `GET /` serves `public/index.html` with the page config
 * (API base, API key, simulator credentials) injected, `/app.js` and `/style.css` the page's code,
 * and `GET /demo/integrations/{id}/settings` (Bearer key required) an integration's settings, which
 * the `/v1` API does not return, with the fields of the settings form (`fields`: name, title from
 * the schema, type, …; connector settings named `connector.<key>`). Everything else answers 404.
 */
export async function createDashboardHandler(options: DashboardOptions): Promise<FetchHandler> {
  const publicDir = new URL("../public/", import.meta.url);
  const read = (file: string) => readFile(new URL(file, publicDir), "utf8");
  const config = jsonForHtml({
    apiBase: options.apiBase,
    apiKey: options.apiKey,
    simulatorCredentials: options.simulatorCredentials,
  });
  const html = (await read("index.html")).replace(`"DEMO_CONFIG"`, () => config);
  const assets = new Map(
    await Promise.all(
      Object.entries(ASSETS).map(
        async ([path, a]) => [path, { body: await read(a.file), type: a.type }] as const,
      ),
    ),
  );
  const logger = options.atsync.logger.child({ component: "dashboard" });

  return async (request) => {
    const { pathname } = new URL(request.url);
    try {
      const settings = SETTINGS_ROUTE.exec(pathname);
      if (settings && request.method === "GET") {
        const key = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
        if (!key || !(await options.atsync.apiKeys.verify(key)))
          throw new AtsyncError("PLATFORM.AUTHENTICATION_INVALID", "Missing or invalid API key");
        const details = await options.atsync.integrations.get(decodePathSegment(settings[1] as string));
        const fields = settingsFormFields(options.atsync.connectors.get(details.tool).settings);
        return Response.json({ status: "success", data: { settings: details.settings, fields } });
      }
    } catch (error) {
      return errorResponse(error, logger);
    }
    if (request.method !== "GET" && request.method !== "HEAD")
      return new Response("Method not allowed", { status: 405, headers: { allow: "GET, HEAD" } });
    if (pathname === "/" || pathname === "/index.html")
      return new Response(html, {
        headers: { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8" },
      });
    const asset = assets.get(pathname);
    if (asset)
      return new Response(asset.body, { headers: { ...SECURITY_HEADERS, "content-type": asset.type } });
    return new Response("Not found", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  };
}
