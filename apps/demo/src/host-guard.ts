import type { FetchHandler } from "@atsync/core/http";

/**
 * The `Host` values a demo listening on `host`:`port` answers: `127.0.0.1`, `localhost`,
 * `[::1]` and the configured `host` (IPv6 in brackets), each with the port (and also without it
 * when the port is 80), lower-case.
 */
export function allowedHosts(host: string, port: number): ReadonlySet<string> {
  const names = ["127.0.0.1", "localhost", "[::1]", host.includes(":") ? `[${host}]` : host];
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`.toLowerCase());
    if (port === 80) hosts.add(name.toLowerCase());
  }
  return hosts;
}

/** A JSON error in Kombo's envelope (code null: these are not API errors). */
function refusal(status: number, title: string, message: string): Response {
  return Response.json(
    { status: "error", error: { code: null, title, message, log_url: null } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps the demo's handler so it answers only requests addressed to its own listen address: a
 * `Host` outside `hosts` (a DNS-rebinding page, a mistyped proxy) gets 421 and a write whose
 * `Origin` is not `http://` + one of `hosts` gets 403, both as JSON errors that carry nothing of
 * the page — the dashboard's HTML holds the API key and the simulator's credentials.
 */
export function guardHost(handler: FetchHandler, hosts: ReadonlySet<string>): FetchHandler {
  const listed = [...hosts].join(", ");
  return async (request) => {
    const host = request.headers.get("host")?.toLowerCase();
    if (host === undefined || !hosts.has(host)) {
      return refusal(
        421,
        "Misdirected request",
        `This demo answers only requests addressed to one of: ${listed}`,
      );
    }
    const origin = request.headers.get("origin");
    if (!SAFE_METHODS.has(request.method) && origin !== null) {
      const allowed = origin.toLowerCase().startsWith("http://") && hosts.has(origin.slice(7).toLowerCase());
      if (!allowed) {
        return refusal(403, "Forbidden", `Writes are accepted only from pages of http://${[...hosts][0]}/`);
      }
    }
    return handler(request);
  };
}
