import { AtsyncError, type Clock, type HttpCallContext, type HttpClient } from "@atsync/core/connector";
import { z } from "zod";

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

/** Lifetime assumed when the token answer has no `expires_in` (short, so a wrong guess costs little). */
const FALLBACK_LIFETIME_S = 300;
/** A token is renewed this long (at most) before it expires, so requests never race its expiry. */
const EXPIRY_MARGIN_MS = 60_000;
/** A token request changes nothing at iCIMS (a second one just issues another token): retryable. */
const TOKEN_REQUEST: HttpCallContext = { idempotent: true };

/** OAuth client-credentials parameters. */
export interface OAuthClient {
  /** Token endpoint (`https://<login host>/oauth/token`). */
  tokenUrl: string;
  /** Client id. */
  clientId: string;
  /** Client secret (sent in the form body only; never logged). */
  clientSecret: string;
  /** `audience` form field. */
  audience: string;
}

interface Token {
  value: string;
  /** When to stop using it: a margin (a tenth of its lifetime, at most a minute) before it expires. */
  renewAt: number;
}

/**
 * The session's OAuth access token: fetched with the client-credentials grant, cached until
 * shortly before `expires_in`, and renewed at most once at a time however many requests ask
 * (iCIMS throttles clients that request over 500 tokens in 10 minutes). Token requests go through
 * core's HTTP client (quota accounting; retried as idempotent calls after 5xx, dropped
 * connections and cut bodies); failures surface as got errors.
 */
export class OAuthTokens {
  private token: Token | null = null;
  private inflight: Promise<Token> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly client: OAuthClient,
  ) {}

  /** The cached token while it is valid (not about to expire), else null. */
  cached(): string | null {
    const token = this.token;
    return token && token.renewAt > this.clock.now().getTime() ? token.value : null;
  }

  /** A valid access token: the cached one, or a new one when it is missing or about to expire. */
  async current(): Promise<string> {
    return this.cached() ?? (await this.renew()).value;
  }

  /**
   * Called after iCIMS rejected `rejected` (401): renews the token unless another request already
   * did, and returns the token to retry with.
   */
  async replace(rejected: string): Promise<string> {
    if (this.token && this.token.value !== rejected) return this.token.value;
    this.token = null;
    return (await this.renew()).value;
  }

  private renew(): Promise<Token> {
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async fetch(): Promise<Token> {
    const { tokenUrl, clientId, clientSecret, audience } = this.client;
    const requestedAt = this.clock.now().getTime();
    const response = await this.http.post(tokenUrl, {
      form: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, audience },
      responseType: "json",
      context: TOKEN_REQUEST,
    });
    const parsed = TokenResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new AtsyncError(
        "REMOTE.UNKNOWN_HTTP_ERROR",
        "iCIMS token endpoint answered without an access_token",
      );
    }
    const lifetimeMs = (parsed.data.expires_in ?? FALLBACK_LIFETIME_S) * 1000;
    const token = {
      value: parsed.data.access_token,
      renewAt: requestedAt + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10),
    };
    this.token = token;
    return token;
  }
}
