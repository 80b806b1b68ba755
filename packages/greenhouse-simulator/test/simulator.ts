import { onTestFinished } from "vitest";
import type { GreenhouseSimulator, GreenhouseSimulatorOptions } from "../src/simulator.js";
import { createGreenhouseSimulator } from "../src/simulator.js";

/** Test support (not exported from the package): a small simulator plus an authenticated fetch. */
export interface TestSimulator {
  sim: GreenhouseSimulator;
  /** A fresh access token from the token endpoint. */
  token(): Promise<string>;
  /** Fetches `<baseUrl><path>` (or an absolute URL) with a bearer token; `json` is sent as a JSON body. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Follows `Link: rel="next"` from `path` to the end and returns every record. */
  all(path: string): Promise<({ id: number } & Record<string, unknown>)[]>;
}

/** Small, frozen-clock defaults; the simulator closes when the current test finishes. */
export async function startSimulator(options: GreenhouseSimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await createGreenhouseSimulator({
    jobs: 12,
    candidates: 150,
    applications: 300,
    users: 12,
    freezeClock: true,
    startTime: "2025-03-10T12:00:00Z",
    rateLimit: { limit: 100_000, windowS: 30 },
    ...options,
  });
  onTestFinished(() => sim.close());
  const token = async () => {
    const basic = Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString(
      "base64",
    );
    const res = await fetch(sim.tokenUrl, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const bearer = await token();
  const api: TestSimulator["api"] = (path, init = {}) => {
    const { json, headers, ...rest } = init;
    return fetch(path.startsWith("http") ? path : `${sim.baseUrl}${path}`, {
      ...rest,
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(json === undefined ? {} : { "Content-Type": "application/json" }),
        ...(headers as Record<string, string> | undefined),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  };
  const all: TestSimulator["all"] = async (path) => {
    const rows: ({ id: number } & Record<string, unknown>)[] = [];
    let next: string | undefined = path;
    while (next) {
      const res = await api(next);
      if (res.status !== 200) throw new Error(`${next}: ${res.status} ${await res.text()}`);
      rows.push(...((await res.json()) as ({ id: number } & Record<string, unknown>)[]));
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    return rows;
  };
  return { sim, token, api, all };
}

/** The `rel="next"` URL of an answer, if any. */
export const nextLink = (res: Response): string | undefined =>
  /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
