import type { HttpClient } from "../http.js";
import type { AccessTokens } from "./access-tokens.js";

/** Options of `withBearerAuth`. */
export interface BearerAuthOptions {
  /** The session's token cache. */
  tokens: AccessTokens;
  /**
   * Whether a request URL is the vendor API's (only those carry the token: a token request,
   * a file download or any other host never sees it).
   */
  isApiUrl(url: URL): boolean;
}

/**
 * Extends `http` (core's client: retries, quota, logging) so that every request to the vendor
 * API carries `Authorization: Bearer <token>` from `tokens` — synchronously from the cache on the
 * hot path — and a 401 answered to a bearer request renews the token once and re-sends the
 * request with the new one (a second 401 surfaces). Requests elsewhere are left untouched.
 */
export function withBearerAuth(http: HttpClient, options: BearerAuthOptions): HttpClient {
  const { tokens } = options;
  const applies = (url: URL | string | undefined): boolean => {
    if (url === undefined) return false;
    try {
      return options.isApiUrl(url instanceof URL ? url : new URL(url));
    } catch {
      return false;
    }
  };
  return http.extend({
    hooks: {
      beforeRequest: [
        (request) => {
          if (!applies(request.url)) return;
          const token = tokens.cached();
          if (token !== null) {
            request.headers["authorization"] = `Bearer ${token}`;
            return;
          }
          return tokens.current().then((fresh) => {
            request.headers["authorization"] = `Bearer ${fresh}`;
          });
        },
      ],
      afterResponse: [
        (response, retryWithMergedOptions) => {
          const sent = response.request.options.headers["authorization"];
          if (response.statusCode !== 401 || typeof sent !== "string" || !sent.startsWith("Bearer "))
            return response;
          if (!applies(response.request.options.url)) return response;
          if ((response.request.options.context as { bearerRenewed?: boolean }).bearerRenewed)
            return response;
          return tokens.replace(sent.slice("Bearer ".length)).then((fresh) =>
            retryWithMergedOptions({
              headers: { authorization: `Bearer ${fresh}` },
              context: { bearerRenewed: true },
            }),
          );
        },
      ],
    },
  });
}
