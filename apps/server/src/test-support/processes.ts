import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUN_TS = fileURLToPath(new URL("../../../../scripts/run-ts.mjs", import.meta.url));
const BIN = fileURLToPath(new URL("../bin.ts", import.meta.url));

/** The command line running `atsync-server <mode>` from the TypeScript sources (no build needed). */
export function serverCommand(mode: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--conditions=@atsync/source", RUN_TS, BIN, mode] };
}

/** One JSON log line of the server (pino). */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A server process started by `spawnServer`. */
export interface ServerProcess {
  /** Its mode. */
  readonly mode: string;
  /** Where it listens, from its "atsync server started" line. */
  readonly url: string;
  /** Every JSON line it logged so far. */
  readonly lines: LogLine[];
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` and resolves with the exit code (null when a signal ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

/**
 * Spawns `atsync-server <mode>` from source with `env` (on this process's environment without its
 * `ATSYNC_*`, `DATABASE_URL`, `PORT` and `HOST`) and
 * resolves once it logged "atsync server started"; rejects with its output when it exits first
 * or `timeoutMs` passes.
 */
export async function spawnServer(
  mode: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServerProcess> {
  const { command, args } = serverCommand(mode);
  // Only `env` configures it: settings of the test run's own environment (turbo passes ATSYNC_*) stay out.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(ATSYNC_|DATABASE_URL$|PORT$|HOST$)/.test(name)),
  );
  const child: ChildProcess = spawn(command, args, {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  let stderr = "";
  let partial = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${mode} did not start within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} exited (${code}) before it started:\n${JSON.stringify(lines)}\n${stderr}`));
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      partial += chunk;
      const complete = partial.split("\n");
      partial = complete.pop() ?? "";
      for (const text of complete) {
        if (!text.trim()) continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        if (line.msg === "atsync server started") {
          clearTimeout(timer);
          resolve(line.url as string);
        }
      }
    });
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const url = await started;
  return {
    mode,
    url,
    lines,
    stderr: () => stderr,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}

/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key as string] = value as string;
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function sumOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}
