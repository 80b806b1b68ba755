import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SimClock } from "./clock.js";
import { ErrorCode, IcimsError } from "./errors.js";
import type { SimResponse } from "./http.js";
import { json, mediaType } from "./http.js";

/** Credentials the simulated tenant accepts. */
export interface IcimsSimulatorCredentials {
  /** OAuth 2.0 client id (client-credentials grant at `POST /oauth/token`). */
  clientId: string;
  /** OAuth 2.0 client secret. */
  clientSecret: string;
  /** Basic-auth username of the integration account. */
  username: string;
  /** Basic-auth password of the integration account. */
  password: string;
}

/** Token-endpoint abuse guard: more than `max` tokens within `windowS` seconds are refused with 429. */
export interface TokenRateLimit {
  /** Tokens allowed within the window. */
  max: number;
  /** Sliding window length in seconds (simulator clock). */
  windowS: number;
}

interface AuthConfig {
  credentials: IcimsSimulatorCredentials;
  audience: string;
  tokenTtlS: number;
  tokenRateLimit: TokenRateLimit;
  clock: SimClock;
}

const BAD_CREDENTIALS = "Invalid Username or Password credentials provided.";

const base64url = (value: string | Buffer): string => Buffer.from(value).toString("base64url");

const oauthError = (status: number, error: string, description: string): SimResponse =>
  json(status, { error, error_description: description }, { "Cache-Control": "no-store" });

/** OAuth client-credentials token endpoint plus Basic / Bearer checks for API calls. */
export class Auth {
  /** Signing key of access tokens; replaced by `expireTokens`. */
  private key = randomBytes(32);
  private issuedAt: number[] = [];

  constructor(private readonly config: AuthConfig) {}

  /** Handles `POST /oauth/token` (form-encoded client credentials) with OAuth-style error bodies. */
  token(contentType: string | undefined, body: Buffer): SimResponse {
    if (mediaType(contentType) !== "application/x-www-form-urlencoded") {
      return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    }
    const form = new URLSearchParams(body.toString("utf8"));
    if (form.get("grant_type") !== "client_credentials") {
      return oauthError(400, "unsupported_grant_type", "Only the client_credentials grant is supported");
    }
    const { credentials, audience, clock, tokenRateLimit } = this.config;
    if (
      form.get("client_id") !== credentials.clientId ||
      form.get("client_secret") !== credentials.clientSecret
    ) {
      return oauthError(401, "access_denied", "Unauthorized");
    }
    if (form.get("audience") !== audience) {
      return oauthError(403, "access_denied", `Service not found: ${form.get("audience") ?? ""}`);
    }
    const now = clock.now();
    this.issuedAt = this.issuedAt.filter((t) => t > now - tokenRateLimit.windowS * 1000);
    if (this.issuedAt.length >= tokenRateLimit.max) {
      return oauthError(429, "too_many_requests", "Too many token requests; cache and reuse access tokens");
    }
    this.issuedAt.push(now);
    const iat = Math.floor(now / 1000);
    const payload = {
      iss: "https://login.icims.simulator/",
      sub: `${credentials.clientId}@clients`,
      aud: audience,
      iat,
      exp: iat + this.config.tokenTtlS,
      azp: credentials.clientId,
      gty: "client-credentials",
    };
    const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
    return json(
      200,
      {
        access_token: `${unsigned}.${this.sign(unsigned)}`,
        token_type: "Bearer",
        expires_in: this.config.tokenTtlS,
      },
      { "Cache-Control": "no-store" },
    );
  }

  /**
   * Invalidates every access token issued so far (by changing the signing key): they get the same 401 as
   * an expired token. New tokens are issued normally; Basic auth is unaffected.
   */
  expireTokens(): void {
    this.key = randomBytes(32);
  }

  /** Accepts `Basic` (username/password) or a valid, unexpired `Bearer` token; throws 401 otherwise. */
  authenticate(header: string | undefined): void {
    const [scheme = "", value = ""] = (header ?? "").trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === "basic") {
      const { username, password } = this.config.credentials;
      if (Buffer.from(value, "base64").toString("utf8") === `${username}:${password}`) return;
    } else if (scheme.toLowerCase() === "bearer") {
      if (this.validToken(value)) return;
      throw new IcimsError(
        401,
        ErrorCode.INVALID_CREDENTIALS,
        "The access token is invalid or has expired.",
        undefined,
        {
          "WWW-Authenticate": 'Bearer error="invalid_token"',
        },
      );
    }
    throw new IcimsError(401, ErrorCode.INVALID_CREDENTIALS, BAD_CREDENTIALS);
  }

  private sign(unsigned: string): string {
    return createHmac("sha256", this.key).update(unsigned).digest("base64url");
  }

  private validToken(token: string): boolean {
    const [header, payload, signature] = token.split(".");
    if (!header || !payload || !signature) return false;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return false;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: number };
    return typeof claims.exp === "number" && claims.exp * 1000 > this.config.clock.now();
  }
}
