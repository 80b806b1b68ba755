import { z } from "zod";

const nonEmpty = z.string().trim().min(1);
const httpUrl = z.url({ protocol: /^https?$/ });

/** Harvest v3's API base (REFERENCE §1). */
export const DEFAULT_API_URL = "https://harvest.greenhouse.io/v3";
/** Greenhouse's OAuth token endpoint (REFERENCE §1). */
export const DEFAULT_TOKEN_URL = "https://auth.greenhouse.io/token";

/**
 * What a host supplies to connect a Greenhouse account: the client id and secret of a
 * "Harvest V3 (OAuth)" API credential (client-credentials grant). `apiUrl` / `tokenUrl` override
 * Greenhouse's public endpoints (private endpoints, the simulator in tests).
 */
export const GreenhouseCredentialsSchema = z.object({
  /** OAuth 2.0 client id of the Harvest v3 credential. */
  clientId: nonEmpty.meta({
    title: "Client ID",
    description:
      "Client ID of a Harvest V3 (OAuth) API credential (Greenhouse Dev Center → API Credentials).",
  }),
  /** OAuth 2.0 client secret of the credential. Secret. */
  clientSecret: nonEmpty.meta({
    title: "Client secret",
    description: "Client secret shown once when the Harvest V3 (OAuth) credential was created.",
  }),
  /** API base overriding `https://harvest.greenhouse.io/v3`. */
  apiUrl: httpUrl.optional().meta({
    title: "API URL",
    description: "Only for a private Harvest endpoint; default https://harvest.greenhouse.io/v3.",
  }),
  /** Token endpoint overriding `https://auth.greenhouse.io/token`. */
  tokenUrl: httpUrl.optional().meta({
    title: "Token URL",
    description: "Only for a private token endpoint; default https://auth.greenhouse.io/token.",
  }),
});

/** Parsed Greenhouse credentials (see `GreenhouseCredentialsSchema`). */
export type GreenhouseCredentials = z.infer<typeof GreenhouseCredentialsSchema>;

/**
 * The Greenhouse connector's settings of an integration (`settings.connector`), all defaulted:
 * - `actingUserId`: the Greenhouse user id tokens act as (`sub`): writes are attributed to it and
 *   it needs the permissions the integration uses; unset, tokens act as the credential's service
 *   account (REFERENCE §1, decision 5).
 * - `perPage`: rows per list page (1–500, default 500, Harvest's maximum: fewest calls under the
 *   30-second rate windows).
 * - `appUrl`: origin of the Greenhouse web app the `remote_url`s point into (default
 *   `https://app.greenhouse.io`).
 */
export const GreenhouseSettingsSchema = z.strictObject({
  /** Numeric Greenhouse user id the tokens act as (`sub`); unset: the credential's service account. */
  actingUserId: z
    .string()
    .regex(/^[1-9]\d*$/, { error: "actingUserId must be a numeric Greenhouse user id" })
    .optional()
    .meta({
      title: "Acting user id",
      description:
        "Numeric id of the Greenhouse user the integration acts as (writes show as theirs; the user needs the permissions used). Leave empty for the credential's service account.",
    }),
  /** Rows per list page, 1–500. */
  perPage: z.number().int().min(1).max(500).default(500).meta({
    title: "Page size",
    description: "Records per Harvest list request (1–500; default 500).",
  }),
  /** Origin of the Greenhouse web app for `remote_url`. */
  appUrl: httpUrl.default("https://app.greenhouse.io").meta({
    title: "Greenhouse app URL",
    description:
      "Origin of your Greenhouse web app, for links to records (default https://app.greenhouse.io).",
  }),
});

/** Parsed Greenhouse settings (see `GreenhouseSettingsSchema`). */
export type GreenhouseSettings = z.infer<typeof GreenhouseSettingsSchema>;
