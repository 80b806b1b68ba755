/**
 * Benchmark (not a test): the priority first sync of a large iCIMS tenant under a daily quota, on
 * the simulator's frozen clock (simulated days; docs/architecture.md, "Priority first sync").
 * Default: 100,000 applications, 40,000 people, 500 jobs, 10,000 calls a day. Prints what is
 * readable after the first day's quota (users, stages, jobs complete; the newest applications and
 * candidates: every record changed since the covered time is stored), the calls spent when the
 * newest 5,000 applications were readable, and the days the whole sync took against the
 * arithmetic minimum: ⌈calls of one unconstrained full sync of an identical tenant (same seed, no
 * quota problem, measured in the same run) / calls a day allows above the 5 % reserve⌉.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/first-sync/priority.ts [--applications N] [--people N] [--jobs N] [--quota N]
 */
import { parseArgs } from "node:util";
import { icimsConnector } from "@atsync/connector-icims";
import { createAtsync, type SyncRun, systemClock } from "@atsync/core";
import { candidateIds, createIcimsSimulator, type IcimsSimulator } from "@atsync/icims-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";
import { row, writeResult } from "../lib/harness.js";

const { values } = parseArgs({
  options: {
    applications: { type: "string", default: "100000" },
    people: { type: "string", default: "40000" },
    jobs: { type: "string", default: "500" },
    quota: { type: "string", default: "10000" },
  },
});
const tenant = {
  seed: 31,
  jobs: Number(values.jobs),
  people: Number(values.people),
  applications: Number(values.applications),
  freezeClock: true,
};
const quota = Number(values.quota);
const usable = quota - Math.ceil(quota * 0.05);
/** Applications the newest of which must be readable after the first day. */
const NEWEST = 5000;

/** An atsync on the simulator's clock with one iCIMS integration connected to it. */
async function connect(sim: IcimsSimulator) {
  const atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: "5".repeat(64) }),
    connectors: [icimsConnector],
    clock: { now: () => new Date(sim.state.now()), sleep: systemClock.sleep },
  });
  const integration = await atsync.integrations.connect({
    tool: "icims",
    credentials: sim.connectorCredentials,
    settings: { createdApplicationsOnly: false, connector: sim.connectorSettings },
  });
  const storedIds = async (
    model: "applications" | "candidates" | "jobs" | "users" | "application_stages",
  ) => {
    const ids = new Set<string>();
    for await (const page of atsync.storage.records.listRemoteIds(integration.id, model))
      for (const id of page) ids.add(id);
    return ids;
  };
  return { atsync, id: integration.id, storedIds };
}

/** Epoch ms of an iCIMS date (`yyyy-MM-dd hh:mm AM|PM`, UTC). */
function icimsTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) (AM|PM)$/.exec(text);
  if (!m) throw new Error(`not an iCIMS date: ${text}`);
  const hour = (Number(m[4]) % 12) + (m[6] === "PM" ? 12 : 0);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, Number(m[5]));
}

// The baseline: one unconstrained full sync of an identical tenant.
const baselineSim = await createIcimsSimulator({ ...tenant, dailyQuota: 100_000_000 });
const baseline = await connect(baselineSim);
const baselineStarted = performance.now();
const unconstrained = await baseline.atsync.sync.runNow(baseline.id, "full");
const baselineSeconds = (performance.now() - baselineStarted) / 1000;
const baselineCalls = baselineSim.state.quota().used;
await baseline.atsync.close();
await baselineSim.close();

// The priority first sync under the quota, one simulated day after another.
const sim = await createIcimsSimulator({ ...tenant, dailyQuota: quota });
const h = await connect(sim);
const truthApplications = new Set(sim.state.list("applicantworkflows").map((r) => String(r.id)));
const truthCandidates = new Set(candidateIds(sim.state).map(String));
let callsAtNewest: number | null = null;
h.atsync.events.on("sync-progress", ({ run }) => {
  if (callsAtNewest !== null || run.type !== "full") return;
  if ((run.progress.models.applications?.done ?? 0) >= NEWEST) callsAtNewest = sim.state.quota().used;
});
const callsPerDay: number[] = [];
let dayOne: Record<string, unknown> = {};
let last: SyncRun | null = null;
const started = performance.now();
for (let day = 1; day <= 400; day++) {
  last = await h.atsync.sync.runNow(h.id, "full");
  callsPerDay.push(sim.state.quota().used);
  if (day === 1) {
    const newestReadable = (
      model: "applications" | "candidates",
      truth: Set<string>,
      stored: Set<string>,
    ) => {
      const since = last?.progress.models[model]?.covered_since;
      if (typeof since !== "string")
        return { covered_since: since ?? null, changed_since: null, all_stored: null };
      const type = model === "applications" ? "applicantworkflows" : "people";
      const newer = sim.state
        .list(type)
        .filter((r) => truth.has(String(r.id)) && icimsTime(String(r["updateddate"])) >= Date.parse(since));
      return {
        covered_since: since,
        changed_since: newer.length,
        all_stored: newer.every((r) => stored.has(String(r.id))),
      };
    };
    const apps = await h.storedIds("applications");
    const cands = await h.storedIds("candidates");
    const jobs = await h.storedIds("jobs");
    const setup = (await h.atsync.integrations.get(h.id)).setup_status;
    dayOne = {
      status: last.status,
      setup_status: setup,
      jobs_complete: jobs.size === sim.state.list("jobs").length,
      users: (await h.storedIds("users")).size,
      stages: (await h.storedIds("application_stages")).size,
      applications_stored: apps.size,
      candidates_stored: cands.size,
      newest_applications: newestReadable("applications", truthApplications, apps),
      newest_candidates: newestReadable("candidates", truthCandidates, cands),
      calls_when_newest_readable: callsAtNewest,
    };
  }
  if (last.status !== "paused") break;
  sim.state.advance(sim.state.quota().resetSeconds * 1000);
}
const seconds = (performance.now() - started) / 1000;
const complete =
  (await h.storedIds("applications")).size === truthApplications.size &&
  (await h.storedIds("candidates")).size === truthCandidates.size;
await h.atsync.close();
await sim.close();

const calls = callsPerDay.reduce((a, b) => a + b, 0);
const days = callsPerDay.length;
const minimumDays = Math.ceil(baselineCalls / usable);
const result = {
  benchmark: "first-sync-priority",
  tenant,
  dailyQuota: quota,
  usablePerDay: usable,
  dayOne,
  days,
  minimumDays,
  ratio: Number((minimumDays / days).toFixed(3)),
  calls,
  baselineCalls,
  overheadCalls: calls - baselineCalls,
  finalStatus: last?.status ?? null,
  complete,
  unconstrainedStatus: unconstrained.status,
  seconds: Number(seconds.toFixed(1)),
  baselineSeconds: Number(baselineSeconds.toFixed(1)),
  node: process.version,
  at: new Date().toISOString(),
};
const newest = dayOne["newest_applications"] as {
  covered_since: string;
  changed_since: number;
  all_stored: boolean;
};
process.stdout.write(
  [
    `first-sync-priority: ${tenant.applications} applications, ${tenant.people} people, ${tenant.jobs} jobs; ${quota} calls/day`,
    row("day 1: status / setup", `${dayOne["status"]} / ${dayOne["setup_status"]}`),
    row(
      "day 1: users, stages, jobs complete",
      `${dayOne["users"]}, ${dayOne["stages"]}, ${dayOne["jobs_complete"]}`,
    ),
    row("day 1: applications stored", String(dayOne["applications_stored"])),
    row(
      "day 1: newest applications all stored",
      `${newest.changed_since} changed since ${newest.covered_since}: ${newest.all_stored} (target >= ${NEWEST})`,
    ),
    row(`calls when ${NEWEST} applications stored`, `${callsAtNewest ?? "never"} of ${usable} on day 1`),
    row("days to complete (minimum)", `${days} (${minimumDays}); ratio min/days ${result.ratio} (target 1)`),
    row("calls (unconstrained baseline)", `${calls} (${baselineCalls}), overhead ${calls - baselineCalls}`),
    row("complete / final status", `${complete} / ${result.finalStatus}`),
    row("seconds (baseline)", `${result.seconds} (${result.baselineSeconds})`),
    "",
  ].join("\n"),
);
await writeResult("first-sync-priority", result);
