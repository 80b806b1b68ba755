/**
 * Realistic application records for the memory-storage benchmarks, produced as a sync produces
 * them: the iCIMS simulator (its CLI, in its own process) answers the iCIMS connector, whose
 * mapped records go through `toRecordInput` for the integration the benchmark stores them under.
 * Read once per size and seed, then cached as JSON lines under `bench/results/` (git-ignored).
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { RecordInput } from "@atsync/core";
import { toRecordInput } from "@atsync/core/connector";
import { openIcimsSession, startSimulatorProcess } from "../lib/harness.js";

/** The integration id the cached records' unified ids are derived for. */
export const BENCH_INTEGRATION_ID = "icims:bench-memory";

/** Simulator flags of a tenant with `applications` applications (the demo's proportions: 1 job per 50, 1 person per 2). */
export function tenantFlags(applications: number, seed: number): string[] {
  return [
    "--seed",
    String(seed),
    "--jobs",
    String(Math.max(20, Math.round(applications / 50))),
    "--people",
    String(Math.max(500, Math.round(applications / 2))),
    "--applications",
    String(applications),
  ];
}

/**
 * The path of a JSON-lines file of `applications` application `RecordInput`s (one per line),
 * reading them from a simulator first when no cached file exists.
 */
export async function applicationDataset(applications: number, seed: number): Promise<string> {
  const dir = new URL("../results/datasets/", import.meta.url);
  const file = new URL(`icims-applications-${applications}-seed${seed}.jsonl`, dir).pathname;
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const simulator = await startSimulatorProcess(tenantFlags(applications, seed));
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  try {
    const { session } = openIcimsSession(simulator.credentials, simulator.settings);
    let written = 0;
    for await (const page of session.read("applications")) {
      const lines = page.records.map((r) =>
        JSON.stringify(toRecordInput(BENCH_INTEGRATION_ID, "applications", r)),
      );
      written += lines.length;
      if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
    }
    if (written !== applications) throw new Error(`read ${written} applications, expected ${applications}`);
  } finally {
    simulator.stop();
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  await rename(partial, file);
  return file;
}

/** The first `limit` records of a dataset file, in pages of `pageSize`. */
export async function* datasetPages(
  file: string,
  limit: number,
  pageSize: number,
): AsyncGenerator<RecordInput[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let page: RecordInput[] = [];
  let seen = 0;
  for await (const line of lines) {
    if (line === "") continue;
    if (seen >= limit) break;
    page.push(JSON.parse(line) as RecordInput);
    seen += 1;
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  lines.close();
  if (page.length > 0) yield page;
  if (seen < limit) throw new Error(`${file} holds ${seen} records, fewer than ${limit}`);
}
