import { hmacSha256Hex, safeEqual, sha256Hex } from "../connector/kit/event-signing.js";
import type {
  SignedVendorRequest,
  VendorEventAuth,
  VendorEventsDefinition,
} from "../connector/vendor-events.js";

/** Lifetime of a bearer token the receiver's token endpoint issues, in seconds. */
export const EVENT_TOKEN_TTL_S = 3600;
const TOKEN_PREFIX = "atsev1";

/**
 * The key a bearer token of `integrationId` is signed with: derived from the integration's OAuth
 * client secret, so tokens need no storage, verify in any process and die with a new secret.
 */
function tokenKey(integrationId: string, auth: Extract<VendorEventAuth, { mode: "oauth" }>): string {
  return sha256Hex(
    `atsync vendor-event token\u0000${integrationId}\u0000${auth.clientId}\u0000${auth.clientSecret}`,
  );
}

/** A bearer token for the integration's sender, valid until `now` + `EVENT_TOKEN_TTL_S`. */
export function issueEventToken(
  integrationId: string,
  auth: Extract<VendorEventAuth, { mode: "oauth" }>,
  now: Date,
): string {
  const expires = Math.floor(now.getTime() / 1000) + EVENT_TOKEN_TTL_S;
  const signature = hmacSha256Hex(tokenKey(integrationId, auth), `${integrationId}.${expires}`);
  return `${TOKEN_PREFIX}.${expires}.${signature}`;
}

/** True when `token` was issued for the integration under its current client secret and has not expired. */
export function verifyEventToken(
  integrationId: string,
  auth: Extract<VendorEventAuth, { mode: "oauth" }>,
  token: string,
  now: Date,
): boolean {
  const match = /^atsev1\.(\d{1,12})\.([0-9a-f]{64})$/.exec(token);
  if (!match) return false;
  const expires = Number(match[1]);
  const expected = hmacSha256Hex(tokenKey(integrationId, auth), `${integrationId}.${expires}`);
  return safeEqual(match[2] as string, expected) && expires * 1000 > now.getTime();
}

/** The user and password of an `Authorization: Basic` header, or null. */
export function basicCredentials(header: string | null): { user: string; password: string } | null {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "")?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Whether a pushed request carries the sender authentication the integration configures:
 * Basic (user and password compared in constant time), a bearer token from the receiver's token
 * endpoint, or the connector's HMAC signature check.
 */
export function authenticateEvent(
  integrationId: string,
  auth: VendorEventAuth,
  request: SignedVendorRequest,
  events: VendorEventsDefinition<unknown>,
  now: Date,
): boolean {
  const header = request.headers.get("authorization");
  switch (auth.mode) {
    case "basic": {
      const presented = basicCredentials(header);
      if (!presented) return false;
      const user = safeEqual(presented.user, auth.username);
      return safeEqual(presented.password, auth.password) && user;
    }
    case "oauth": {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
      return token !== undefined && verifyEventToken(integrationId, auth, token, now);
    }
    case "hmac":
      return events.verifySignature?.(request, auth, now) ?? false;
  }
}
