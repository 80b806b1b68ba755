/**
 * Benchmark (not a test): upsert throughput of 100,000 application records through
 * `PostgresStorage.commitPage` (pages of 1,000: content-hash compare, tree propagation, change feed,
 * checkpoint and run counts in one transaction per page) against a plain `COPY` of the same stored
 * rows into the same table, a COPY per page interleaved with the pages of commitPage (so both run
 * under the same load of a shared machine), `--runs` times (default 5) in one process, each run in
 * a fresh schema with its own COPY baseline, after a short warm-up run that is not counted. Prints
 * records/s of both and their ratio per run; the ratio of all runs together (all COPY time over
 * all commitPage time), the median and the minimum against the target (≥ 0.7); how long page
 * validation and content hashing take in JavaScript; and writes `bench/results/postgres-upsert.json`.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/postgres/upsert.ts [--records N] [--page-size N] [--runs N]
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { RecordInput } from "@atsync/core";
import { toRecordInput } from "@atsync/core/connector";
import { contentHash, validatePageCommit } from "@atsync/core/storage";
import { sampleRemoteRecord } from "@atsync/core/testing";
import { createPostgresStorage } from "@atsync/storage-postgres";
import type { Pool, PoolClient } from "pg";
import { copyField, copyFrom } from "../../packages/storage-postgres/src/sql.js";
import { createPool, dropSchema, uniqueSchema } from "../../packages/storage-postgres/test/pg-helpers.js";
import { benchIntegration } from "../lib/harness.js";
import { percentile, printTable, round, withPostgres, writeResults } from "./common.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "100000" },
    "page-size": { type: "string", default: "1000" },
    runs: { type: "string", default: "5" },
  },
});
const total = Number(values.records);
const pageSize = Number(values["page-size"]);
const runs = Number(values.runs);
/** commitPage throughput over COPY's that the median and the minimum run must reach. */
const TARGET = 0.7;

/** Application `i` as the sync engine would commit it: references to 1 of 20,000 candidates, 500 jobs, 8 stages. */
function application(integrationId: string, i: number): RecordInput {
  const created = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
  return toRecordInput(
    integrationId,
    "applications",
    sampleRemoteRecord("applications", String(1_000_000 + i), {
      candidate_remote_id: String(i % 20_000),
      job_remote_id: String(i % 500),
      current_stage_remote_id: String(i % 8),
      outcome: i % 7 === 0 ? "HIRED" : "PENDING",
      remote_created_at: created,
      remote_updated_at: created,
      remote_url: `https://ats.example.com/applications/${i}`,
      remote_data: {
        id: String(1_000_000 + i),
        status: "New Submission",
        source: "Career Site",
        note: "n".repeat(300),
      },
    }),
  );
}

/** Timings of one run: commitPage of every record into a fresh schema and COPY of the same rows, page by page. */
interface Run {
  commitMs: number;
  copyMs: number;
  ratio: number;
}

/** One run in a schema of its own (created, migrated and dropped here), so every run starts alike. */
async function measureRun(pool: Pool, index: number, count = total): Promise<Run> {
  const storage = createPostgresStorage({ pool, schema: uniqueSchema(), encryptionKey: "0".repeat(64) });
  await storage.migrate();
  try {
    const [viaCommit, viaCopy] = [benchIntegration(), benchIntegration()];
    for (const i of [viaCommit, viaCopy]) await storage.integrations.create(i, { token: "bench" });
    const records = Array.from({ length: count }, (_, i) => application(viaCommit.id, i));
    const at = new Date().toISOString();

    // The baseline: the rows commitPage stores, as COPY text for the second integration (ids stay:
    // the key includes it), one COPY per page, interleaved with the pages of commitPage so both
    // sides run under the same load of the (shared) machine.
    const table = `"${storage.schema}".records`;
    const copySql = `COPY ${table} (integration_id, model, id, remote_id, hash, data, remote_data, changed_at, remote_deleted_at, tree_changed_at) FROM STDIN`;
    const copyPages: string[] = [];
    for (let i = 0; i < count; i += pageSize) {
      const lines = records
        .slice(i, i + pageSize)
        .map(({ remote_data, ...data }) =>
          [
            viaCopy.id,
            "applications",
            data.id,
            data.remote_id,
            contentHash(data),
            JSON.stringify(data),
            remote_data === null ? null : JSON.stringify(remote_data),
            at,
            null,
            at,
          ]
            .map(copyField)
            .join("\t"),
        );
      copyPages.push(`${lines.join("\n")}\n`);
    }
    let commitMs = 0;
    let copyMs = 0;
    const client: PoolClient = await pool.connect();
    try {
      for (let i = 0; i < count; i += pageSize) {
        let started = performance.now();
        await storage.commitPage({
          integrationId: viaCommit.id,
          model: "applications",
          records: records.slice(i, i + pageSize),
          checkpoint: { stream: "bench:applications", value: String(i) },
          at,
        });
        commitMs += performance.now() - started;
        started = performance.now();
        await copyFrom(client, copySql, [copyPages[i / pageSize] as string], () => {});
        copyMs += performance.now() - started;
      }
    } finally {
      client.release();
    }
    if (index === 1) checksMs = validationAndHashingMs(viaCommit.id, records);
    // Both integrations hold the same rows.
    const { rows } = await pool.query<{ n: number; digest: string }>(
      `SELECT count(*)::int AS n, md5(string_agg(id || hash || data::text || coalesce(remote_data::text, '')
         || changed_at::text || tree_changed_at::text, ',' ORDER BY id)) AS digest
       FROM ${table} WHERE integration_id = ANY($1::text[]) GROUP BY integration_id`,
      [[viaCommit.id, viaCopy.id]],
    );
    if (rows.length !== 2 || rows.some((r) => r.n !== count) || rows[0]?.digest !== rows[1]?.digest) {
      throw new Error(`COPY and commitPage stored different rows: ${JSON.stringify(rows)}`);
    }
    return { commitMs, copyMs, ratio: copyMs / commitMs };
  } finally {
    await storage.close();
    await dropSchema(pool, storage.schema);
  }
}

/** The JavaScript commitPage runs before its SQL can finish: page validation and content hashes. */
function validationAndHashingMs(integrationId: string, records: readonly RecordInput[]): number {
  const started = performance.now();
  for (let i = 0; i < total; i += pageSize) {
    const page = records.slice(i, i + pageSize);
    validatePageCommit({ integrationId, model: "applications", records: page, at: new Date().toISOString() });
    for (const record of page) contentHash(record);
  }
  return performance.now() - started;
}

const perSecond = (ms: number) => total / (ms / 1000);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
let checksMs = 0;

await withPostgres(async (url, server) => {
  const pool = createPool(url, 4);
  try {
    // A short run first, not counted, so both sides are measured with compiled code and a warm server.
    await measureRun(pool, 0, Math.min(total, 10 * pageSize));
    const results: Run[] = [];
    for (let i = 1; i <= runs; i++) results.push(await measureRun(pool, i));
    const ratios = results.map((r) => r.ratio);
    const median = percentile(ratios, 50);
    const min = Math.min(...ratios);
    // The five runs taken together: all COPY time over all commitPage time.
    const aggregate = sum(results.map((r) => r.copyMs)) / sum(results.map((r) => r.commitMs));
    printTable(`upsert of ${total} applications, commitPage (pages of ${pageSize}) vs COPY (${server})`, [
      ...results.map((r, i) => ({
        run: i + 1,
        "commitPage ms": round(r.commitMs),
        "commitPage records/s": round(perSecond(r.commitMs)),
        "COPY ms": round(r.copyMs),
        "COPY records/s": round(perSecond(r.copyMs)),
        "commitPage / COPY": round(r.ratio),
      })),
    ]);
    process.stdout.write(
      [
        "",
        `validation + hashing (JavaScript, run 1): ${round(checksMs)} ms`,
        `commitPage / COPY over ${runs} runs: all runs together ${round(aggregate)}, median ${round(median)}, min ${round(min)} (target >= ${TARGET})`,
        `target over the runs together and at the median: ${aggregate >= TARGET && median >= TARGET ? "met" : "missed"}; in every run: ${min >= TARGET ? "met" : "missed"}`,
        "",
      ].join("\n"),
    );
    await writeResults("postgres-upsert", {
      server,
      records: total,
      pageSize,
      runs: results,
      validationAndHashingMs: checksMs,
      aggregateRatio: aggregate,
      medianRatio: median,
      minRatio: min,
      target: TARGET,
    });
  } finally {
    await pool.end();
  }
});
