/**
 * Benchmark (not a test): upsert throughput of 100,000 application records through
 * `PostgresStorage.commitPage` (pages of 1,000: content-hash compare, tree propagation, change feed,
 * checkpoint and run counts in one transaction per page) against a plain `COPY` of the same stored
 * rows into the same table in the same run. Prints records/s of both and their ratio (target
 * ≥ 0.5), and how much of commitPage's time the page validation and content hashing take (the
 * JavaScript before any SQL), and writes `bench/results/postgres-upsert.json`.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/postgres/upsert.ts [--records N] [--page-size N]
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { IntegrationRecord, RecordInput } from "@atsync/core";
import { toRecordInput } from "@atsync/core/connector";
import { contentHash, newIntegrationId, validatePageCommit } from "@atsync/core/storage";
import { sampleRemoteRecord } from "@atsync/core/testing";
import { createPostgresStorage } from "@atsync/storage-postgres";
import type { Connection, PoolClient, Submittable } from "pg";
import { createPool, dropSchema, uniqueSchema } from "../../packages/storage-postgres/test/pg-helpers.js";
import { printTable, round, withPostgres, writeResults } from "./common.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "100000" },
    "page-size": { type: "string", default: "1000" },
  },
});
const total = Number(values.records);
const pageSize = Number(values["page-size"]);

/** The parts of pg's connection a COPY FROM STDIN needs (pg has them; its types do not list them). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** `COPY … FROM STDIN` of text-format `chunks` as a pg submittable (what pg-copy-streams does). */
class CopyFrom implements Submittable {
  readonly done: Promise<void>;
  private settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private failed = false;

  constructor(
    private readonly sql: string,
    private readonly chunks: readonly string[],
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: Connection): void {
    (connection as unknown as CopyConnection).query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(Buffer.from(chunk));
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.failed = true;
    this.settle?.reject(error);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.settle?.resolve();
  }
}

/** A value in COPY text format. */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(
    /[\\\t\n\r]/g,
    (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c] ?? c,
  );
}

function integration(): IntegrationRecord {
  const at = new Date().toISOString();
  return {
    id: newIntegrationId("fixture"),
    tool: "fixture",
    status: "ACTIVE",
    setup_status: "COMPLETED",
    end_user: { organization_name: "Bench", creator_email: null, origin_id: null },
    settings: {},
    created_at: at,
    updated_at: at,
  };
}

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

await withPostgres(async (url, server) => {
  const pool = createPool(url, 4);
  const storage = createPostgresStorage({ pool, schema: uniqueSchema(), encryptionKey: "0".repeat(64) });
  await storage.migrate();
  try {
    const [viaCommit, viaCopy] = [integration(), integration()];
    for (const i of [viaCommit, viaCopy]) await storage.integrations.create(i, { token: "bench" });
    const records = Array.from({ length: total }, (_, i) => application(viaCommit.id, i));
    const at = new Date().toISOString();

    let started = performance.now();
    for (let i = 0; i < total; i += pageSize) {
      await storage.commitPage({
        integrationId: viaCommit.id,
        model: "applications",
        records: records.slice(i, i + pageSize),
        checkpoint: { stream: "bench:applications", value: String(i) },
        at,
      });
    }
    const commitMs = performance.now() - started;

    // The share of commitPage spent in JavaScript before any SQL: page validation and content hashes.
    started = performance.now();
    for (let i = 0; i < total; i += pageSize) {
      const page = records.slice(i, i + pageSize);
      validatePageCommit({ integrationId: viaCommit.id, model: "applications", records: page, at });
      for (const record of page) contentHash(record);
    }
    const checksMs = performance.now() - started;

    // The same stored rows, as COPY text for the second integration (ids stay: the key includes it).
    const table = `"${storage.schema}".records`;
    const columns =
      "model, id, remote_id, hash, data, remote_data, changed_at, remote_deleted_at, tree_changed_at";
    const { rows } = await pool.query<Record<string, string | null>>(
      `SELECT model, id, remote_id, hash, data::text AS data, remote_data::text AS remote_data,
         changed_at::text AS changed_at, remote_deleted_at::text AS remote_deleted_at,
         tree_changed_at::text AS tree_changed_at
       FROM ${table} WHERE integration_id = $1`,
      [viaCommit.id],
    );
    const names = columns.split(", ");
    const chunks: string[] = [];
    for (let i = 0; i < rows.length; i += 1_000) {
      const lines = rows
        .slice(i, i + 1_000)
        .map((row) => [viaCopy.id, ...names.map((n) => row[n] ?? null)].map(copyField).join("\t"));
      chunks.push(`${lines.join("\n")}\n`);
    }
    const client: PoolClient = await pool.connect();
    try {
      started = performance.now();
      await client.query(new CopyFrom(`COPY ${table} (integration_id, ${columns}) FROM STDIN`, chunks)).done;
    } finally {
      client.release();
    }
    const copyMs = performance.now() - started;
    const copied = await pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE integration_id = $1`, [
      viaCopy.id,
    ]);
    if (copied.rows[0]?.n !== total)
      throw new Error(`COPY wrote ${copied.rows[0]?.n} rows, expected ${total}`);

    const perSecond = (ms: number) => total / (ms / 1000);
    const ratio = perSecond(commitMs) / perSecond(copyMs);
    printTable(`upsert of ${total} applications (${server})`, [
      {
        method: `commitPage, pages of ${pageSize}`,
        ms: round(commitMs),
        "records/s": round(perSecond(commitMs)),
      },
      { method: "  of which validation + hashing", ms: round(checksMs), "records/s": "" },
      { method: "COPY (same rows, same table)", ms: round(copyMs), "records/s": round(perSecond(copyMs)) },
    ]);
    process.stdout.write(`\ncommitPage / COPY = ${round(ratio)} (target >= 0.5)\n`);
    await writeResults("postgres-upsert", {
      server,
      records: total,
      pageSize,
      commitMs,
      validationAndHashingMs: checksMs,
      copyMs,
      commitPerSecond: perSecond(commitMs),
      copyPerSecond: perSecond(copyMs),
      ratio,
      target: 0.5,
    });
  } finally {
    await storage.close();
    await dropSchema(pool, storage.schema);
    await pool.end();
  }
});
