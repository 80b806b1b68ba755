import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type ConnectLinksApi, PROBLEM_MESSAGES } from "../connect/connect-links.js";
import {
  connectorSettingFields,
  type FormField,
  formFieldOf,
  readForm,
  schemaFields,
  splitConnectorValues,
} from "../connect/form-fields.js";
import { type FormPage, renderForm, renderMessage, renderToolChoice } from "../connect/page.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import type { Atsync } from "../di/create-atsync.js";
import { type AtsyncError, isAtsyncError } from "../errors.js";
import type { Logger } from "../logging.js";
import type { ConnectLinkRecord } from "../storage/connect-links.js";
import { type IntegrationSettings, IntegrationSettingsSchema } from "../storage/integrations.js";
import { pathParams } from "./api-routes.js";
import { httpStatusOf, json } from "./errors.js";
import { documented, jsonBody, success } from "./openapi.js";
import type { HttpEnv, RouteTable } from "./route-table.js";

/** What the connect page reads of a request. */
interface ConnectPageRequest {
  /** The request's URL. */
  url: URL;
  /** The atsync instance served. */
  atsync: Atsync;
  /** The posted form (`POST`), or null. */
  form: URLSearchParams | null;
}

/** Options of `registerConnectRoutes`. */
export interface ConnectRoutesOptions {
  /** The atsync instance served. */
  atsync: Atsync;
  /** The handler's path prefix (`/v1`), for links relative to the API's origin. */
  basePath: string;
  /** The links service. */
  links: ConnectLinksApi;
  /** Logger for unexpected failures of the page. */
  logger: Logger;
}

/** Path of the connect page under the handler's `basePath`. */
export const CONNECT_PAGE_PATH = "/connect";

const LANGUAGE = z.enum(["en", "de", "fr", "it", "es"]).nullable().optional();
const LINK_TYPE = z.enum(["EMBEDDED", "MAGIC_LINK"]);
const UNSUPPORTED = { error: "is not supported by atsync" };

/** Kombo's `POST /connect/create-link` body (what atsync does not support is refused by name). */
export const CreateLinkBody = z.object({
  end_user_email: z.email({ error: "must be an email address" }),
  end_user_organization_name: z.string().trim().min(1, { error: "must not be empty" }),
  end_user_origin_id: z.string().min(1, { error: "must not be empty" }).nullable().optional(),
  remote_environment: z.null(UNSUPPORTED).optional(),
  integration_category: z.literal("ATS", { error: "must be ATS (atsync serves ATS integrations)" }),
  integration_tool: z.string().nullable().optional(),
  language: LANGUAGE,
  scope_config_id: z.null(UNSUPPORTED).optional(),
  enable_filtering: z.literal(false, UNSUPPORTED).optional(),
  enable_field_mapping: z.literal(false, UNSUPPORTED).optional(),
  link_type: LINK_TYPE.optional(),
});
/** Kombo's `POST /integrations/{id}/relink` body. */
export const RelinkBody = z.object({
  language: LANGUAGE,
  scope_config_id: z.null(UNSUPPORTED).optional(),
  link_type: LINK_TYPE.optional(),
});
/** Kombo's `POST /integrations/{id}/setup-link` body. */
export const SetupLinkBody = z.object({ language: LANGUAGE, link_type: LINK_TYPE });

/** Kombo's `{ status: "success", data }` envelope. */
const successAnswer = (data: unknown) => json(200, { status: "success", data });

/** An HTML page that is never cached, framed by anyone (embedded links) and runs no script. */
function html(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
    },
  });
}

/** A connection link answer. */
const linkAnswer = success(documented(z.object({ link: z.string() })));
/** The connect page's HTML answers. */
const page = { description: "HTML page", content: { "text/html": { schema: { type: "string" as const } } } };
/** The link's token, the page's only authorisation (read by the page itself: a missing one is its 404 page). */
const tokenParameter = {
  name: "token",
  in: "query" as const,
  required: true,
  schema: { type: "string" as const },
};

/**
 * Kombo's connect flow on `table`: `POST /connect/create-link`, `GET
 * /connect/integration-by-token/{token}`, `POST /integrations/{id}/relink`, `POST
 * /integrations/{id}/setup-link` (API key required), and the page their links open, `GET` and
 * `POST` `/connect?token=…` (no API key: the token is the authorisation). Links are absolute under
 * the instance's `publicBaseUrl` when one is configured, else paths from the API's origin.
 */
export function registerConnectRoutes(table: RouteTable, options: ConnectRoutesOptions): void {
  const { atsync, links, basePath } = options;
  const linkTo = (token: string) => {
    const path = `${CONNECT_PAGE_PATH}?token=${encodeURIComponent(token)}`;
    const public_ = atsync.events.url(path);
    return public_.startsWith("/") ? `${basePath}${path}` : public_;
  };

  table.define(
    {
      method: "post",
      path: "/connect/create-link",
      summary:
        "Create a connection link to atsync's connect page (single use, expires after 7 days by default)",
      request: { body: jsonBody(CreateLinkBody) },
      responses: linkAnswer,
    },
    async (c) => {
      const input = c.req.valid("json");
      const { token } = await links.createConnectLink(input.integration_tool ?? null, {
        organization_name: input.end_user_organization_name,
        creator_email: input.end_user_email,
        origin_id: input.end_user_origin_id ?? null,
      });
      return successAnswer({ link: linkTo(token) });
    },
  );
  table.define(
    {
      method: "get",
      path: "/connect/integration-by-token/{token}",
      summary: "The integration a completed connection link created (PLATFORM.INTEGRATION_NOT_FOUND before)",
      request: { params: pathParams("token") },
      responses: success(),
    },
    async (c) => {
      const integration = await links.integrationByToken(c.req.valid("param").token);
      return successAnswer({
        tool: integration.tool,
        id: integration.id,
        end_user_origin_id: integration.end_user.origin_id,
        end_user_organization_name: integration.end_user.organization_name,
        end_user_email: integration.end_user.creator_email,
        setup_status: integration.setup_status,
      });
    },
  );
  table.define(
    {
      method: "post",
      path: "/integrations/{integration_id}/relink",
      summary: "Create a reconnection link: new credentials for the same integration",
      request: { params: pathParams("integration_id"), body: jsonBody(RelinkBody, false) },
      responses: linkAnswer,
    },
    async (c) => {
      const { token } = await links.createIntegrationLink(c.req.valid("param").integration_id, "relink");
      return successAnswer({ link: linkTo(token) });
    },
  );
  table.define(
    {
      method: "post",
      path: "/integrations/{integration_id}/setup-link",
      summary: "Create a setup link: a page editing the integration's settings",
      request: { params: pathParams("integration_id"), body: jsonBody(SetupLinkBody) },
      responses: linkAnswer,
    },
    async (c) => {
      const { token } = await links.createIntegrationLink(c.req.valid("param").integration_id, "setup");
      return successAnswer({ link: linkTo(token) });
    },
  );

  const answerPage = async (c: Context<HttpEnv>) => {
    try {
      const form = c.req.method === "POST" ? (c.get("body") as URLSearchParams | null) : null;
      return await connectPage({ url: new URL(c.req.url), atsync, form }, links);
    } catch (error) {
      options.logger.error({ err: error }, "connect page failed");
      return html(500, renderMessage("Something went wrong", "Please try again later.", "alert"));
    }
  };
  table.define(
    {
      method: "get",
      path: CONNECT_PAGE_PATH,
      summary:
        "The connect page a link opens (no API key: the token authorises; 404/410 for unknown, used or expired links)",
      parameters: [tokenParameter],
      responses: { 200: page, 404: page, 410: page },
    },
    answerPage,
    { auth: false },
  );
  table.define(
    {
      method: "post",
      path: CONNECT_PAGE_PATH,
      summary:
        "Submit the connect page's form (application/x-www-form-urlencoded, input names = credential or setting keys)",
      parameters: [tokenParameter],
      request: {
        body: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: { type: "object" as const, additionalProperties: { type: "string" as const } },
            },
          },
        },
      },
      responses: { 200: page, 400: page, 403: page, 410: page },
    },
    answerPage,
    { auth: false, body: "form" },
  );
}

/** The page of a link: its form (GET), or the submission's outcome (POST). */
async function connectPage(c: ConnectPageRequest, links: ConnectLinksApi): Promise<Response> {
  const token = c.url.searchParams.get("token") ?? "";
  const link = token ? await links.find(token) : null;
  const problem = links.problem(link);
  if (problem) return unusable(problem === "unknown" ? 404 : 410, PROBLEM_MESSAGES[problem]);
  const open = link as ConnectLinkRecord;
  const { form } = c;
  const action = (params: Record<string, string>) => `${c.url.pathname}?${new URLSearchParams(params)}`;

  if (open.kind === "setup") {
    const integration = await c.atsync.integrations.get(open.integration_id as string);
    const connector = c.atsync.connectors.get(integration.tool);
    const fields = [
      ...schemaFields(IntegrationSettingsSchema).filter((f) => f.name !== "connector"),
      ...connectorSettingFields(connector.settings),
    ];
    const { connector: connectorValues = {}, ...own } = integration.settings;
    const current = Object.fromEntries([
      ...Object.entries(own).map(([k, v]) => [k, String(v)]),
      ...Object.entries(connectorValues).map(([k, v]) => [
        `connector.${k}`,
        Array.isArray(v) ? v.join(", ") : String(v),
      ]),
    ]) as Record<string, string>;
    const view: FormPage = {
      heading: `Settings of your ${c.atsync.connectors.get(integration.tool).name} integration`,
      intro: `For ${integration.end_user.organization_name}. Leave a field empty to keep its current value.`,
      prerequisites: [],
      guide: [],
      requiredLegend: "Required settings",
      optionalLegend: "Settings",
      fields,
      values: current,
      errors: [],
      formError: null,
      action: action({ token }),
      submit: "Save settings",
    };
    if (!form) return html(200, renderForm(view));
    return submit(view, form, (values) =>
      links
        .submitSettings(token, settingsOfForm(values))
        .then(() =>
          renderMessage(
            "Settings saved",
            "The integration's settings were saved. You can close this page.",
            "done",
          ),
        ),
    );
  }

  const tool = open.tool ?? c.url.searchParams.get("tool") ?? onlyTool(c.atsync);
  if (!tool) {
    return html(
      200,
      renderToolChoice(
        "Connect your system",
        `For ${open.end_user.organization_name}.`,
        c.atsync.connectors.list().map((t) => ({ name: t.name, href: action({ token, tool: t.slug }) })),
      ),
    );
  }
  let connector: ConnectorDefinition<unknown>;
  try {
    connector = links.connector(tool);
  } catch {
    return unusable(404, `No system "${tool}" can be connected here.`);
  }
  const relink = open.kind === "relink";
  const view: FormPage = {
    heading: relink ? `Reconnect ${connector.name}` : `Connect ${connector.name}`,
    intro: relink
      ? `Enter new credentials for ${open.end_user.organization_name}'s ${connector.name} integration.`
      : `Connect ${open.end_user.organization_name}'s ${connector.name} account.`,
    prerequisites: connector.prerequisites,
    guide: connector.connectionGuide,
    requiredLegend: `${connector.name} account`,
    optionalLegend: "Optional settings",
    fields: [
      ...schemaFields(connector.credentials, connector.secretPaths),
      ...connectorSettingFields(connector.settings),
    ],
    values: {},
    errors: [],
    formError: null,
    action: action(open.tool ? { token } : { token, tool }),
    submit: relink ? "Reconnect" : "Connect",
  };
  if (!form) return html(200, renderForm(view));
  return submit(view, form, (values) => {
    const { values: credentials, connector: connectorSettings } = splitConnectorValues(values);
    return links
      .submitCredentials(token, connector.slug, credentials, connectorSettings)
      .then(() =>
        renderMessage(
          relink ? `${connector.name} is reconnected` : `${connector.name} is connected`,
          "The credentials were accepted. You can close this page.",
          "done",
        ),
      );
  });
}

/** The single registered connector's slug, or null when there are several. */
function onlyTool(atsync: Atsync): string | null {
  const all = atsync.connectors.list();
  return all.length === 1 ? (all[0] as ConnectorDefinition<unknown>).slug : null;
}

function unusable(status: number, message: string): Response {
  return html(status, renderMessage("This link cannot be used", message, "alert"));
}

/**
 * Validates a posted form for `view`'s fields and runs `complete` with the typed values: the
 * done page on success, else the form again (4xx) with each problem at its field, the values
 * entered (never a secret field's) and the vendor's refusal as the form's error.
 */
async function submit(
  view: FormPage,
  form: URLSearchParams | null,
  complete: (values: Record<string, unknown>) => Promise<string>,
): Promise<Response> {
  const posted = form ?? new URLSearchParams();
  const entered = Object.fromEntries(
    view.fields.filter((f: FormField) => !f.secret).map((f) => [f.name, posted.get(f.name) ?? ""]),
  );
  const again = (status: number, errors: FormPage["errors"], formError: string | null) =>
    html(status, renderForm({ ...view, values: entered, errors, formError }));
  const { values, issues } = readForm(view.fields, posted);
  if (issues.length > 0) return again(400, issues, null);
  try {
    return html(200, await complete(values));
  } catch (error) {
    if (!isAtsyncError(error)) throw error;
    const fieldIssues = inputIssues(error);
    if (fieldIssues?.some((i) => i.path === "token") && !view.fields.some((f) => f.name === "token")) {
      return unusable(410, fieldIssues.find((i) => i.path === "token")?.message ?? PROBLEM_MESSAGES.used);
    }
    if (fieldIssues) return again(400, fieldIssues, null);
    return again(httpStatusOf(error.code), [], error.message);
  }
}

/** The field issues of a `PLATFORM.INPUT_INVALID`, each at its top-level field; null for other errors. */
function inputIssues(error: AtsyncError): { path: string; message: string }[] | null {
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  if (error.code !== "PLATFORM.INPUT_INVALID" || !issues) return null;
  return issues.map((i) => ({ path: formFieldOf(i.path), message: i.message }));
}

/** A setup form's typed values as settings: `connector.<key>` fields under `connector`. */
function settingsOfForm(values: Record<string, unknown>): IntegrationSettings {
  const { values: own, connector } = splitConnectorValues(values);
  return { ...own, ...(connector ? { connector } : {}) } as IntegrationSettings;
}
