import { onTestFinished } from "vitest";
import type { IcimsSimulatorOptions } from "../src/options.js";
import type { IcimsSimulator } from "../src/simulator.js";
import { createIcimsSimulator } from "../src/simulator.js";

/** Test support (not exported from the package): a small simulator plus an authenticated fetch. */
export interface TestSimulator {
  sim: IcimsSimulator;
  /** `Authorization` header value (Basic). */
  auth: string;
  /** Fetches `<baseUrl><path>` with Basic auth; `json` is sent as an `application/json` body. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** `POST /search/{type}` (optionally with a query string) and returns the ids. */
  search(type: string, body: unknown, query?: string): Promise<number[]>;
}

/** Small, frozen-clock defaults for tests; the simulator is closed when the current test finishes. */
export async function startSimulator(options: IcimsSimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await createIcimsSimulator({
    jobs: 20,
    people: 200,
    applications: 500,
    extraKeysRate: 0,
    freezeClock: true,
    startTime: "2025-03-10T12:00:00Z",
    ...options,
  });
  onTestFinished(() => sim.close());
  const auth = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString("base64")}`;
  const api: TestSimulator["api"] = (path, init = {}) => {
    const { json, headers, ...rest } = init;
    return fetch(`${sim.baseUrl}${path}`, {
      ...rest,
      headers: {
        Authorization: auth,
        ...(json === undefined ? {} : { "Content-Type": "application/json" }),
        ...(headers as Record<string, string> | undefined),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  };
  const search: TestSimulator["search"] = async (type, body, query = "") => {
    const res = await api(`/search/${type}${query}`, { method: "POST", json: body });
    if (res.status !== 200) throw new Error(`search failed: ${res.status} ${await res.text()}`);
    const data = (await res.json()) as { searchResults: { id: number }[] };
    return data.searchResults.map((r) => r.id);
  };
  return { sim, auth, api, search };
}
