import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** `npm run start` of this package (what the root `npm run demo` runs), with small sizes on a free port. */
let child: ChildProcess;
let stdout = "";
let stderr = "";
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

/** Resolves once stdout matches `pattern`; rejects when the process exits first or after `timeoutMs`. */
function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
      timeoutMs,
    );
    const check = () => {
      const match = stdout.match(pattern);
      if (match) done(null, match);
    };
    const onExit = () => done(new Error(`the demo exited early:\n${stdout}\n${stderr}`));
    const done = (error: Error | null, match?: RegExpMatchArray) => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(match as RegExpMatchArray);
    };
    child.stdout?.on("data", check);
    child.once("exit", onExit);
    check();
  });
}

/** The value printed after `label` on a banner line (`  API key       atsk_…`). */
function printed(label: string): string {
  const value = new RegExp(`^\\s+${label}\\s+(\\S+)$`, "m").exec(stdout)?.[1];
  expect(value, label).toBeDefined();
  return value as string;
}

/** The URL, method and headers of a printed curl command line (single-quoted words, -X, -H). */
function parseCurl(line: string): { url: string; method: string; headers: Record<string, string> } {
  const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
  expect(words[0]).toBe("curl");
  let url = "";
  let method = "GET";
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "-s") continue;
    if (word === "-X") method = words[++i] as string;
    else if (word === "-H") {
      const [name, ...value] = (words[++i] as string).split(":");
      headers[name as string] = value.join(":").trim();
    } else url = word;
  }
  return { url, method, headers };
}

beforeAll(async () => {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(ATSYNC_|ICIMS_)/.test(name) || name === "DATABASE_URL") delete env[name];
  }
  child = spawn("npm", ["run", "--silent", "start"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: {
      ...env,
      PORT: "0",
      ATSYNC_DEMO_JOBS: "30",
      ATSYNC_DEMO_PEOPLE: "200",
      ATSYNC_DEMO_APPLICATIONS: "400",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  await waitForOutput(/^Ready .* after start/m, 60_000);
}, 70_000);

afterAll(async () => {
  try {
    process.kill(-(child.pid as number), "SIGTERM");
  } catch {
    // The whole process group has exited already.
  }
  await exited;
});

describe("npm run demo", () => {
  it("prints the dashboard URL, the API key and the integration id, then the first sync", () => {
    expect(printed("Dashboard")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(printed("API key")).toMatch(/^atsk_\w{20,}$/);
    expect(printed("Integration")).toMatch(/^icims:\w{24}$/);
    expect(stdout).toMatch(/Connected to\s+iCIMS simulator .*30 jobs, 200 people, 400 applications/);
    expect(stdout).toMatch(/^First sync succeeded in [\d.]+ s .*400 applications/m);
  });

  it("answers both printed example calls like curl would", async () => {
    const calls = stdout.match(/^\s*curl .*$/gm) ?? [];
    expect(calls).toHaveLength(2);
    for (const line of calls) {
      const { url, method, headers } = parseCurl(line.trim());
      const response = await fetch(url, { method, headers });
      expect(response.status, line).toBe(200);
      const body = (await response.json()) as { status: string; data: { results: unknown[] } };
      expect(body.status).toBe("success");
      expect(body.data.results.length).toBeGreaterThan(0);
    }
  });

  it("serves the dashboard on the printed URL", async () => {
    const response = await fetch(printed("Dashboard"));
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("atsync demo");
  });

  it("prints the API key in the startup banner only, and never logs it", () => {
    const apiKey = printed("API key");
    const afterBanner = stdout.slice(stdout.indexOf("First sync"));
    expect(afterBanner).not.toContain(apiKey);
    expect(stderr).not.toContain(apiKey);
  });

  it("stops on Ctrl+C (SIGINT to the process group) without errors and frees its port", async () => {
    const url = printed("Dashboard");
    process.kill(-(child.pid as number), "SIGINT");
    await exited;
    await expect
      .poll(
        () =>
          fetch(url).then(
            () => "serving",
            () => "stopped",
          ),
        { timeout: 10_000 },
      )
      .toBe("stopped");
    expect(stderr).toBe("");
  });
});
