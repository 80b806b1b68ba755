import { z } from "zod";
import { ICIMS_REGIONS, REGION_ENDPOINTS } from "./decisions/region.js";

const nonEmpty = z.string().trim().min(1);

/**
 * What a host supplies to connect an iCIMS tenant. A real tenant needs `customerId`, `region` and
 * exactly one credential pair: an OAuth client (`clientId` + `clientSecret`, preferred) or the
 * integration user's Basic login (`username` + `password`). Everything else is optional:
 * - `apiUrl` / `tokenUrl` / `audience` override what `region` selects (private endpoints, the
 *   simulator in tests); `apiUrl` is an origin, the connector appends `/customers/{customerId}`.
 * - `eventAuth` / `eventUser` / `eventSecret` configure how iCIMS authenticates the event
 *   notifications it pushes (HMAC, Basic or OAuth client credentials; default none: refused).
 * What the connector reads and how fast are settings (`IcimsSettingsSchema`), not credentials.
 */
export const IcimsCredentialsSchema = z
  .object({
    /** Numeric tenant id issued by iCIMS (sandbox and production differ). */
    customerId: z
      .string()
      .regex(/^\d+$/, { error: "customerId must be the numeric iCIMS customer id" })
      .meta({
        title: "Customer id",
        description: "The numeric iCIMS customer id of the tenant (sandbox and production differ).",
      }),
    /** Data centre of the tenant; selects API and login hosts. */
    region: z.enum(ICIMS_REGIONS).meta({
      title: "Region",
      description: "Data centre of the tenant: us, eu, ca, or isv (the partner sandbox).",
    }),
    /** OAuth 2.0 client id (client-credentials grant). */
    clientId: nonEmpty.optional().meta({
      title: "OAuth client id",
      description:
        "OAuth 2.0 client id issued by iCIMS (client-credentials grant). Give it with the client secret, or use username and password instead.",
    }),
    /** OAuth 2.0 client secret. Secret. */
    clientSecret: nonEmpty.optional().meta({
      title: "OAuth client secret",
      description: "OAuth 2.0 client secret issued with the client id.",
    }),
    /** Basic-auth username of the integration account. */
    username: nonEmpty.optional().meta({
      title: "Integration user name",
      description:
        "Username of the iCIMS web-services integration user (Basic authentication), instead of an OAuth client.",
    }),
    /** Basic-auth password of the integration account. Secret. */
    password: nonEmpty.optional().meta({
      title: "Integration user password",
      description: "Password of the integration user.",
    }),
    /** API origin overriding the region's (e.g. `https://api.icims.com`). */
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta({
        title: "API URL",
        description:
          "Only when iCIMS gave you a private API origin (e.g. https://api.icims.com); otherwise the region's is used.",
      }),
    /** OAuth token endpoint overriding the region's. */
    tokenUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta({
        title: "OAuth token URL",
        description: "Only when iCIMS gave you a private token endpoint; otherwise the region's is used.",
      }),
    /** OAuth audience overriding the region's. */
    audience: nonEmpty.optional().meta({
      title: "OAuth audience",
      description: "Only when iCIMS gave you a different token audience; otherwise the region's is used.",
    }),
    /** How iCIMS authenticates the event notifications it pushes to atsync (absent or `none`: events are refused). */
    eventAuth: z.enum(["none", "hmac", "basic", "oauth"]).optional().meta({
      title: "Event notification authentication",
      description:
        "How iCIMS authenticates the event notifications it sends to atsync's receiver URL (shown with the integration): hmac, basic or oauth, as entered on the iCIMS Event Notifications page; none refuses events (syncs still see every change).",
    }),
    /** HMAC user, Basic user name or OAuth client id iCIMS presents with its events. */
    eventUser: nonEmpty.max(200).optional().meta({
      title: "Event notification user / client id",
      description:
        "The Basic user name or OAuth client id entered for iCIMS' event notifications (required for basic and oauth); for hmac the optional user its signature names.",
    }),
    /** HMAC key, Basic password or OAuth client secret of the event notifications. Secret. */
    eventSecret: z.string().min(16).max(500).optional().meta({
      title: "Event notification secret",
      description:
        "The HMAC secret key, Basic password or OAuth client secret entered for iCIMS' event notifications (at least 16 characters).",
    }),
  })
  .superRefine((c, ctx) => {
    if (c.eventAuth !== undefined && c.eventAuth !== "none" && c.eventSecret === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["eventSecret"],
        message: `eventSecret is required with eventAuth ${c.eventAuth}`,
      });
    if ((c.eventAuth === "basic" || c.eventAuth === "oauth") && c.eventUser === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["eventUser"],
        message: `eventUser is required with eventAuth ${c.eventAuth}`,
      });
    const oauth = c.clientId !== undefined || c.clientSecret !== undefined;
    const basic = c.username !== undefined || c.password !== undefined;
    if (oauth && basic) {
      ctx.addIssue({
        code: "custom",
        path: ["username"],
        message: "give either clientId + clientSecret (OAuth) or username + password (Basic), not both",
      });
      return;
    }
    const pairs: [string, unknown][] = basic
      ? [
          ["username", c.username],
          ["password", c.password],
        ]
      : [
          ["clientId", c.clientId],
          ["clientSecret", c.clientSecret],
        ];
    for (const [path, value] of pairs) {
      if (value === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [path],
          message: `${path} is required (OAuth: clientId + clientSecret, or Basic: username + password)`,
        });
      }
    }
  });

/** Parsed iCIMS credentials (see `IcimsCredentialsSchema`). */
export type IcimsCredentials = z.infer<typeof IcimsCredentialsSchema>;

/**
 * The iCIMS connector's settings of an integration (`settings.connector`), all optional and
 * changeable without the credentials:
 * - `statusListId`: List API id of the recruiting-workflow bins-and-statuses tree (application
 *   stages); without it stages are harvested from the workflows' `status` values (costly).
 * - `screeningQuestionListId`: List API id of the screening-question library.
 * - `portals`: career portal names whose postings become job postings (default `["jobs"]`).
 * - `loginGroupIds`: login-group list node ids whose members are users besides the people jobs
 *   reference as recruiter / hiring manager / account manager.
 * - `maxConcurrency`: record GETs in flight at once (default 8).
 */
export const IcimsSettingsSchema = z.strictObject({
  /** List id of the recruiting-workflow status tree (e.g. `lists.applicantworkflow.status`). */
  statusListId: nonEmpty.optional().meta({
    title: "Workflow status list id",
    description:
      "List API id of your recruiting-workflow statuses (e.g. lists.applicantworkflow.status), so application stages are read from it.",
  }),
  /** List id of the screening-question library. */
  screeningQuestionListId: nonEmpty.default("lists.screeningquestions").meta({
    title: "Screening question list id",
    description: "List API id of your screening-question library.",
  }),
  /** Career portal names (or ids) read as job postings. */
  portals: z
    .array(z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "portal names are letters, digits, - and _" }))
    .min(1)
    .default(["jobs"])
    .meta({
      title: "Career portals",
      description: "Names (or ids) of the career portals whose postings become job postings.",
    }),
  /** Login-group node ids whose members are users. */
  loginGroupIds: z.array(nonEmpty).default([]).meta({
    title: "Login group ids",
    description: "Login-group node ids whose members are synced as users.",
  }),
  /** Record GETs in flight at once. */
  maxConcurrency: z.number().int().min(1).max(32).default(8).meta({
    title: "Parallel requests",
    description: "Record requests atsync keeps in flight at once (1 to 32).",
  }),
});

/** Parsed iCIMS settings, defaults applied (see `IcimsSettingsSchema`). */
export type IcimsSettings = z.infer<typeof IcimsSettingsSchema>;

/** How the connector authenticates, resolved from the credentials. */
export type IcimsAuth =
  | { kind: "oauth"; clientId: string; clientSecret: string; tokenUrl: string; audience: string }
  | { kind: "basic"; username: string; password: string };

/** Where the connector talks to and how it authenticates, resolved from credentials and region. */
export interface IcimsEndpoints {
  /** `<api origin>/customers/<customerId>`: the prefix of every API path. */
  apiBase: string;
  /** Credentials to present. */
  auth: IcimsAuth;
}

/** Resolves the API base and the authentication of parsed credentials. */
export function resolveEndpoints(credentials: IcimsCredentials): IcimsEndpoints {
  const region = REGION_ENDPOINTS[credentials.region];
  const origin = (credentials.apiUrl ?? region.apiOrigin).replace(/\/+$/, "");
  const apiBase = `${origin}/customers/${credentials.customerId}`;
  if (credentials.username !== undefined && credentials.password !== undefined) {
    return {
      apiBase,
      auth: { kind: "basic", username: credentials.username, password: credentials.password },
    };
  }
  return {
    apiBase,
    auth: {
      kind: "oauth",
      clientId: credentials.clientId ?? "",
      clientSecret: credentials.clientSecret ?? "",
      tokenUrl: credentials.tokenUrl ?? region.tokenUrl,
      audience: credentials.audience ?? region.audience,
    },
  };
}
