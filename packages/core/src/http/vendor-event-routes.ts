import type { Atsync } from "../di/create-atsync.js";
import type { VendorEventDelivery } from "../vendor-events/receiver.js";
import { ok, pathParams } from "./api-routes.js";
import { json } from "./errors.js";
import { jsonBody, success } from "./openapi.js";
import type { RouteTable } from "./route-table.js";

const EventParams = pathParams("tool", "routing_key");

/** The documented body of an event: the vendor's JSON, as sent (gzip or not; validated by the connector). */
const EventBody = jsonBody({
  type: "object",
  description:
    "The vendor's event payload (iCIMS: eventType, customerId, systemId, …), gzip-compressed or plain",
});

/** The documented body of a token request (form or JSON). */
const tokenSchema = {
  type: "object" as const,
  required: ["grant_type"],
  properties: {
    grant_type: { type: "string" as const, const: "client_credentials" },
    client_id: { type: "string" as const },
    client_secret: { type: "string" as const },
  },
};
const TokenBody = {
  required: true,
  content: {
    "application/x-www-form-urlencoded": { schema: tokenSchema },
    "application/json": { schema: tokenSchema },
  },
};

/** The request as the receiver takes it: path parameters, method, URL, headers and the raw body. */
function deliveryOf(
  c: { req: { method: string; url: string; raw: Request }; get(key: "body"): unknown },
  params: { tool: string; routing_key: string },
): VendorEventDelivery {
  return {
    tool: params.tool,
    routingKey: params.routing_key,
    method: c.req.method,
    url: c.req.url,
    headers: c.req.raw.headers,
    body: c.get("body") as Uint8Array,
  };
}

/**
 * The vendor-event receiver (docs/architecture.md, decision 23), served without an API key: the
 * vendor authenticates as the integration's credentials configure. `POST
 * /vendor-events/{tool}/{routing_key}` takes one event (gzip or plain JSON) and answers 200 once it
 * is stored; `POST …/oauth/token` issues the bearer tokens of the `oauth` sender authentication.
 */
export function registerVendorEventRoutes(table: RouteTable, atsync: Atsync): void {
  table.define(
    {
      method: "post",
      path: "/vendor-events/{tool}/{routing_key}",
      summary: "Receive a vendor event notification",
      description:
        "One endpoint for every integration of a tool: the routing key is the integration id. The vendor authenticates with HMAC, Basic or a bearer token from the token endpoint, as the integration's credentials configure (401 otherwise). The body is the vendor's JSON, gzip-compressed or not. Answers 200 once the event is stored; a redelivery answers 200 with duplicate: true and changes nothing. The records it names are read again shortly after.",
      request: { params: EventParams, body: EventBody },
      responses: success(),
    },
    async (c) => {
      return ok(await atsync.vendorEvents.receive(deliveryOf(c, c.req.valid("param"))));
    },
    { auth: false, body: "raw" },
  );
  table.define(
    {
      method: "post",
      path: "/vendor-events/{tool}/{routing_key}/oauth/token",
      summary: "Issue a bearer token to a vendor sending events",
      description:
        "OAuth 2.0 client credentials grant (RFC 6749 §4.4) for integrations whose sender authentication is oauth: grant_type=client_credentials with client_id and client_secret in the body (form or JSON) or Basic authorization. Answers access_token, token_type and expires_in; wrong client credentials 401, another grant type 400 (in the API's error envelope).",
      request: { params: EventParams, body: TokenBody },
      responses: { 200: { description: "The token (RFC 6749 §5.1)" } },
    },
    async (c) => {
      const token = await atsync.vendorEvents.issueToken(deliveryOf(c, c.req.valid("param")));
      return json(200, token, { "cache-control": "no-store" });
    },
    { auth: false, body: "raw" },
  );
}
