import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { type Demo, startDemo } from "./demo.js";
import { allowedHosts } from "./host-guard.js";

let demo: Demo;
let port: number;

beforeAll(async () => {
  demo = await startDemo(
    loadConfig({
      PORT: "0",
      ATSYNC_DEMO_JOBS: "3",
      ATSYNC_DEMO_PEOPLE: "10",
      ATSYNC_DEMO_APPLICATIONS: "10",
      ATSYNC_LOG_LEVEL: "silent",
    }),
  );
  port = Number(new URL(demo.url).port);
}, 60_000);
afterAll(() => demo.close());

/** One request to the demo with the given Host (and headers); status, type and body. */
function send(
  host: string,
  options: { method?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path ?? "/",
        headers: { host, ...options.headers },
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => {
          body += c.toString();
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("the demo's Host and Origin checks", () => {
  it("serves the page (with the key) to its own addresses", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const answer = await send(host);
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain(demo.apiKey);
    }
  });

  it.each(["rebind.example:PORT", "127.0.0.1:1", "localhost", "evil.localhost:PORT"])(
    "answers Host %s with a 421 JSON error carrying no secret, on the page and the API",
    async (host) => {
      for (const path of ["/", "/v1/check-api-key", "/app.js"]) {
        const answer = await send(host.replace("PORT", String(port)), {
          path,
          headers: { authorization: `Bearer ${demo.apiKey}` },
        });
        expect(answer.status, path).toBe(421);
        expect(answer.type).toMatch(/application\/json/);
        expect(JSON.parse(answer.body).status).toBe("error");
        expect(answer.body).not.toContain(demo.apiKey);
        expect(answer.body).not.toContain(String(demo.tenant.simulator?.connectorCredentials.clientSecret));
      }
    },
  );

  it("refuses writes from a foreign Origin with 403 and takes them from its own page", async () => {
    const write = (origin: string) =>
      send(`127.0.0.1:${port}`, {
        method: "POST",
        path: "/v1/force-sync",
        headers: {
          origin,
          authorization: `Bearer ${demo.apiKey}`,
          "x-integration-id": demo.integrationId,
          "content-type": "application/json",
        },
      });
    const foreign = await write("http://rebind.example");
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).status).toBe("error");
    expect((await write("null")).status).toBe(403);
    expect((await write(`http://localhost:${port}`)).status).toBe(200);
  });

  it("lists the loopback names and the configured host, IPv6 in brackets", () => {
    expect([...allowedHosts("::1", 3000)]).toEqual(["127.0.0.1:3000", "localhost:3000", "[::1]:3000"]);
    expect(allowedHosts("demo.internal", 8080).has("demo.internal:8080")).toBe(true);
  });
});
