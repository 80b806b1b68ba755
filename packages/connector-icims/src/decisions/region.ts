/**
 * §13 decision "Region / hosts": the `region` setting selects both the OAuth login host and the
 * API host. EU tenants use `api-eu.icims.com`; Canada and the partner sandbox use `api.icims.com`.
 * The token path is `/oauth/token` on every login host; the audience is known for the US only
 * (the others are guesses, overridable through the credentials' `audience`).
 */

/** The iCIMS data centres a tenant can live in (`isv` = the partner sandbox). */
export const ICIMS_REGIONS = ["us", "eu", "ca", "isv"] as const;

/** One of `ICIMS_REGIONS`. */
export type IcimsRegion = (typeof ICIMS_REGIONS)[number];

/** Hosts and OAuth audience of one region. */
export interface RegionEndpoints {
  /** API origin, e.g. `https://api.icims.com`. */
  apiOrigin: string;
  /** OAuth client-credentials token endpoint. */
  tokenUrl: string;
  /** OAuth `audience` the token endpoint expects. */
  audience: string;
}

const US_AUDIENCE = "https://api.icims.com/v1/";

/** The endpoints of every region. */
export const REGION_ENDPOINTS: Readonly<Record<IcimsRegion, RegionEndpoints>> = {
  us: {
    apiOrigin: "https://api.icims.com",
    tokenUrl: "https://login.icims.com/oauth/token",
    audience: US_AUDIENCE,
  },
  eu: {
    apiOrigin: "https://api-eu.icims.com",
    tokenUrl: "https://login.icims.eu/oauth/token",
    audience: "https://api-eu.icims.com/v1/",
  },
  ca: {
    apiOrigin: "https://api.icims.com",
    tokenUrl: "https://login.icims.ca/oauth/token",
    audience: US_AUDIENCE,
  },
  isv: {
    apiOrigin: "https://api.icims.com",
    tokenUrl: "https://login-isv.icimsmco.net/oauth/token",
    audience: US_AUDIENCE,
  },
};
