import { AtsyncError, type HttpCallContext, type HttpClient, type IssuedToken } from "@atsync/core/connector";
import { z } from "zod";

const TokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

/** A token request changes nothing at Greenhouse (another one just issues another token): retryable. */
const TOKEN_REQUEST: HttpCallContext = { idempotent: true };

/** Where and as whom tokens are requested. */
export interface TokenClient {
  /** Token endpoint (`https://auth.greenhouse.io/token`). */
  tokenUrl: string;
  /** Client id. */
  clientId: string;
  /** Client secret (sent in the Basic header only; never logged). */
  clientSecret: string;
  /** Greenhouse user id the token acts as (`sub`), or undefined for the credential's service account. */
  actingUserId: string | undefined;
}

/**
 * Requests a Harvest v3 access token with the client-credentials grant (REFERENCE §1): HTTP
 * Basic `client_id:client_secret`, form `grant_type=client_credentials` and `sub` when an acting
 * user is configured. Goes through core's HTTP client (retried as idempotent); failures surface
 * as got errors, an answer without `access_token` as `REMOTE.UNKNOWN_HTTP_ERROR`.
 */
export async function requestToken(http: HttpClient, client: TokenClient): Promise<IssuedToken> {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64");
  const response = await http.post(client.tokenUrl, {
    headers: { authorization: `Basic ${basic}` },
    form: { grant_type: "client_credentials", ...(client.actingUserId ? { sub: client.actingUserId } : {}) },
    responseType: "json",
    context: TOKEN_REQUEST,
  });
  const parsed = TokenAnswerSchema.safeParse(response.body);
  if (!parsed.success)
    throw new AtsyncError(
      "REMOTE.UNKNOWN_HTTP_ERROR",
      "Greenhouse token endpoint answered without an access_token",
    );
  return { value: parsed.data.access_token, expiresInS: parsed.data.expires_in };
}
