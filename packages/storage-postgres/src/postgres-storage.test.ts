import {
  EMPTY_PROGRESS,
  hashApiKey,
  type IntegrationRecord,
  isAtsyncError,
  newIntegrationId,
  type RecordFilter,
  type RecordInput,
} from "@atsync/core/storage";
import { describeStorageConformance, sampleRecord } from "@atsync/core/testing";
import type { Pool } from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropSchema, freshStorage, TEST_KEY, testPool, uniqueSchema } from "../test/database.js";
import { createPostgresStorage, type PostgresStorage } from "./index.js";

const pool = testPool();
afterAll(() => pool.end());

// Every test gets its own schema, dropped after it: test files and tests never share tables.
describeStorageConformance("postgres", {
  create: async () => {
    const storage = await freshStorage(pool);
    return { storage, dumpAtRest: () => storage.dumpAtRest() };
  },
  destroy: async ({ storage }) => {
    await storage.close();
    await dropSchema(pool, (storage as PostgresStorage).schema);
  },
});

const T0 = "2026-01-01T00:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const integration = (id: string): IntegrationRecord => ({
  id,
  tool: "fixture",
  status: "ACTIVE",
  setup_status: "INCOMPLETE",
  end_user: { organization_name: "Acme", creator_email: null, origin_id: null },
  settings: {},
  created_at: T0,
  updated_at: T0,
});
const candidates = (
  integrationId: string,
  n: number,
  prefix = "c",
  overrides: Record<string, unknown> = {},
) =>
  Array.from({ length: n }, (_, i) => sampleRecord(integrationId, "candidates", `${prefix}${i}`, overrides));

/** A storage on `schema` over a pool of one connection that logs the text of every statement it sends. */
function loggingStorage(schema: string): { pool: Pool; statements: string[]; storage: PostgresStorage } {
  const logged = testPool(1);
  const statements: string[] = [];
  logged.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements.push(String(typeof args[0] === "string" ? args[0] : (args[0] as { text: string }).text));
      return query(...args);
    };
  });
  return {
    pool: logged,
    statements,
    storage: createPostgresStorage({ pool: logged, schema, encryptionKey: TEST_KEY }),
  };
}

describe("postgres storage", () => {
  let storage: PostgresStorage;
  let A: string;
  const commit = (records: RecordInput[], minutes = 0) =>
    storage.commitPage({ integrationId: A, model: "candidates", records, at: at(minutes) });

  beforeEach(async () => {
    storage = await freshStorage(pool);
    A = newIntegrationId("fixture");
    await storage.integrations.create(integration(A), { token: "t" });
  });
  afterEach(async () => {
    await storage.close();
    await dropSchema(pool, storage.schema);
  });

  describe("migrations", () => {
    it("applies each migration once, also when two pools migrate one schema at the same time", async () => {
      const schema = uniqueSchema();
      const other = testPool(2);
      try {
        const [a, b] = [pool, other].map((p) =>
          createPostgresStorage({ pool: p, schema, encryptionKey: TEST_KEY }),
        );
        const applied = await Promise.all([a?.migrate(), b?.migrate()]);
        expect(applied.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(await a?.migrate()).toEqual([]);
        const versions = await pool.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY 1`);
        expect(versions.rows).toEqual([
          { version: 1 },
          { version: 2 },
          { version: 3 },
          { version: 4 },
          { version: 5 },
          { version: 6 },
          { version: 7 },
        ]);
      } finally {
        await other.end();
        await dropSchema(pool, schema);
      }
    });

    it("rewrites API keys stored as bare sha256 digests (before migration 2) as keyed hashes that keep working", async () => {
      const key = "atsk_legacyKeyFromBeforeMigration2";
      const digest = hashApiKey(key);
      await pool.query(
        `INSERT INTO "${storage.schema}".api_keys (id, name, hash, hash_scheme, prefix, created_at)
         VALUES ('old', 'legacy', $1, 'sha256', 'atsk_leg', now())`,
        [digest],
      );
      expect(await storage.apiKeys.findByDigest(digest)).toBeNull();
      await storage.migrate();
      expect((await storage.apiKeys.findByDigest(digest))?.id).toBe("old");
      expect(await storage.dumpAtRest()).not.toContain(digest);
    });

    it("gives runs stored without a progress (before migration 6) an empty one", async () => {
      await pool.query(
        `INSERT INTO "${storage.schema}".sync_runs (integration_id, id, type, status, counts, api_calls, created_at)
         VALUES ($1, 'old', 'full', 'succeeded', '{}', 7, now())`,
        [A],
      );
      expect((await storage.syncState.getRun(A, "old"))?.progress).toEqual(EMPTY_PROGRESS);
    });

    it("rejects a schema name that is not a plain lower-case identifier", () => {
      expect(() => createPostgresStorage({ pool, schema: 'x"; DROP', encryptionKey: TEST_KEY })).toThrow(
        /schema/,
      );
    });
  });

  describe("transactions", () => {
    it("leaves nothing behind when a commit fails after its upsert", async () => {
      await commit(candidates(A, 2));
      await storage.syncState.createRun({
        id: "r1",
        integration_id: A,
        type: "full",
        status: "running",
        counts: {},
        api_calls: 0,
        current_model: null,
        progress: EMPTY_PROGRESS,
        started_at: null,
        finished_at: null,
        error: null,
        created_at: T0,
      });
      const before = await storage.records.list(A, "candidates", { page_size: 10, include_deleted: true });
      const feed = await storage.changeFeed.changesSince(A, null);
      // The feed insert comes after the upsert, deletions and propagation: make it fail.
      const schema = storage.schema;
      await pool.query(`
        CREATE FUNCTION "${schema}".fail() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'injected failure'; END $$;
        CREATE TRIGGER fail BEFORE INSERT ON "${schema}".change_feed FOR EACH ROW EXECUTE FUNCTION "${schema}".fail();`);
      const failed = storage.commitPage({
        integrationId: A,
        model: "candidates",
        records: [...candidates(A, 1, "c", { first_name: "Changed" }), ...candidates(A, 3, "new")],
        deletions: [sampleRecord(A, "candidates", "c1").id],
        checkpoint: { stream: "full:candidates", value: "p2" },
        runId: "r1",
        at: at(5),
      });
      await expect(failed).rejects.toThrow(/injected failure/);
      expect(await storage.records.list(A, "candidates", { page_size: 10, include_deleted: true })).toEqual(
        before,
      );
      expect(await storage.changeFeed.changesSince(A, null)).toEqual(feed);
      expect(await storage.syncState.getCheckpoint(A, "full:candidates")).toBeNull();
      expect((await storage.syncState.getRun(A, "r1"))?.counts).toEqual({});
    });

    it("writes concurrent commits of one integration to the feed in commit order", async () => {
      const commits = Array.from({ length: 6 }, (_, i) => commit(candidates(A, 150, `p${i}-`), i));
      // A reader polling the feed meanwhile must never skip an entry that shows up later.
      const polled: string[] = [];
      let cursor: string | null = null;
      let done = false;
      const poller = (async () => {
        while (!done) {
          const page = await storage.changeFeed.changesSince(A, cursor, 10_000);
          polled.push(...page.entries.map((e) => e.cursor));
          cursor = page.cursor;
        }
      })();
      const results = await Promise.all(commits);
      done = true;
      await poller;
      const rest = await storage.changeFeed.changesSince(A, cursor, 10_000);
      polled.push(...rest.entries.map((e) => e.cursor));

      const all = (await storage.changeFeed.changesSince(A, null, 10_000)).entries.map((e) => e.cursor);
      expect(all).toHaveLength(900);
      expect(polled).toEqual(all);
      // Each commit's entries are one contiguous run of the feed.
      const blocks = results
        .map((r) => r.changes.map((c) => c.cursor))
        .sort((x, y) => all.indexOf(x[0] as string) - all.indexOf(y[0] as string));
      expect(blocks.flat()).toEqual(all);
    });

    it("writes a page's records in one statement per kind (COPY of new ones, UPDATE of stored ones), whatever its size", async () => {
      const { pool: counted, statements, storage: counting } = loggingStorage(storage.schema);
      try {
        const statementsFor = async (n: number, prefix: string, fields: Record<string, unknown> = {}) => {
          statements.length = 0;
          await counting.commitPage({
            integrationId: A,
            model: "candidates",
            records: candidates(A, n, prefix, fields),
            at: T0,
          });
          // A young records table is re-analysed as it doubles (planner statistics): not page work.
          return statements.filter((s) => !/^\s*ANALYZE\b/i.test(s));
        };
        const small = await statementsFor(5, "s");
        const large = await statementsFor(2000, "l");
        const writes = (list: string[], pattern: RegExp) => list.filter((s) => pattern.test(s));
        expect(writes(large, /^COPY \S+\.records/)).toHaveLength(1);
        expect(writes(large, /(INSERT INTO|UPDATE) \S+\.records\b/)).toEqual([]);
        expect(large).toHaveLength(small.length);
        expect(await storage.records.count(A, "candidates")).toBe(2005);
        // Stored again, changed: one UPDATE, no COPY, as many statements as for a small page. (The
        // first of them, after pages of only new records, tries them as new first: see "copied pages".)
        await statementsFor(5, "s", { first_name: "Changed" });
        const largeAgain = await statementsFor(2000, "l", { first_name: "Changed" });
        const smallAgain = await statementsFor(5, "s", { first_name: "Changed again" });
        expect(writes(largeAgain, /UPDATE \S+\.records AS r SET\s+hash/)).toHaveLength(1);
        expect(writes(largeAgain, /^COPY /)).toEqual([]);
        expect(largeAgain).toHaveLength(smallAgain.length);
        expect(await storage.records.count(A, "candidates")).toBe(2005);
      } finally {
        await counted.end();
      }
    });
  });

  describe("copied pages", () => {
    /** A storage on a pool of one connection, so every commit reuses the connection of the one before. */
    const onOneConnection = async <T>(body: (s: PostgresStorage) => Promise<T>): Promise<T> => {
      const single = testPool(1);
      try {
        return await body(
          createPostgresStorage({ pool: single, schema: storage.schema, encryptionKey: TEST_KEY }),
        );
      } finally {
        await single.end();
      }
    };

    it("rejects a page that fails validation while its new records are copied, writing nothing, and the connection stays usable", async () => {
      await onOneConnection(async (s) => {
        const records = candidates(A, 600, "v");
        // One wrong id past the first COPY chunks, one duplicate id: both reported, nothing stored.
        records[450] = { ...(records[450] as RecordInput), id: "not-the-unified-id" };
        records[599] = records[10] as RecordInput;
        const error = await s
          .commitPage({ integrationId: A, model: "candidates", records, at: T0 })
          .catch((e: unknown) => e);
        expect(isAtsyncError(error) && error.code).toBe("PLATFORM.INPUT_INVALID");
        expect((error as Error).message).toMatch(/records\.450\.id/);
        expect((error as Error).message).toMatch(/records\.599\.id: duplicate id/);
        expect(await s.records.count(A, "candidates")).toBe(0);
        const ok = await s.commitPage({
          integrationId: A,
          model: "candidates",
          records: candidates(A, 3),
          at: T0,
        });
        expect(ok.inserted).toBe(3);
      });
    });

    it("reports an invalid page as invalid before an unknown integration, and a valid one as not found", async () => {
      const unknown = newIntegrationId("fixture");
      const invalid = await storage
        .commitPage({ integrationId: unknown, model: "candidates", records: [{ id: "x" } as never], at: T0 })
        .catch((e: unknown) => e);
      expect(isAtsyncError(invalid) && invalid.code).toBe("PLATFORM.INPUT_INVALID");
      const missing = await storage
        .commitPage({ integrationId: unknown, model: "candidates", records: candidates(unknown, 2), at: T0 })
        .catch((e: unknown) => e);
      expect(isAtsyncError(missing) && missing.code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
    });

    it("copies values COPY's text format escapes (backslash, tab, newline) unchanged", async () => {
      const tricky = "back\\slash\ttab\nnew\rline \\N";
      const [record] = candidates(A, 1, "e", { first_name: tricky, remote_data: { raw: tricky } });
      await commit([record as RecordInput]);
      const got = await storage.records.get(A, "candidates", record?.id as string);
      expect(got).toMatchObject({ first_name: tricky, remote_data: { raw: tricky } });
      // The same record again is unchanged (the copied row's hash matches the stored one).
      expect(await commit([record as RecordInput], 1)).toMatchObject({ unchanged: 1, updated: 0 });
    });

    it("copies a page in without looking its ids up after a page of only new records, and still finds a stored one among them", async () => {
      const { pool: logged, statements, storage: s } = loggingStorage(storage.schema);
      try {
        const lookups = () => statements.filter((q) => /^\s*SELECT id, hash\b/.test(q)).length;
        const page = (records: RecordInput[], minutes: number) =>
          s.commitPage({ integrationId: A, model: "candidates", records, at: at(minutes) });
        const [first, second, third] = [
          candidates(A, 300, "a"),
          candidates(A, 300, "b"),
          candidates(A, 3, "c"),
        ];
        expect(await page(first, 0)).toMatchObject({ inserted: 300 });
        expect(lookups()).toBe(1);
        const copied = await page(second, 1);
        expect(copied).toMatchObject({ inserted: 300, updated: 0, unchanged: 0 });
        expect(lookups()).toBe(1);
        // Another model of the integration learns on its own.
        await s.commitPage({
          integrationId: A,
          model: "jobs",
          records: [sampleRecord(A, "jobs", "j1")],
          at: T0,
        });
        expect(lookups()).toBe(2);
        // A page holding a record marked deleted and a changed one: the copy meets them, rolls back,
        // and the page is written as any other.
        await s.commitPage({
          integrationId: A,
          model: "candidates",
          records: [],
          deletions: [second[0]?.id as string],
          at: at(2),
        });
        const renamed = { ...(first[5] as RecordInput), first_name: "Renamed" };
        const mixed = await page([...third, second[0] as RecordInput, renamed, first[6] as RecordInput], 3);
        expect(mixed).toMatchObject({ inserted: 3, updated: 2, unchanged: 1 });
        expect(statements.filter((q) => /ROLLBACK TO SAVEPOINT/.test(q))).toHaveLength(1);
        expect(await s.records.count(A, "candidates")).toBe(603);
        expect(await s.records.get(A, "candidates", second[0]?.id as string)).toMatchObject({
          remote_deleted_at: null,
        });
        expect(await s.records.get(A, "candidates", renamed.id)).toMatchObject({
          first_name: "Renamed",
          changed_at: at(3),
        });
        // The commits' results name the feed's entries: same cursors, records and kinds, in feed order.
        const feed = await s.changeFeed.changesSince(A, copied.changes[0]?.cursor ?? null, 10_000);
        const expected = [...copied.changes.slice(1), ...mixed.changes].map((c) => [
          c.cursor,
          c.record_id,
          c.kind,
        ]);
        expect(
          feed.entries
            .filter((e) => e.model === "candidates" && e.kind !== "deleted")
            .map((e) => [e.cursor, e.record_id, e.kind]),
        ).toEqual(expected);
        expect(mixed.changes.map((c) => [c.kind, c.record_id])).toEqual([
          ...third.map((r) => ["created", r.id]),
          ["updated", second[0]?.id],
          ["updated", renamed.id],
        ]);
      } finally {
        await logged.end();
      }
    });

    it("writes a page of new and stored records: inserted then updated in the feed, unchanged ones untouched", async () => {
      const [c0, c1, c2] = candidates(A, 3, "m");
      await commit([c0, c1] as RecordInput[]);
      const renamed = { ...(c0 as RecordInput), first_name: "Renamed" };
      const result = await commit([renamed, c2, c1] as RecordInput[], 5);
      expect(result).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
      expect(result.changes.map((c) => [c.kind, c.record_id])).toEqual([
        ["created", c2?.id],
        ["updated", c0?.id],
      ]);
      expect(await storage.records.get(A, "candidates", c1?.id as string)).toMatchObject({ changed_at: T0 });
      expect(await storage.records.get(A, "candidates", c0?.id as string)).toMatchObject({
        first_name: "Renamed",
        changed_at: at(5),
      });
    });
  });

  describe("queries and lifecycle", () => {
    it("rejects filter field names that are not plain identifiers", async () => {
      const error = await storage.records
        .list(A, "candidates", {
          page_size: 5,
          filters: [{ op: "equals_ci", field: "first_name' OR '1'='1", value: "x" }],
        })
        .catch((e: unknown) => e);
      expect(isAtsyncError(error) && error.code).toBe("PLATFORM.INPUT_INVALID");
      expect((error as Error).message).toMatch(/filters\.0\.field/);
    });

    it("matches `in` by JSON type and null, and `contains_ci` with LIKE wildcards taken literally", async () => {
      const job = (remoteId: string, fields: Record<string, unknown>) =>
        sampleRecord(A, "jobs", remoteId, fields);
      await storage.commitPage({
        integrationId: A,
        model: "jobs",
        records: [
          job("j1", { confidential: true, weekly_hours: 40, name: "100% remote" }),
          job("j2", { confidential: false, weekly_hours: 20, name: "1000 remote" }),
          job("j3", { confidential: null, weekly_hours: null, name: "On site_" }),
        ],
        at: T0,
      });
      const ids = async (filter: RecordFilter) =>
        (await storage.records.list(A, "jobs", { page_size: 10, filters: [filter] })).results
          .map((r) => r.remote_id)
          .sort();
      expect(await ids({ op: "in", field: "confidential", values: [true] })).toEqual(["j1"]);
      expect(await ids({ op: "in", field: "confidential", values: [false, null] })).toEqual(["j2", "j3"]);
      expect(await ids({ op: "in", field: "weekly_hours", values: [40, "20"] })).toEqual(["j1"]);
      expect(await ids({ op: "contains_ci", field: "name", value: "0% R" })).toEqual(["j1"]);
      expect(await ids({ op: "contains_ci", field: "name", value: "E_" })).toEqual(["j3"]);
    });

    it("rejects a page holding U+0000 (which jsonb cannot store) as invalid input, writing nothing", async () => {
      const error = await commit(candidates(A, 2, "c", { first_name: "nul\u0000byte" })).catch(
        (e: unknown) => e,
      );
      expect(isAtsyncError(error) && error.code).toBe("PLATFORM.INPUT_INVALID");
      expect(await storage.records.count(A, "candidates")).toBe(0);
    });

    it("returns timestamps in UTC with milliseconds whatever offset they were given in", async () => {
      const [record] = candidates(A, 1);
      await storage.commitPage({
        integrationId: A,
        model: "candidates",
        records: [record as RecordInput],
        at: "2026-01-01T01:00:00+01:00",
      });
      const got = await storage.records.get(A, "candidates", record?.id as string);
      expect(got).toMatchObject({ changed_at: T0, tree_changed_at: T0, remote_deleted_at: null });
    });

    it("keeps a host-owned pool open on close and ends an owned one", async () => {
      const owned = testPool(1);
      const s = createPostgresStorage({
        pool: owned,
        schema: storage.schema,
        encryptionKey: TEST_KEY,
        ownsPool: true,
      });
      await s.close();
      expect(owned.ended).toBe(true);
      await storage.close();
      expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      const error = await storage.integrations.get(A).catch((e: unknown) => e);
      expect(isAtsyncError(error)).toBe(true);
    });
  });
});
