import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A search the proxy answers `{"searchResults":[]}` instead of forwarding. */
export interface BlankedSearch {
  /** Path suffix of the search, e.g. `/search/applicantworkflows`. */
  path: string;
  /** True for the request bodies (parsed JSON) to blank. */
  matches(body: unknown): boolean;
  /** How many matching searches in a row to blank (then it forwards again). */
  times: number;
}

/** A forwarding proxy in front of the simulator's API that blanks chosen searches (vendor glitches). */
export interface SearchGlitchProxy {
  /** Forwards to `origin` from now on and returns the proxy's origin (the connector's `apiUrl`). */
  via(origin: string): string;
  /** Blanks the next `times` searches matching `search`. */
  blank(search: BlankedSearch): void;
  /** How many searches were blanked so far. */
  blanked(): number;
  close(): Promise<void>;
}

/** The `<type>.id` ">" filter value of a search body (the page's lower bound), or null. */
export function idAfterOf(body: unknown): string | null {
  const filters =
    (body as { filters?: { name: string; operator?: string; value: string[] }[] })?.filters ?? [];
  return filters.find((f) => f.name.endsWith(".id") && f.operator === ">")?.value[0] ?? null;
}

/** Starts a proxy on loopback; it forwards every request to the origin given to `via`. */
export async function startSearchGlitchProxy(): Promise<SearchGlitchProxy> {
  let target = new URL("http://127.0.0.1:9");
  const pending: BlankedSearch[] = [];
  let blanked = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const glitch = pending.find((p) => {
        if (req.method !== "POST" || !path.endsWith(p.path)) return false;
        try {
          return p.matches(JSON.parse(body.toString("utf8")));
        } catch {
          return false;
        }
      });
      if (glitch) {
        blanked++;
        if (--glitch.times <= 0) pending.splice(pending.indexOf(glitch), 1);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ searchResults: [] }));
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    via: (origin) => {
      target = new URL(origin);
      return `http://127.0.0.1:${port}`;
    },
    blank: (search) => pending.push({ ...search }),
    blanked: () => blanked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
