import { toRecordInput } from "@atsync/core/connector";
import type { ModelKey, StoredRecord, SyncRun } from "@atsync/core/storage";
import { FIXTURE_MODELS } from "@atsync/core/testing";
import { candidateIds, createIcimsSimulator, type IcimsSimulator } from "@atsync/icims-simulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type SlowVendor,
  type SyncCluster,
  type SyncWorker,
  startSlowVendor,
  startSyncCluster,
} from "../test/cluster.js";
import { INTERRUPTED_RUN_MESSAGE, type PostgresStorage } from "./index.js";

const INTEGRATIONS = 20;

/** Stored records of a model, all pages, without the storage-owned timestamps. */
async function stored(storage: PostgresStorage, integrationId: string, model: ModelKey) {
  const rows: StoredRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.records.list(integrationId, model, { page_size: 1000, cursor });
    rows.push(...page.results);
    cursor = page.next;
  } while (cursor);
  return rows.map(({ changed_at, remote_deleted_at, tree_changed_at, ...rest }) => rest);
}

/** `after` positions the vendor served more than once, over all models. */
function pagesReadAgain({ vendor }: SlowVendor): number {
  return FIXTURE_MODELS.reduce(
    (n, m) => n + vendor.pageRequests(m).length - new Set(vendor.pageRequests(m)).size,
    0,
  );
}

/** Kills -9 the first worker that has committed three pages of one run, mid-sync. */
function killOneWorkerMidSync(cluster: SyncCluster): Promise<SyncWorker> {
  const victim = new Promise<SyncWorker>((resolve) => {
    for (const worker of cluster.workers) {
      const pages = new Map<string, number>();
      worker.onProgress(({ runId }) => {
        pages.set(runId, (pages.get(runId) ?? 0) + 1);
        if (pages.get(runId) === 3) resolve(worker);
      });
    }
  });
  void victim.then((worker) => worker.kill());
  return victim;
}

/**
 * Runs of one integration (newest first) never overlap; the runs the kill interrupted are
 * `failed` and their job's next attempt (`<id>.2`) succeeded. Returns the interrupted runs.
 */
function expectSerialAndResumed(runsNewestFirst: readonly SyncRun[]): SyncRun[] {
  const history = [...runsNewestFirst].reverse();
  for (const [k, run] of history.entries()) {
    expect(run.finished_at, `run ${run.id} ended`).not.toBeNull();
    const next = history[k + 1];
    if (next)
      expect(Date.parse(next.started_at ?? "")).toBeGreaterThanOrEqual(Date.parse(run.finished_at ?? ""));
  }
  const killed = history.filter((r) => r.error?.message === INTERRUPTED_RUN_MESSAGE);
  for (const run of killed) {
    expect(run.status).toBe("failed");
    expect(history.find((r) => r.id === `${run.id}.2`)?.status).toBe("succeeded");
  }
  return killed;
}

describe("distributed sync: 3 worker processes, one database, 20 integrations", () => {
  let cluster: SyncCluster;
  let vendors: SlowVendor[];
  beforeAll(async () => {
    vendors = await Promise.all(
      Array.from({ length: INTEGRATIONS }, () =>
        startSlowVendor({ sizes: { candidates: 40, applications: 60 }, pageSize: 3 }, 10),
      ),
    );
    cluster = await startSyncCluster({
      databaseUrl: inject("databaseUrl"),
      workers: 3,
      concurrency: 2,
      tenants: vendors,
    });
  }, 200_000);
  afterAll(() => cluster?.close(), 120_000);

  it("syncs every integration, never one twice at once, resumes a killed worker's runs from their checkpoints", async () => {
    const victim = killOneWorkerMidSync(cluster);
    const ids = await cluster.connect();
    const killedWorker = await victim;
    const runs = await cluster.waitForFullSyncs(ids, 150_000);

    const interrupted: SyncRun[] = [];
    for (const [i, id] of ids.entries()) {
      const killed = expectSerialAndResumed(runs.get(id) ?? []);
      interrupted.push(...killed);
      const vendor = vendors[i] as SlowVendor;
      // At most the page in flight when the worker died is read again.
      expect(pagesReadAgain(vendor), `pages read again for ${id}`).toBeLessThanOrEqual(
        killed.length > 0 ? 1 : 0,
      );
      for (const model of FIXTURE_MODELS) {
        const truth = vendor.vendor
          .records(model)
          .map((r) => toRecordInput(id, model, r))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(await stored(cluster.storage, id, model), `${id} ${model}`).toEqual(truth);
      }
    }
    expect(interrupted.length, "runs interrupted by the kill").toBeGreaterThanOrEqual(1);
    const survivors = cluster.workers.filter((w) => w !== killedWorker);
    expect(await Promise.all(survivors.map((w) => w.stop())), "the others stop gracefully").toEqual([0, 0]);
  }, 200_000);
});

describe("distributed sync on the iCIMS simulator: 3 worker processes, 20 integrations", () => {
  let cluster: SyncCluster;
  let simulators: IcimsSimulator[];
  beforeAll(async () => {
    simulators = await Promise.all(
      Array.from({ length: INTEGRATIONS }, (_, i) =>
        createIcimsSimulator({
          seed: 100 + i,
          jobs: 4,
          people: 25,
          applications: 40,
          faults: { latencyMs: 5 },
        }),
      ),
    );
    const tenants = simulators.map((sim) => ({
      tool: "icims",
      credentials: sim.connectorCredentials,
      settings: sim.connectorSettings,
      close: () => sim.close(),
    }));
    cluster = await startSyncCluster({
      databaseUrl: inject("databaseUrl"),
      workers: 3,
      concurrency: 2,
      tenants,
    });
  }, 200_000);
  afterAll(() => cluster?.close(), 120_000);

  it("syncs every tenant to the simulator's truth, one run at a time, resuming a killed worker's runs", async () => {
    const victim = killOneWorkerMidSync(cluster);
    const ids = await cluster.connect();
    const killedWorker = await victim;
    const runs = await cluster.waitForFullSyncs(ids, 150_000);
    let interrupted = 0;
    for (const [i, id] of ids.entries()) {
      interrupted += expectSerialAndResumed(runs.get(id) ?? []).length;
      const sim = simulators[i] as IcimsSimulator;
      for (const [model, type] of [
        ["jobs", "jobs"],
        ["candidates", "people"],
        ["applications", "applicantworkflows"],
      ] as const) {
        const truth = (
          type === "people" ? candidateIds(sim.state) : sim.state.list(type).map((r) => r.id)
        ).map(String);
        const live = (await stored(cluster.storage, id, model)).map((r) => r.remote_id);
        expect(live.sort(), `${id} ${model}`).toEqual(truth.sort());
      }
    }
    expect(interrupted, "runs interrupted by the kill").toBeGreaterThanOrEqual(1);
    const survivors = cluster.workers.filter((w) => w !== killedWorker);
    expect(await Promise.all(survivors.map((w) => w.stop())), "the others stop gracefully").toEqual([0, 0]);
  }, 200_000);
});
