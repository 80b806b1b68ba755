import { randomBytes } from "node:crypto";
import { HarvestError } from "./errors.js";

/** The OAuth client the token endpoint accepts. */
export interface GreenhouseCredentials {
  /** Client ID (HTTP Basic user or `client_id` form field). */
  clientId: string;
  /** Client secret (HTTP Basic password or `client_secret` form field). */
  clientSecret: string;
}

/** The OAuth error answer of the token endpoint (RFC 6749 §5.2). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

interface IssuedToken {
  /** Simulator time (ms) after which the token is expired. */
  expiresAt: number;
  /** User the token acts as. */
  userId: number;
}

/** Every scope the simulator serves (granted to every token; nothing is enforced). */
export const SCOPES: readonly string[] = [
  "harvest:jobs:list",
  "harvest:job_interview_stages:list",
  "harvest:job_posts:list",
  "harvest:candidates:list",
  "harvest:candidates:create",
  "harvest:applications:list",
  "harvest:applications:create",
  "harvest:applications:move",
  "harvest:applications:reject",
  "harvest:applications:unreject",
  "harvest:rejection_details:list",
  "harvest:rejection_reasons:list",
  "harvest:users:list",
  "harvest:departments:list",
  "harvest:offices:list",
  "harvest:sources:list",
  "harvest:candidate_tags:list",
  "harvest:applied_candidate_tags:list",
  "harvest:applied_candidate_tags:create",
  "harvest:applied_candidate_tags:destroy",
  "harvest:interviews:list",
  "harvest:offers:list",
  "harvest:notes:list",
  "harvest:notes:create",
  "harvest:attachments:list",
  "harvest:attachments:create",
  "harvest:custom_fields:list",
  "harvest:custom_field_options:list",
];

/** Issues and checks bearer tokens on the simulator clock. */
export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly credentials: GreenhouseCredentials,
    private readonly ttlS: number,
    private readonly now: () => number,
    /** Whether `sub` names an existing, active user. */
    private readonly isActiveUser: (id: number) => boolean,
    private readonly serviceAccountId: number,
  ) {}

  /** Answers `POST /token` (form body already parsed); throws OAuthError. */
  issue(authorization: string | undefined, form: URLSearchParams): Record<string, unknown> {
    let clientId = form.get("client_id") ?? undefined;
    let clientSecret = form.get("client_secret") ?? undefined;
    if (authorization?.startsWith("Basic ")) {
      const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      clientId = decoded.slice(0, colon < 0 ? undefined : colon);
      clientSecret = colon < 0 ? "" : decoded.slice(colon + 1);
    }
    if (clientId !== this.credentials.clientId || clientSecret !== this.credentials.clientSecret) {
      throw new OAuthError(401, "invalid_client", "Client authentication failed.");
    }
    const grant = form.get("grant_type");
    if (grant !== "client_credentials") {
      throw new OAuthError(
        400,
        grant ? "unsupported_grant_type" : "invalid_request",
        "grant_type must be client_credentials.",
      );
    }
    const sub = form.get("sub");
    let userId = this.serviceAccountId;
    if (sub !== null) {
      userId = Number(sub);
      if (!(/^\d+$/.test(sub) && this.isActiveUser(userId))) {
        throw new OAuthError(400, "invalid_request", "sub must be the id of an active user.");
      }
    }
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, { expiresAt: this.now() + this.ttlS * 1000, userId });
    return { access_token: token, token_type: "Bearer", expires_in: this.ttlS, scope: SCOPES.join(" ") };
  }

  /** The user a valid bearer header acts as; throws a 401 HarvestError otherwise. */
  authenticate(authorization: string | undefined): number {
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
    const issued = token === undefined ? undefined : this.tokens.get(token);
    if (!issued || this.now() >= issued.expiresAt) {
      throw new HarvestError(401, "Unauthorized", { "WWW-Authenticate": 'Bearer error="invalid_token"' });
    }
    return issued.userId;
  }

  /** Expires every token issued so far. */
  expireAll(): void {
    for (const issued of this.tokens.values()) issued.expiresAt = 0;
  }
}
