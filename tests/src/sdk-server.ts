import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Atsync } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { Kombo } from "@kombo-api/sdk";

/** atsync's HTTP API on a free loopback port, with a fresh API key and Kombo's SDK pointed at it. */
export interface SdkServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The API base: `<origin>/v1`. */
  base: string;
  /** The API key created for this server. */
  key: string;
  /** Kombo's SDK on `base` with `key`, for the integration served. */
  kombo: Kombo;
  /** A request to `<base><path>` with the key, the integration header and a JSON content type. */
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** Closes the server and its connections. */
  close(): Promise<void>;
}

/** Serves `atsync`'s HTTP API (base path `/v1`) for one integration, as a Kombo customer reaches it. */
export async function serveSdk(atsync: Atsync, integrationId: string): Promise<SdkServer> {
  const key = (await atsync.apiKeys.create("sdk")).key;
  const server = createServer(toNodeListener(createHttpHandler({ atsync, basePath: "/v1" })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${origin}/v1`;
  return {
    origin,
    base,
    key,
    kombo: new Kombo({ api_key: key, integration_id: integrationId, server_url: base }),
    raw: (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${key}`,
          "x-integration-id": integrationId,
          "content-type": "application/json",
          ...init.headers,
        },
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
