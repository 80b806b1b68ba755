import {
  AccessTokens,
  AtsyncError,
  type ConnectorContext,
  type HttpClient,
  type LinkPage,
  nextLinkUrl,
  withBearerAuth,
} from "@atsync/core/connector";
import type { OptionsInit, Response } from "got";
import { toGreenhouseError } from "./errors.js";
import { requestToken, type TokenClient } from "./token.js";

/** A Harvest record as the API renders it (a JSON object; fields are read leniently by the mappers). */
export type HarvestRow = Record<string, unknown>;

/** Endpoints and identity of one session. */
export interface HarvestEndpoints extends TokenClient {
  /** API base without a trailing slash (`https://harvest.greenhouse.io/v3`). */
  apiBase: string;
}

/**
 * The session's Harvest v3 client: core's `ctx.http` (timeouts, retries by idempotency honouring
 * `Retry-After`, quota accounting from `X-RateLimit-*`, logging) with a bearer token injected
 * only into requests under the API base, renewed before expiry and once after a 401. Every
 * failure is an `AtsyncError` (`toGreenhouseError`), except an abort, which throws the signal's
 * reason.
 */
export class HarvestClient {
  /** API base without a trailing slash. */
  readonly base: string;
  private readonly http: HttpClient;

  constructor(
    private readonly ctx: ConnectorContext,
    endpoints: HarvestEndpoints,
  ) {
    this.base = endpoints.apiBase.replace(/\/+$/, "");
    const tokens = new AccessTokens({ clock: ctx.clock, issue: () => requestToken(ctx.http, endpoints) });
    this.http = withBearerAuth(ctx.http, { tokens, isApiUrl: (url) => this.isApiUrl(url) });
  }

  /** The URL of a resource list with query parameters (`jobs`, `{per_page: "500"}`). */
  url(resource: string, params: Record<string, string> = {}): URL {
    const url = new URL(`${this.base}/${resource}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  /** True for URLs under the API base (the only ones that carry the token). */
  isApiUrl(url: URL): boolean {
    const href = url.href;
    return href === this.base || href.startsWith(`${this.base}/`) || href.startsWith(`${this.base}?`);
  }

  /**
   * GETs one list page: its rows (Harvest answers a bare JSON array) and its `rel="next"` link.
   * A body that is not an array is `REMOTE.UNKNOWN_HTTP_ERROR`; a next link leaving the API base
   * is refused the same way (it would not carry the token, and must not be followed blindly).
   */
  async page(url: URL, signal?: AbortSignal): Promise<LinkPage<HarvestRow>> {
    const response = await this.call(
      () => this.http.get(url, { ...this.signal(signal), responseType: "json" }),
      signal,
    );
    if (!Array.isArray(response.body))
      throw new AtsyncError(
        "REMOTE.UNKNOWN_HTTP_ERROR",
        `Greenhouse answered ${url.pathname} with a non-list body`,
      );
    const next = nextLinkUrl(response.headers.link, url);
    if (next !== null && !this.isApiUrl(next))
      throw new AtsyncError(
        "REMOTE.UNKNOWN_HTTP_ERROR",
        "Greenhouse linked a next page outside its API base",
      );
    const rows = (response.body as unknown[]).filter(
      (row): row is HarvestRow => typeof row === "object" && row !== null && !Array.isArray(row),
    );
    return { rows, next };
  }

  /**
   * Sends a JSON write (`POST /v3/candidates`, `/applications/{id}/move`, …) and returns the
   * answer's JSON (null for an empty body). Not idempotent: core retries it only after a 429,
   * which Harvest answers before doing anything, or when the connection never opened.
   */
  async write(
    method: "POST" | "PATCH" | "DELETE",
    path: string,
    json: unknown,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const response = await this.call(
      () =>
        this.http(`${this.base}${path}`, {
          ...this.signal(signal),
          method,
          ...(json === undefined ? {} : { json }),
          responseType: "text",
        }),
      signal,
    );
    const text = String(response.body ?? "");
    if (text.trim() === "") return null;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw toGreenhouseError(error, this.errorContext(signal));
    }
  }

  /**
   * Sends any request under the API base and resolves every answer, error statuses included
   * (passthrough). Not retried.
   */
  async raw(
    url: URL,
    options: Pick<OptionsInit, "method" | "headers" | "body" | "json">,
    signal?: AbortSignal,
  ): Promise<Response<Buffer>> {
    return this.call(
      () =>
        this.http(url, {
          ...options,
          ...this.signal(signal),
          throwHttpErrors: false,
          retry: { limit: 0 },
          responseType: "buffer",
        }),
      signal,
    );
  }

  private async call<T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toGreenhouseError(error, this.errorContext(signal));
    }
  }

  private errorContext(signal: AbortSignal | undefined) {
    return {
      integrationId: this.ctx.integrationId,
      now: this.ctx.clock.now(),
      signal: signal?.aborted ? signal : this.ctx.signal,
    };
  }

  private signal(signal: AbortSignal | undefined): { signal: AbortSignal } {
    return { signal: signal ? AbortSignal.any([this.ctx.signal, signal]) : this.ctx.signal };
  }
}
