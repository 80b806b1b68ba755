import type { Clock } from "../../clock.js";

/** A freshly issued access token, as a connector's token request returns it. */
export interface IssuedToken {
  /** The token value sent as `Authorization: Bearer <value>`. */
  value: string;
  /** Lifetime in seconds from the moment it was requested (OAuth `expires_in`); undefined when the vendor did not say. */
  expiresInS: number | undefined;
}

/** Options of `AccessTokens`. */
export interface AccessTokensOptions {
  /** Time source (use the session's clock, so tests can drive expiry). */
  clock: Clock;
  /** Requests a new token from the vendor (client-credentials grant or similar); throws on failure. */
  issue(): Promise<IssuedToken>;
  /** Lifetime assumed when a token comes without one; default 300 s (short, so a wrong guess costs little). */
  fallbackLifetimeS?: number;
  /** Longest margin before expiry at which a token is renewed; default 60 s (at most a tenth of its lifetime). */
  expiryMarginMs?: number;
}

interface CachedToken {
  value: string;
  /** Epoch ms from which the token is no longer handed out. */
  renewAt: number;
}

/**
 * A session's bearer token cache: a token is reused until shortly before it expires, and however
 * many requests ask at once at most one renewal is in flight. After the vendor rejected a token
 * (401), `replace` renews it unless another request already did. Vendor-neutral: the connector
 * supplies the token request (`issue`).
 */
export class AccessTokens {
  private token: CachedToken | null = null;
  private inflight: Promise<CachedToken> | null = null;

  constructor(private readonly options: AccessTokensOptions) {}

  /** The cached token while it is valid (not about to expire), else null; never calls the vendor. */
  cached(): string | null {
    const token = this.token;
    return token && token.renewAt > this.options.clock.now().getTime() ? token.value : null;
  }

  /** A valid token: the cached one, or a new one when there is none or it is about to expire. */
  async current(): Promise<string> {
    return this.cached() ?? (await this.renew()).value;
  }

  /**
   * After the vendor rejected `rejected`: the token to retry with — the cached one when another
   * request already replaced `rejected`, else a newly issued one.
   */
  async replace(rejected: string): Promise<string> {
    if (this.token && this.token.value !== rejected) return this.token.value;
    this.token = null;
    return (await this.renew()).value;
  }

  private renew(): Promise<CachedToken> {
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async fetch(): Promise<CachedToken> {
    const requestedAt = this.options.clock.now().getTime();
    const issued = await this.options.issue();
    const lifetimeMs = (issued.expiresInS ?? this.options.fallbackLifetimeS ?? 300) * 1000;
    const margin = Math.min(this.options.expiryMarginMs ?? 60_000, lifetimeMs / 10);
    this.token = { value: issued.value, renewAt: requestedAt + lifetimeMs - margin };
    return this.token;
  }
}
