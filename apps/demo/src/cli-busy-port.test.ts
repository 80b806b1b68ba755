import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** A port this test holds, so the demo finds it busy. */
const holder = createServer();
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  port = (holder.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

describe("npm run demo on a busy port", () => {
  it("exits 1 within seconds with one line naming the port, before loading atsync or seeding the simulator", async () => {
    const env: Record<string, string | undefined> = { ...process.env };
    for (const name of Object.keys(env)) {
      if (/^(ATSYNC_|ICIMS_)/.test(name) || name === "DATABASE_URL") delete env[name];
    }
    const started = performance.now();
    const child = spawn("npm", ["run", "--silent", "start"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...env, HOST: "127.0.0.1", PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(1);
    // About 1.5 s through npm on a loaded 2-core machine (the port is checked before atsync, the
    // connectors and the simulators load); loading them first took 3–4 s, seeding first 13.7 s.
    expect(seconds).toBeLessThan(8);
    expect(stderr).toBe(
      `atsync demo: port 127.0.0.1:${port} is already in use (another demo running?); set PORT to a free port\n`,
    );
    // Nothing was started: no banner, no simulator.
    expect(stdout).toBe("");
  }, 30_000);
});
