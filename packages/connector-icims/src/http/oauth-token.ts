import {
  AccessTokens,
  AtsyncError,
  type Clock,
  type HttpCallContext,
  type HttpClient,
} from "@atsync/core/connector";
import { z } from "zod";

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

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

/**
 * The session's OAuth access tokens (core's `AccessTokens`: cached until shortly before
 * `expires_in`, at most one renewal in flight however many requests ask — iCIMS throttles
 * clients that request over 500 tokens in 10 minutes), issued with the client-credentials grant.
 * Token requests go through core's HTTP client (quota accounting; retried as idempotent calls
 * after 5xx, dropped connections and cut bodies); failures surface as got errors.
 */
export function icimsTokens(http: HttpClient, clock: Clock, client: OAuthClient): AccessTokens {
  return new AccessTokens({
    clock,
    issue: async () => {
      const { tokenUrl, clientId, clientSecret, audience } = client;
      const response = await http.post(tokenUrl, {
        form: {
          grant_type: "client_credentials",
          client_id: clientId,
          client_secret: clientSecret,
          audience,
        },
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
      return { value: parsed.data.access_token, expiresInS: parsed.data.expires_in };
    },
  });
}
