import { setMaxListeners } from "node:events";
import type { AccessTokens, ConnectorContext, HttpCallContext } from "@atsync/core/connector";
import { type Got, HTTPError, type OptionsInit, type Response } from "got";
import type { IcimsEndpoints } from "../credentials.js";
import { quotaExhaustedWaitMs } from "../decisions/quota-exhausted.js";
import { toIcimsError } from "./errors.js";
import { icimsTokens } from "./oauth-token.js";

/** Per-call options of `IcimsClient` methods. */
export interface CallOptions {
  /** Query parameters. */
  searchParams?: Record<string, string>;
  /** Aborts the call (combined with the integration's signal). */
  signal?: AbortSignal | undefined;
}

/** Body of a write: JSON, or a ready `FormData` (multipart uploads). */
export type WriteBody = { json: unknown } | { form: FormData };

/** A search: a POST that only reads, so core may repeat it after any transient failure. */
const SEARCH: HttpCallContext = { idempotent: true };

/**
 * The session's iCIMS HTTP client: one `got` instance extended from core's `ctx.http` (timeouts,
 * retries by idempotency honouring `Retry-After`, quota accounting, logging) that injects
 * authentication — Basic, or an OAuth bearer token renewed on expiry and after a 401 (one renewal
 * in flight at a time) — only into requests for the tenant's API base, and does not retry tightly
 * once the daily quota is exhausted. Reads and searches are idempotent, writes are not (see
 * `query`, `write`). Every failure is an `AtsyncError` (`toIcimsError`), except an abort, which
 * throws the signal's reason.
 */
export class IcimsClient {
  /** `<api origin>/customers/<customerId>`. */
  readonly base: string;
  private readonly got: Got;
  private readonly tokens: AccessTokens | null;
  private readonly basic: string | null;
  /** Each caller's signal combined with the integration's (see `withIntegrationSignal`). */
  private readonly combinedSignals = new WeakMap<AbortSignal, AbortSignal>();

  constructor(
    private readonly ctx: ConnectorContext,
    endpoints: IcimsEndpoints,
  ) {
    this.base = endpoints.apiBase;
    const { auth } = endpoints;
    this.tokens = auth.kind === "oauth" ? icimsTokens(ctx.http, ctx.clock, auth) : null;
    this.basic =
      auth.kind === "basic"
        ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`
        : null;
    const parentDelay = ctx.http.defaults.options.retry.calculateDelay;
    this.got = ctx.http.extend({
      retry: {
        calculateDelay: (info) => {
          const response = info.error.response;
          if (response && quotaExhaustedWaitMs(response.statusCode, response.headers) !== undefined) return 0;
          return parentDelay?.(info) ?? info.computedValue;
        },
      },
      hooks: {
        // Synchronous on the hot path (a cached token or Basic): these run for every attempt.
        beforeRequest: [
          (options) => {
            if (!this.isApiUrl(options.url)) return;
            const now = this.authorizationNow();
            if (now !== null) {
              options.headers["authorization"] = now;
              return;
            }
            return this.renewedAuthorization().then((header) => {
              options.headers["authorization"] = header;
            });
          },
        ],
        afterResponse: [
          (response, retryWithMergedOptions) => {
            const sent = response.request.options.headers["authorization"];
            if (response.statusCode !== 401 || !this.tokens || typeof sent !== "string") return response;
            if (!sent.startsWith("Bearer ")) return response;
            return this.tokens
              .replace(sent.slice("Bearer ".length))
              .then((fresh) => retryWithMergedOptions({ headers: { authorization: `Bearer ${fresh}` } }));
          },
        ],
      },
    });
  }

  /** The absolute URL of a path under the API base (`/jobs/1` → `<base>/jobs/1`). */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /**
   * GETs JSON at `path`. With `missingAsNull`, a 404 (iCIMS' answer for both "not found" and "no
   * access") resolves null instead of throwing.
   */
  async getJson(path: string, options: CallOptions & { missingAsNull?: boolean } = {}): Promise<unknown> {
    const response = await this.get(path, "json", options);
    return response === null ? null : response.body;
  }

  /** GETs bytes at `path` (file downloads); `missingAsNull` as for `getJson`. */
  getBinary(
    path: string,
    options: CallOptions & { missingAsNull?: boolean } = {},
  ): Promise<Response<Buffer> | null> {
    return this.get(path, "buffer", options);
  }

  /**
   * POSTs a JSON query (a search) and returns the JSON answer. Declared idempotent: retried after
   * 5xx, dropped connections, timeouts and bodies cut short, like a GET.
   */
  async query(path: string, json: unknown, options: CallOptions = {}): Promise<unknown> {
    try {
      const response = await this.got.post(this.url(path), {
        ...this.common(options),
        json,
        responseType: "json",
        context: SEARCH,
      });
      return response.body;
    } catch (error) {
      throw this.fail(error, options.signal);
    }
  }

  /**
   * Sends a write (POST creates, PATCH updates, multipart uploads) and returns the raw answer.
   * Not idempotent: core retries it only after a 429, which iCIMS answers before doing anything,
   * or when the connection failed before the request left; a retry after a 5xx or a dropped
   * connection could create a record twice.
   */
  async write(
    method: "POST" | "PATCH",
    path: string,
    body: WriteBody,
    options: CallOptions = {},
  ): Promise<Response<string>> {
    try {
      return await this.got(this.url(path), {
        ...this.common(options),
        method,
        ...("json" in body ? { json: body.json } : { body: body.form }),
      });
    } catch (error) {
      throw this.fail(error, options.signal);
    }
  }

  /**
   * Sends any request under the API base and resolves every answer, error statuses included
   * (passthrough, binary downloads). Not retried.
   */
  async raw(
    url: URL,
    options: Pick<OptionsInit, "method" | "headers" | "body" | "json">,
    signal?: AbortSignal,
  ): Promise<Response<Buffer>> {
    try {
      return await this.got(url, {
        ...options,
        ...this.common({ signal }),
        throwHttpErrors: false,
        retry: { limit: 0 },
        responseType: "buffer",
      });
    } catch (error) {
      throw this.fail(error, signal);
    }
  }

  private async get<T extends "json" | "buffer">(
    path: string,
    responseType: T,
    options: CallOptions & { missingAsNull?: boolean },
  ): Promise<Response<T extends "json" ? unknown : Buffer> | null> {
    try {
      return (await this.got(this.url(path), { ...this.common(options), responseType })) as Response<
        T extends "json" ? unknown : Buffer
      >;
    } catch (error) {
      if (options.missingAsNull && error instanceof HTTPError && error.response.statusCode === 404)
        return null;
      throw this.fail(error, options.signal);
    }
  }

  private common(options: CallOptions): { signal: AbortSignal; searchParams?: Record<string, string> } {
    return {
      signal: options.signal ? this.withIntegrationSignal(options.signal) : this.ctx.signal,
      ...(options.searchParams ? { searchParams: options.searchParams } : {}),
    };
  }

  /**
   * `signal` combined with the integration's: one combined signal per caller's signal, since a read
   * passes the same one to thousands of calls.
   */
  private withIntegrationSignal(signal: AbortSignal): AbortSignal {
    let combined = this.combinedSignals.get(signal);
    if (!combined) {
      combined = AbortSignal.any([this.ctx.signal, signal]);
      // Each call in flight listens to it (got removes its listener when the call ends): as many
      // listeners as calls in flight, which is no leak.
      setMaxListeners(0, combined);
      this.combinedSignals.set(signal, combined);
    }
    return combined;
  }

  private fail(error: unknown, signal: AbortSignal | undefined): unknown {
    return toIcimsError(error, {
      integrationId: this.ctx.integrationId,
      now: this.ctx.clock.now(),
      signal: signal?.aborted ? signal : this.ctx.signal,
    });
  }

  /** The Authorization header without waiting: Basic, or a cached valid token; null when a token is needed. */
  private authorizationNow(): string | null {
    if (this.basic !== null) return this.basic;
    const token = this.tokens?.cached();
    return token ? `Bearer ${token}` : null;
  }

  private async renewedAuthorization(): Promise<string> {
    return `Bearer ${await this.tokens?.current()}`;
  }

  private isApiUrl(url: URL | string | undefined): boolean {
    const href = url instanceof URL ? url.href : (url ?? "");
    return href === this.base || href.startsWith(`${this.base}/`) || href.startsWith(`${this.base}?`);
  }
}
