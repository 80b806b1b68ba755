import { parseArgs } from "node:util";
import { createGreenhouseSimulator } from "./simulator.js";

const USAGE = `Usage: atsync-greenhouse-simulator [options]

Starts a local Greenhouse Harvest v3 simulator and prints one JSON line with url, baseUrl, tokenUrl,
clientId, clientSecret and serviceAccountUserId; serves until SIGINT/SIGTERM.

  --port N --host H                 listen port / address          [0 / 127.0.0.1]
  --seed N                          data and fault seed            [42]
  --jobs N --candidates N --applications N --users N               [30 / 1000 / 2000 / 25]
  --client-id S --client-secret S   accepted OAuth client          [derived from the seed]
  --token-ttl-s N                   access-token lifetime          [3600]
  --rate-limit N --rate-window-s N  requests per fixed window      [75 per 30]
  --start-time ISO --freeze-clock   simulated start / frozen clock [now / off]
  --latency-ms N --jitter-ms N --error-rate R --drop-rate R --malformed-rate R
  --spike-rate R --spike-ms N --empty-page-rate R --short-page-rate R
  --help                            print this text
`;

const NUMBERS = [
  "port",
  "seed",
  "jobs",
  "candidates",
  "applications",
  "users",
  "token-ttl-s",
  "rate-limit",
  "rate-window-s",
  "latency-ms",
  "jitter-ms",
  "error-rate",
  "drop-rate",
  "malformed-rate",
  "spike-rate",
  "spike-ms",
  "empty-page-rate",
  "short-page-rate",
] as const;

/** Runs the CLI with `argv` (without node and script). */
export async function runCli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(NUMBERS.map((name) => [name, { type: "string" as const }])),
      host: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "start-time": { type: "string" },
      "freeze-clock": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const n = (name: (typeof NUMBERS)[number]): number | undefined => {
    const text = (values as Record<string, unknown>)[name] as string | undefined;
    if (text === undefined) return undefined;
    const value = Number(text);
    if (Number.isNaN(value)) throw new RangeError(`--${name} needs a number, got ${text}`);
    return value;
  };
  const clientId = values["client-id"] as string | undefined;
  const clientSecret = values["client-secret"] as string | undefined;
  const limit = n("rate-limit");
  const windowS = n("rate-window-s");
  const sim = await createGreenhouseSimulator({
    port: n("port"),
    host: values.host as string | undefined,
    seed: n("seed"),
    jobs: n("jobs"),
    candidates: n("candidates"),
    applications: n("applications"),
    users: n("users"),
    tokenTtlS: n("token-ttl-s"),
    credentials: clientId && clientSecret ? { clientId, clientSecret } : undefined,
    rateLimit: limit || windowS ? { limit: limit ?? 75, windowS: windowS ?? 30 } : undefined,
    startTime: values["start-time"] as string | undefined,
    freezeClock: values["freeze-clock"] as boolean | undefined,
    faults: {
      latencyMs: n("latency-ms"),
      jitterMs: n("jitter-ms"),
      errorRate: n("error-rate"),
      dropRate: n("drop-rate"),
      malformedRate: n("malformed-rate"),
      spikeRate: n("spike-rate"),
      spikeMs: n("spike-ms"),
      emptyPageRate: n("empty-page-rate"),
      shortPageRate: n("short-page-rate"),
    },
  });
  process.stdout.write(
    `${JSON.stringify({
      url: sim.url,
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
      serviceAccountUserId: sim.serviceAccountUserId,
    })}\n`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
