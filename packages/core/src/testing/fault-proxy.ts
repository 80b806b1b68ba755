import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectorFault } from "./connector-conformance.js";

/** How a vendor renders one injected fault: status, headers and body of the answer. */
export interface FaultAnswer {
  /** HTTP status. */
  status: number;
  /** Response headers (e.g. `Retry-After` for a rate limit). */
  headers: Record<string, string>;
  /** Response body, as the vendor would send it. */
  body: string;
}

/** A proxy in front of a vendor (a simulator) that answers the next request with an injected fault. */
export interface FaultProxy {
  /** The proxy's origin (`http://127.0.0.1:<port>`): point the connector's API and token URLs here. */
  url: string;
  /** The next request through the proxy gets `fault`, as `answer` renders it; later ones pass through. */
  inject(fault: ConnectorFault): void;
  /** Stops the proxy, closing open connections. */
  close(): Promise<void>;
}

/**
 * Starts a `FaultProxy` to `target` (an origin) for a connector's conformance vendor: requests
 * pass through unchanged except the one after `inject`, which gets `answer(fault)` without
 * reaching the vendor. `Link` headers naming `target` are rewritten to the proxy, so cursor paging
 * stays on it.
 */
export async function startFaultProxy(
  target: string,
  answer: (fault: ConnectorFault) => FaultAnswer,
): Promise<FaultProxy> {
  let pending: ConnectorFault | null = null;
  let origin = "";
  const server: Server = createServer((req, res) => {
    const fault = pending;
    pending = null;
    if (fault) {
      const faulted = answer(fault);
      req.resume();
      res.writeHead(faulted.status, faulted.headers).end(faulted.body);
      return;
    }
    const upstream = httpRequest(
      new URL(req.url ?? "/", target),
      { method: req.method, headers: req.headers },
      (up) => {
        const headers = { ...up.headers };
        if (typeof headers.link === "string") headers.link = headers.link.split(target).join(origin);
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    inject: (fault) => {
      pending = fault;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
