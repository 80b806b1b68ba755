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
  it("exits 1 with one line naming the port, before seeding the simulator", async () => {
    const env: Record<string, string | undefined> = { ...process.env };
    for (const name of Object.keys(env)) {
      if (/^(ATSYNC_|ICIMS_)/.test(name) || name === "DATABASE_URL") delete env[name];
    }
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
    expect(code).toBe(1);
    expect(stderr).toBe(
      `atsync demo: port 127.0.0.1:${port} is already in use (another demo running?); set PORT to a free port\n`,
    );
    // Nothing was started: no banner, no simulator.
    expect(stdout).toBe("");
  }, 30_000);
});
