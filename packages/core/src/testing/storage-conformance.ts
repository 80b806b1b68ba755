import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAtsyncError } from "../errors.js";
import { newIntegrationId, unifiedId } from "../ids.js";
import type { ModelKey } from "../model/common.js";
import { hashApiKey } from "../storage/encoding.js";
import type { IntegrationRecord, IntegrationSettings } from "../storage/integrations.js";
import type { ListQuery, RecordInput, StoredRecordWithTree } from "../storage/records.js";
import type { AtsyncStorage, PageCommit } from "../storage/storage.js";
import { EMPTY_PROGRESS, type SyncRun } from "../storage/sync-state.js";
import { describeConnectLinkConformance } from "./connect-link-conformance.js";
import { describeFieldConfigConformance } from "./field-config-conformance.js";
import { sampleRecord } from "./fixtures.js";
import { describeVendorEventInboxConformance } from "./vendor-event-inbox-conformance.js";
import { describeWebhookOutboxConformance } from "./webhook-outbox-conformance.js";

/** A storage backend under test, fresh for each test. */
export interface StorageUnderTest {
  /** The backend. */
  storage: AtsyncStorage;
  /** Everything the backend holds at rest, as text (tables dumped, files read), to look for plaintext secrets. */
  dumpAtRest(): Promise<string>;
}

/** Options of `describeStorageConformance`. */
export interface StorageConformanceOptions {
  /** Creates a fresh, empty backend. Called before every test. */
  create(): Promise<StorageUnderTest>;
  /** Tears it down after every test (default: `storage.close()`). */
  destroy?(subject: StorageUnderTest): Promise<void>;
}

const T0 = "2026-01-01T00:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** Asserts that `promise` rejects with an `AtsyncError` of `code` whose message matches `message`. */
async function expectAtsyncError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), `expected an AtsyncError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (message) expect((error as Error).message).toMatch(message);
}

/**
 * The shared behaviour every storage backend must have: one `describe` block, one behaviour per
 * test, a fresh backend per test. Call it from a one-line test file in the backend's package and
 * put backend-specific tests below it.
 */
export function describeStorageConformance(name: string, options: StorageConformanceOptions): void {
  describe(`storage conformance: ${name}`, () => {
    let subject: StorageUnderTest;
    let s: AtsyncStorage;
    let A: string;
    let B: string;

    const integration = (id: string, createdAt = T0): IntegrationRecord => ({
      id,
      tool: "fixture",
      status: "ACTIVE",
      setup_status: "INCOMPLETE",
      end_user: { organization_name: "Acme", creator_email: null, origin_id: null },
      settings: { deletionThreshold: 0.2 },
      created_at: createdAt,
      updated_at: createdAt,
    });
    const rec = (
      model: ModelKey,
      remoteId: string,
      overrides: Record<string, unknown> = {},
      integrationId = A,
    ) => sampleRecord(integrationId, model, remoteId, overrides);
    const id = (model: ModelKey, remoteId: string, integrationId = A) =>
      unifiedId(integrationId, model, remoteId);
    const commit = (model: ModelKey, records: RecordInput[], extra: Partial<PageCommit> = {}) =>
      s.commitPage({ integrationId: A, model, records, at: at(0), ...extra });
    const walk = async (
      model: ModelKey,
      query: Omit<ListQuery, "page_size" | "cursor">,
      pageSize: number,
    ) => {
      const seen: StoredRecordWithTree[] = [];
      let cursor: string | null = null;
      do {
        const page = await s.records.list(A, model, { ...query, page_size: pageSize, cursor });
        seen.push(...page.results);
        cursor = page.next;
      } while (cursor);
      return seen;
    };
    const candidates = (n: number) =>
      Array.from({ length: n }, (_, i) => rec("candidates", `c${String(i).padStart(4, "0")}`));

    beforeEach(async () => {
      subject = await options.create();
      s = subject.storage;
      A = newIntegrationId("fixture");
      B = newIntegrationId("fixture");
      await s.integrations.create(integration(A), { apiKey: "key-A-s3cr3t-value", region: "us" });
      await s.integrations.create(integration(B, at(1)), { apiKey: "key-B-other-secret", region: "eu" });
    });
    afterEach(async () => {
      if (options.destroy) await options.destroy(subject);
      else await s.close();
    });

    describe("integrations", () => {
      it("creates and reads an integration, listing oldest first", async () => {
        expect(await s.integrations.get(A)).toEqual(integration(A));
        expect((await s.integrations.list()).map((i) => i.id)).toEqual([A, B]);
        expect(await s.integrations.get("fixture:missing")).toBeNull();
      });

      it("rejects a duplicate integration id", async () => {
        await expectAtsyncError(
          s.integrations.create(integration(A), {}),
          "PLATFORM.INPUT_INVALID",
          /already exists/,
        );
      });

      it("rejects an id whose tool prefix does not match the tool", async () => {
        await expectAtsyncError(
          s.integrations.create({ ...integration("other:abc"), tool: "fixture" }, {}),
          "PLATFORM.INPUT_INVALID",
          /id/,
        );
      });

      it("updates status and merges settings member by member", async () => {
        const updated = await s.integrations.update(
          A,
          { status: "INVALID", settings: { storeRemoteData: false } },
          at(5),
        );
        expect(updated.status).toBe("INVALID");
        expect(updated.settings).toEqual({ deletionThreshold: 0.2, storeRemoteData: false });
        expect(updated.updated_at).toBe(at(5));
        expect(await s.integrations.get(A)).toEqual(updated);
      });

      it("refuses invalid settings on create and update, naming the member, and keeps what was stored", async () => {
        for (const settings of [
          { deltaIntervalMinutes: -5 },
          { deltaIntervalMinutes: "abc" },
          { deletionThreshold: 99 },
          { createdApplicationsOnly: "no" },
          { deletionMinimumCount: 2.5 },
          { unknownSetting: 1 },
        ]) {
          const name = Object.keys(settings)[0] as string;
          const bad = settings as IntegrationSettings;
          await expectAtsyncError(
            s.integrations.update(A, { status: "INVALID", settings: bad }, at(5)),
            "PLATFORM.INPUT_INVALID",
            new RegExp(name),
          );
          await expectAtsyncError(
            s.integrations.create({ ...integration(newIntegrationId("fixture")), settings: bad }, {}),
            "PLATFORM.INPUT_INVALID",
            new RegExp(name),
          );
        }
        expect(await s.integrations.get(A)).toEqual(integration(A));
        expect((await s.integrations.list()).map((i) => i.id)).toEqual([A, B]);
      });

      it("answers INTEGRATION_NOT_FOUND when updating an unknown integration", async () => {
        await expectAtsyncError(
          s.integrations.update("fixture:nope", { status: "ACTIVE" }, at(1)),
          "PLATFORM.INTEGRATION_NOT_FOUND",
        );
      });

      it("returns decrypted credentials and replaces them", async () => {
        expect(await s.integrations.getCredentials(A)).toEqual({
          apiKey: "key-A-s3cr3t-value",
          region: "us",
        });
        await s.integrations.setCredentials(A, { apiKey: "rotated-key-value" }, at(2));
        expect(await s.integrations.getCredentials(A)).toEqual({ apiKey: "rotated-key-value" });
        expect((await s.integrations.get(A))?.updated_at).toBe(at(2));
      });

      it("keeps credentials encrypted at rest: the stored bytes do not contain the secret", async () => {
        await s.integrations.setCredentials(B, { apiKey: "rotated-plaintext-XYZ" }, at(2));
        const dump = await subject.dumpAtRest();
        expect(dump.length).toBeGreaterThan(0);
        for (const secret of ["key-A-s3cr3t-value", "rotated-plaintext-XYZ"])
          expect(dump).not.toContain(secret);
        expect(dump).toContain(A);
      });

      it("deletes an integration with everything stored for it", async () => {
        await commit("candidates", candidates(3), { checkpoint: { stream: "delta:candidates", value: "x" } });
        expect(await s.integrations.delete(A)).toBe(true);
        expect(await s.integrations.get(A)).toBeNull();
        expect(await s.records.count(A, "candidates", { includeDeleted: true })).toBe(0);
        expect((await s.changeFeed.changesSince(A, null)).entries).toEqual([]);
        expect(await s.syncState.getCheckpoint(A, "delta:candidates")).toBeNull();
        expect(await s.integrations.delete(A)).toBe(false);
        expect(await s.integrations.get(B)).not.toBeNull();
      });
    });

    describe("page commits and content hashing", () => {
      it("inserts records and counts them", async () => {
        const result = await commit("candidates", candidates(3));
        expect(result).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, deleted: 0 });
        const got = await s.records.get(A, "candidates", id("candidates", "c0001"));
        expect(got).toMatchObject({
          remote_id: "c0001",
          changed_at: at(0),
          remote_deleted_at: null,
          tree_changed_at: at(0),
        });
      });

      it("keeps changed_at when an unchanged record is upserted again", async () => {
        await commit("candidates", candidates(2));
        const result = await commit("candidates", candidates(2), { at: at(10) });
        expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
        expect((await s.records.get(A, "candidates", id("candidates", "c0000")))?.changed_at).toBe(at(0));
      });

      it("moves changed_at when a unified field changes", async () => {
        await commit("candidates", candidates(2));
        const result = await commit("candidates", [rec("candidates", "c0000", { first_name: "Changed" })], {
          at: at(10),
        });
        expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
        const got = await s.records.get(A, "candidates", id("candidates", "c0000"));
        expect(got).toMatchObject({ first_name: "Changed", changed_at: at(10) });
      });

      it("stores a new remote_data without moving changed_at when only the payload changed", async () => {
        await commit("candidates", [rec("candidates", "c1", { remote_data: { v: 1 } })]);
        const result = await commit("candidates", [rec("candidates", "c1", { remote_data: { v: 2 } })], {
          at: at(10),
        });
        expect(result.unchanged).toBe(1);
        const got = await s.records.get(A, "candidates", id("candidates", "c1"));
        expect(got).toMatchObject({ remote_data: { v: 2 }, changed_at: at(0) });
      });

      it("stores new vendor timestamps without moving changed_at (they are not the record's own fields)", async () => {
        await commit("candidates", [rec("candidates", "c1", { remote_updated_at: at(-60) })]);
        const result = await commit("candidates", [rec("candidates", "c1", { remote_updated_at: at(-30) })], {
          at: at(10),
        });
        expect(result.unchanged).toBe(1);
        expect(result.changes).toEqual([]);
        const got = await s.records.get(A, "candidates", id("candidates", "c1"));
        expect(got).toMatchObject({ remote_updated_at: at(-30), changed_at: at(0) });
      });

      it("marks deletions, counts each once and ignores unknown ids", async () => {
        await commit("candidates", candidates(3));
        const first = await commit("candidates", [], {
          deletions: [id("candidates", "c0001"), "unknown-id"],
          at: at(5),
        });
        expect(first.deleted).toBe(1);
        const again = await commit("candidates", [], { deletions: [id("candidates", "c0001")], at: at(6) });
        expect(again.deleted).toBe(0);
        const got = await s.records.get(A, "candidates", id("candidates", "c0001"));
        expect(got).toMatchObject({ remote_deleted_at: at(5), changed_at: at(5) });
      });

      it("brings a deleted record back when it is upserted again", async () => {
        await commit("candidates", candidates(1));
        await commit("candidates", [], { deletions: [id("candidates", "c0000")], at: at(5) });
        const result = await commit("candidates", candidates(1), { at: at(9) });
        expect(result.updated).toBe(1);
        expect(await s.records.get(A, "candidates", id("candidates", "c0000"))).toMatchObject({
          remote_deleted_at: null,
          changed_at: at(9),
        });
      });

      it("returns copies: mutating a returned record does not change the store", async () => {
        await commit("candidates", candidates(1));
        const got = await s.records.get(A, "candidates", id("candidates", "c0000"));
        (got as Record<string, unknown>).first_name = "Mutated";
        expect((await s.records.get(A, "candidates", id("candidates", "c0000")))?.first_name).not.toBe(
          "Mutated",
        );
      });

      it("reads many records by id, skipping unknown ids", async () => {
        await commit("candidates", candidates(3));
        const got = await s.records.getMany(A, "candidates", [
          id("candidates", "c0000"),
          id("candidates", "c0002"),
          "nope",
        ]);
        expect(got.map((r) => r.remote_id).sort()).toEqual(["c0000", "c0002"]);
      });
    });

    describe("lists", () => {
      it("hides deleted records unless include_deleted is set", async () => {
        await commit("candidates", candidates(3));
        await commit("candidates", [], { deletions: [id("candidates", "c0001")], at: at(1) });
        const live = await s.records.list(A, "candidates", { page_size: 10 });
        expect(live.results.map((r) => r.remote_id).sort()).toEqual(["c0000", "c0002"]);
        const all = await s.records.list(A, "candidates", { page_size: 10, include_deleted: true });
        expect(all.results).toHaveLength(3);
      });

      it("filters by ids and by remote_ids, and an empty list matches nothing", async () => {
        await commit("candidates", candidates(4));
        const byIds = await s.records.list(A, "candidates", {
          page_size: 10,
          ids: [id("candidates", "c0003"), "x"],
        });
        expect(byIds.results.map((r) => r.remote_id)).toEqual(["c0003"]);
        const byRemote = await s.records.list(A, "candidates", {
          page_size: 10,
          remote_ids: ["c0001", "c0002"],
        });
        expect(byRemote.results.map((r) => r.remote_id).sort()).toEqual(["c0001", "c0002"]);
        expect((await s.records.list(A, "candidates", { page_size: 10, ids: [] })).results).toEqual([]);
      });

      it("walks all pages in ascending id order, each record once", async () => {
        await commit("candidates", candidates(23));
        const seen = await walk("candidates", {}, 5);
        const ids = seen.map((r) => r.id);
        expect(ids).toHaveLength(23);
        expect(new Set(ids).size).toBe(23);
        expect([...ids].sort()).toEqual(ids);
      });

      it("ends with next = null on a page that fills exactly", async () => {
        await commit("candidates", candidates(10));
        const first = await s.records.list(A, "candidates", { page_size: 5 });
        expect(first.next).not.toBeNull();
        const second = await s.records.list(A, "candidates", { page_size: 5, cursor: first.next });
        expect(second.results).toHaveLength(5);
        expect(second.next).toBeNull();
      });

      it("never skips or repeats an existing record while others are written during the walk", async () => {
        await commit("candidates", candidates(40));
        const seen: string[] = [];
        let cursor: string | null = null;
        let round = 0;
        do {
          const page = await s.records.list(A, "candidates", { page_size: 6, cursor });
          seen.push(...page.results.map((r) => r.remote_id));
          cursor = page.next;
          round += 1;
          // Between pages: insert new records, update existing ones (before and after the cursor).
          await commit(
            "candidates",
            [
              rec("candidates", `new-${round}-a`),
              rec("candidates", `new-${round}-b`),
              rec("candidates", `c${String(round).padStart(4, "0")}`, { first_name: `edit ${round}` }),
              rec("candidates", `c${String(39 - round).padStart(4, "0")}`, { first_name: `edit ${round}` }),
            ],
            { at: at(round) },
          );
        } while (cursor);
        const original = seen.filter((r) => !r.startsWith("new-"));
        expect(original).toHaveLength(40);
        expect(new Set(original).size).toBe(40);
        expect(new Set(seen).size).toBe(seen.length);
      });

      it("rejects a malformed cursor", async () => {
        await expectAtsyncError(
          s.records.list(A, "candidates", { page_size: 5, cursor: "%%%not-a-cursor" }),
          "PLATFORM.INPUT_INVALID",
          /cursor/,
        );
      });

      it("rejects page sizes outside 1..1000 and unknown models", async () => {
        await expectAtsyncError(
          s.records.list(A, "candidates", { page_size: 0 }),
          "PLATFORM.INPUT_INVALID",
          /page_size/,
        );
        await expectAtsyncError(
          s.records.list(A, "candidates", { page_size: 1001 }),
          "PLATFORM.INPUT_INVALID",
          /page_size/,
        );
        await expectAtsyncError(
          s.records.list(A, "interviews" as ModelKey, { page_size: 5 }),
          "PLATFORM.INPUT_INVALID",
          /unknown model "interviews"/,
        );
      });

      it("filters with updated_after strictly after the given time", async () => {
        await commit("candidates", candidates(2));
        await commit("candidates", [rec("candidates", "c0001", { first_name: "Later" })], { at: at(10) });
        const after5 = await s.records.list(A, "candidates", { page_size: 10, updated_after: at(5) });
        expect(after5.results.map((r) => r.remote_id)).toEqual(["c0001"]);
        const after10 = await s.records.list(A, "candidates", { page_size: 10, updated_after: at(10) });
        expect(after10.results).toEqual([]);
      });

      it("filters with `in` on a field (values OR together)", async () => {
        await commit("jobs", [
          rec("jobs", "j1", { status: "OPEN" }),
          rec("jobs", "j2", { status: "CLOSED" }),
          rec("jobs", "j3", { status: "DRAFT" }),
        ]);
        const page = await s.records.list(A, "jobs", {
          page_size: 10,
          filters: [{ op: "in", field: "status", values: ["OPEN", "DRAFT"] }],
        });
        expect(page.results.map((r) => r.remote_id).sort()).toEqual(["j1", "j3"]);
      });

      it("filters with equals_ci and contains_ci ignoring case, ANDing filters", async () => {
        await commit("jobs", [
          rec("jobs", "j1", { name: "Senior Nurse", job_code: "N-1" }),
          rec("jobs", "j2", { name: "Nurse Practitioner", job_code: "N-2" }),
          rec("jobs", "j3", { name: "Driver", job_code: "D-1" }),
        ]);
        const contains = await s.records.list(A, "jobs", {
          page_size: 10,
          filters: [{ op: "contains_ci", field: "name", value: "NURSE" }],
        });
        expect(contains.results.map((r) => r.remote_id).sort()).toEqual(["j1", "j2"]);
        const both = await s.records.list(A, "jobs", {
          page_size: 10,
          filters: [
            { op: "contains_ci", field: "name", value: "nurse" },
            { op: "equals_ci", field: "job_code", value: "n-2" },
          ],
        });
        expect(both.results.map((r) => r.remote_id)).toEqual(["j2"]);
      });

      it("filters with `after` on a timestamp field", async () => {
        await commit("jobs", [
          rec("jobs", "j1", { remote_created_at: at(-100) }),
          rec("jobs", "j2", { remote_created_at: at(100) }),
          rec("jobs", "j3", { remote_created_at: null }),
        ]);
        const page = await s.records.list(A, "jobs", {
          page_size: 10,
          filters: [{ op: "after", field: "remote_created_at", value: at(0) }],
        });
        expect(page.results.map((r) => r.remote_id)).toEqual(["j2"]);
      });

      it("filters with array_has_ci on an array of objects (candidate emails)", async () => {
        await commit("candidates", [
          rec("candidates", "c1", {
            email_addresses: [{ email_address: "Ada@Example.com", type: "PERSONAL" }],
          }),
          rec("candidates", "c2", { email_addresses: [{ email_address: "bob@example.com", type: "WORK" }] }),
        ]);
        const page = await s.records.list(A, "candidates", {
          page_size: 10,
          filters: [
            {
              op: "array_has_ci",
              field: "email_addresses",
              key: "email_address",
              values: ["ada@example.com"],
            },
          ],
        });
        expect(page.results.map((r) => r.remote_id)).toEqual(["c1"]);
      });

      it("filters with has_related (candidates with a live application for one of some jobs)", async () => {
        await commit("candidates", candidates(3));
        await commit("applications", [
          rec("applications", "a1", { candidate_id: id("candidates", "c0000"), job_id: id("jobs", "j1") }),
          rec("applications", "a2", { candidate_id: id("candidates", "c0001"), job_id: id("jobs", "j2") }),
          rec("applications", "a3", { candidate_id: id("candidates", "c0002"), job_id: id("jobs", "j1") }),
        ]);
        await commit("applications", [], { deletions: [id("applications", "a3")], at: at(1) });
        const page = await s.records.list(A, "candidates", {
          page_size: 10,
          filters: [
            {
              op: "has_related",
              model: "applications",
              foreignKey: "candidate_id",
              field: "job_id",
              values: [id("jobs", "j1")],
            },
          ],
        });
        expect(page.results.map((r) => r.remote_id)).toEqual(["c0000"]);
      });

      it("lists remote ids of live records in ascending pages", async () => {
        await commit("candidates", candidates(5));
        await commit("candidates", [], { deletions: [id("candidates", "c0002")], at: at(1) });
        const pages: string[][] = [];
        for await (const page of s.records.listRemoteIds(A, "candidates", 2)) pages.push(page);
        expect(pages).toEqual([
          ["c0000", "c0001"],
          ["c0003", "c0004"],
        ]);
      });

      it("counts records with and without deleted ones", async () => {
        await commit("candidates", candidates(5));
        await commit("candidates", [], { deletions: [id("candidates", "c0002")], at: at(1) });
        expect(await s.records.count(A, "candidates")).toBe(4);
        expect(await s.records.count(A, "candidates", { includeDeleted: true })).toBe(5);
      });
    });

    describe("nested changes (tree_changed_at)", () => {
      it("bumps a job when one of its postings changes, without moving the job's changed_at", async () => {
        await commit("jobs", [rec("jobs", "j1"), rec("jobs", "j2")]);
        await commit("job_postings", [rec("job_postings", "p1", { job_id: id("jobs", "j1") })], {
          at: at(7),
        });
        const j1 = await s.records.get(A, "jobs", id("jobs", "j1"));
        expect(j1).toMatchObject({ changed_at: at(0), tree_changed_at: at(7) });
        const page = await s.records.list(A, "jobs", { page_size: 10, updated_after: at(5) });
        expect(page.results.map((r) => r.remote_id)).toEqual(["j1"]);
      });

      it("bumps a job when a screening question is added, but not when one is edited", async () => {
        await commit("jobs", [rec("jobs", "j1")]);
        const q = { job_id: id("jobs", "j1"), question_id: id("screening_questions", "q1") };
        await commit("job_screening_questions", [rec("job_screening_questions", "jq1", { ...q, index: 0 })], {
          at: at(3),
        });
        expect((await s.records.get(A, "jobs", id("jobs", "j1")))?.tree_changed_at).toBe(at(3));
        await commit("job_screening_questions", [rec("job_screening_questions", "jq1", { ...q, index: 1 })], {
          at: at(8),
        });
        expect((await s.records.get(A, "jobs", id("jobs", "j1")))?.tree_changed_at).toBe(at(3));
      });

      it("bumps a candidate when an application is added or edited, and applications when the candidate is edited", async () => {
        await commit("candidates", candidates(1));
        const c = id("candidates", "c0000");
        await commit("applications", [rec("applications", "a1", { candidate_id: c })], { at: at(4) });
        expect((await s.records.get(A, "candidates", c))?.tree_changed_at).toBe(at(4));
        await commit("candidates", [rec("candidates", "c0000", { first_name: "New" })], { at: at(9) });
        const app = await s.records.get(A, "applications", id("applications", "a1"));
        expect(app).toMatchObject({ changed_at: at(4), tree_changed_at: at(9) });
      });

      it("bumps both the old and the new candidate when an application moves between candidates", async () => {
        await commit("candidates", candidates(2));
        const [c0, c1] = [id("candidates", "c0000"), id("candidates", "c0001")];
        await commit("applications", [rec("applications", "a1", { candidate_id: c0 })], { at: at(2) });
        await commit("applications", [rec("applications", "a1", { candidate_id: c1 })], { at: at(6) });
        expect((await s.records.get(A, "candidates", c0))?.tree_changed_at).toBe(at(6));
        expect((await s.records.get(A, "candidates", c1))?.tree_changed_at).toBe(at(6));
      });

      it("bumps applications when their current stage is renamed", async () => {
        await commit("application_stages", [rec("application_stages", "s1", { name: "Screen" })]);
        const stage = id("application_stages", "s1");
        await commit("applications", [rec("applications", "a1", { current_stage_id: stage })], { at: at(1) });
        await commit("application_stages", [rec("application_stages", "s1", { name: "Phone screen" })], {
          at: at(5),
        });
        expect((await s.records.get(A, "applications", id("applications", "a1")))?.tree_changed_at).toBe(
          at(5),
        );
      });
    });

    describe("isolation", () => {
      it("never shows integration A's records, feed or checkpoints through B", async () => {
        await commit("candidates", candidates(3), { checkpoint: { stream: "full:candidates", value: "p1" } });
        const aId = id("candidates", "c0000");
        expect(await s.records.get(B, "candidates", aId)).toBeNull();
        expect(await s.records.getMany(B, "candidates", [aId])).toEqual([]);
        expect((await s.records.list(B, "candidates", { page_size: 10 })).results).toEqual([]);
        expect(await s.records.count(B, "candidates", { includeDeleted: true })).toBe(0);
        const remote: string[][] = [];
        for await (const p of s.records.listRemoteIds(B, "candidates")) remote.push(p);
        expect(remote.flat()).toEqual([]);
        expect((await s.changeFeed.changesSince(B, null)).entries).toEqual([]);
        expect(await s.syncState.getCheckpoint(B, "full:candidates")).toBeNull();
      });

      it("keeps equal remote ids of two integrations apart", async () => {
        await commit("candidates", [rec("candidates", "same", { first_name: "A-person" })]);
        await s.commitPage({
          integrationId: B,
          model: "candidates",
          records: [rec("candidates", "same", { first_name: "B-person" }, B)],
          at: at(0),
        });
        expect(
          (await s.records.list(A, "candidates", { page_size: 5 })).results.map((r) => r.first_name),
        ).toEqual(["A-person"]);
        expect(
          (await s.records.list(B, "candidates", { page_size: 5 })).results.map((r) => r.first_name),
        ).toEqual(["B-person"]);
      });
    });

    describe("bad input is rejected whole", () => {
      it("rejects an unknown model", async () => {
        await expectAtsyncError(
          commit("offers" as ModelKey, []),
          "PLATFORM.INPUT_INVALID",
          /unknown model "offers"/,
        );
      });

      it("rejects an oversized page without writing any of it", async () => {
        const many = Array.from({ length: 5001 }, (_, i) => rec("candidates", `big${i}`));
        await expectAtsyncError(
          commit("candidates", many),
          "PLATFORM.INPUT_INVALID",
          /exceed the limit of 5000/,
        );
        expect(await s.records.count(A, "candidates", { includeDeleted: true })).toBe(0);
      });

      it("rejects a page with an invalid record, naming the field, and writes none of the valid ones", async () => {
        const bad = { ...rec("candidates", "bad"), first_name: 42 } as unknown as RecordInput;
        await expectAtsyncError(
          commit("candidates", [rec("candidates", "good"), bad], { checkpoint: { stream: "s", value: "v" } }),
          "PLATFORM.INPUT_INVALID",
          /records\.1\.first_name/,
        );
        expect(await s.records.count(A, "candidates", { includeDeleted: true })).toBe(0);
        expect(await s.syncState.getCheckpoint(A, "s")).toBeNull();
        expect((await s.changeFeed.changesSince(A, null)).entries).toEqual([]);
      });

      it("rejects a record holding a NUL character, writing nothing", async () => {
        await expectAtsyncError(
          commit("candidates", [rec("candidates", "c1", { first_name: "A\u0000B" })]),
          "PLATFORM.INPUT_INVALID",
          /records\.0: contains a NUL/,
        );
        expect(await s.records.count(A, "candidates", { includeDeleted: true })).toBe(0);
      });

      it("rejects filters naming something other than a model field", async () => {
        await expectAtsyncError(
          s.records.list(A, "jobs", {
            page_size: 5,
            filters: [
              { op: "in", field: "data->>'x'", values: ["1"] },
              { op: "after", field: "changed_at", value: at(0) },
            ],
          }),
          "PLATFORM.INPUT_INVALID",
          /filters\.0\.field: not a field name; filters\.1\.field: changed_at is kept by storage/,
        );
      });

      it("rejects a record whose id is not the deterministic unified id", async () => {
        await expectAtsyncError(
          commit("candidates", [{ ...rec("candidates", "c1"), id: "made-up-id" }]),
          "PLATFORM.INPUT_INVALID",
          /records\.0\.id/,
        );
      });

      it("rejects a page holding the same record twice", async () => {
        await expectAtsyncError(
          commit("candidates", [rec("candidates", "c1"), rec("candidates", "c1")]),
          "PLATFORM.INPUT_INVALID",
          /duplicate id/,
        );
      });

      it("answers INTEGRATION_NOT_FOUND for a commit to an unknown integration", async () => {
        const ghost = "fixture:ghost";
        await expectAtsyncError(
          s.commitPage({
            integrationId: ghost,
            model: "candidates",
            records: [rec("candidates", "c1", {}, ghost)],
            at: at(0),
          }),
          "PLATFORM.INTEGRATION_NOT_FOUND",
        );
      });
    });

    describe("checkpoints", () => {
      it("stores a checkpoint with the page and clears it with null", async () => {
        await commit("candidates", candidates(1), {
          checkpoint: { stream: "delta:candidates", value: "2026-01-01" },
        });
        expect(await s.syncState.getCheckpoint(A, "delta:candidates")).toBe("2026-01-01");
        await commit("candidates", [], { checkpoint: { stream: "delta:candidates", value: null } });
        expect(await s.syncState.getCheckpoint(A, "delta:candidates")).toBeNull();
      });

      it("lists and clears checkpoints by prefix", async () => {
        await s.syncState.setCheckpoint(A, "full:jobs", "1");
        await s.syncState.setCheckpoint(A, "full:candidates", "2");
        await s.syncState.setCheckpoint(A, "delta:jobs", "3");
        expect(await s.syncState.listCheckpoints(A, "full:")).toEqual({
          "full:jobs": "1",
          "full:candidates": "2",
        });
        await s.syncState.clearCheckpoints(A, "full:");
        expect(await s.syncState.listCheckpoints(A)).toEqual({ "delta:jobs": "3" });
      });
    });

    describe("sync runs", () => {
      const run = (runId: string, createdAt: string): SyncRun => ({
        id: runId,
        integration_id: A,
        type: "full",
        status: "queued",
        counts: {},
        api_calls: 0,
        current_model: null,
        progress: EMPTY_PROGRESS,
        started_at: null,
        finished_at: null,
        error: null,
        created_at: createdAt,
      });

      it("creates, updates and lists runs newest first", async () => {
        await s.syncState.createRun(run("r1", at(0)));
        await s.syncState.createRun(run("r2", at(1)));
        const updated = await s.syncState.updateRun(A, "r1", {
          status: "running",
          started_at: at(2),
          api_calls: 5,
        });
        expect(updated).toMatchObject({ id: "r1", status: "running", started_at: at(2), api_calls: 5 });
        expect((await s.syncState.listRuns(A)).map((r) => r.id)).toEqual(["r2", "r1"]);
        expect((await s.syncState.listRuns(A, { limit: 1 })).map((r) => r.id)).toEqual(["r2"]);
        expect(await s.syncState.getRun(B, "r1")).toBeNull();
        await expectAtsyncError(s.syncState.createRun(run("r1", at(3))), "PLATFORM.INPUT_INVALID");
      });

      it("stores a run's progress (per-model done and total, quota, ETA) and returns it from every read", async () => {
        await s.syncState.createRun(run("r1", at(0)));
        expect((await s.syncState.getRun(A, "r1"))?.progress).toEqual(EMPTY_PROGRESS);
        const progress: SyncRun["progress"] = {
          models: { jobs: { done: 4, total: 9 }, users: { done: 2, total: null } },
          quota_remaining: 9_950,
          quota_resets_at: at(5),
          eta: at(7),
        };
        const updated = await s.syncState.updateRun(A, "r1", { status: "running", progress });
        expect(updated.progress).toEqual(progress);
        expect((await s.syncState.getRun(A, "r1"))?.progress).toEqual(progress);
        // A patch without progress leaves it as it was.
        await s.syncState.updateRun(A, "r1", { api_calls: 3 });
        expect((await s.syncState.listRuns(A))[0]?.progress).toEqual(progress);
        const done = { ...progress, models: { jobs: { done: 9, total: 9 } }, eta: null };
        expect((await s.syncState.updateRun(A, "r1", { progress: done })).progress).toEqual(done);
        await s.syncState.createRun({ ...run("r2", at(1)), progress });
        expect((await s.syncState.getRun(A, "r2"))?.progress).toEqual(progress);
      });

      it("lists runs of given modes and outcomes, newest first, however many others came since", async () => {
        await s.syncState.createRun({ ...run("full-ok", at(0)), status: "succeeded" });
        for (let i = 1; i <= 60; i++) await s.syncState.createRun({ ...run(`d${i}`, at(i)), type: "delta" });
        await s.syncState.createRun({ ...run("full-failed", at(61)), status: "failed" });
        const ok = await s.syncState.listRuns(A, { types: ["full"], statuses: ["succeeded"], limit: 1 });
        expect(ok.map((r) => r.id)).toEqual(["full-ok"]);
        const fulls = await s.syncState.listRuns(A, { types: ["full"] });
        expect(fulls.map((r) => r.id)).toEqual(["full-failed", "full-ok"]);
        expect(await s.syncState.listRuns(A, { types: ["deletion_scan"] })).toEqual([]);
        expect(await s.syncState.listRuns(B, { types: ["full"] })).toEqual([]);
      });

      it("adds each page's counts to the run in the same commit", async () => {
        await s.syncState.createRun(run("r1", at(0)));
        await commit("candidates", candidates(3), { runId: "r1" });
        await commit("candidates", [...candidates(2), rec("candidates", "c0002", { title: "New" })], {
          runId: "r1",
          deletions: [id("candidates", "c0001")],
          at: at(1),
        });
        const got = await s.syncState.getRun(A, "r1");
        expect(got?.counts.candidates).toEqual({ inserted: 3, updated: 1, unchanged: 2, deleted: 1 });
      });

      it("rejects a commit naming an unknown run, writing nothing", async () => {
        await expectAtsyncError(
          commit("candidates", candidates(2), { runId: "nope" }),
          "PLATFORM.INPUT_INVALID",
          /runId/,
        );
        expect(await s.records.count(A, "candidates")).toBe(0);
      });
    });

    describe("change feed", () => {
      it("records created, updated and deleted records in commit order, never unchanged ones", async () => {
        await commit("candidates", candidates(2));
        await commit("candidates", [...candidates(1), rec("candidates", "c0001", { title: "X" })], {
          at: at(1),
        });
        await commit("candidates", [], { deletions: [id("candidates", "c0000")], at: at(2) });
        const { entries } = await s.changeFeed.changesSince(A, null);
        expect(entries.map((e) => [e.remote_id, e.kind, e.at])).toEqual([
          ["c0000", "created", at(0)],
          ["c0001", "created", at(0)],
          ["c0001", "updated", at(1)],
          ["c0000", "deleted", at(2)],
        ]);
        expect(entries.every((e) => e.integration_id === A && e.model === "candidates")).toBe(true);
      });

      it("resumes exactly after a cursor and keeps the cursor when nothing is new", async () => {
        await commit("candidates", candidates(3));
        const first = await s.changeFeed.changesSince(A, null, 2);
        expect(first.entries).toHaveLength(2);
        const rest = await s.changeFeed.changesSince(A, first.cursor, 100);
        expect(rest.entries.map((e) => e.remote_id)).toEqual(["c0002"]);
        const none = await s.changeFeed.changesSince(A, rest.cursor);
        expect(none).toEqual({ entries: [], cursor: rest.cursor });
        await commit("candidates", [rec("candidates", "c0000", { title: "T" })], { at: at(3) });
        const later = await s.changeFeed.changesSince(A, rest.cursor);
        expect(later.entries.map((e) => [e.remote_id, e.kind])).toEqual([["c0000", "updated"]]);
      });

      it("returns the commit's entries from commitPage with the same cursors", async () => {
        const result = await commit("candidates", candidates(2));
        const { entries } = await s.changeFeed.changesSince(A, null);
        expect(result.changes).toEqual(entries);
      });

      it("rejects a malformed feed cursor", async () => {
        await expectAtsyncError(
          s.changeFeed.changesSince(A, "not a cursor!"),
          "PLATFORM.INPUT_INVALID",
          /cursor/,
        );
      });
    });

    describe("idempotency ledger", () => {
      it("reserves a key once, replays the stored outcome, and spots a different request", async () => {
        expect(await s.actionLedger.reserve(A, "k1", "fp1", at(0))).toEqual({ state: "reserved" });
        expect(await s.actionLedger.reserve(A, "k1", "fp1", at(0))).toEqual({ state: "in_progress" });
        await s.actionLedger.complete(A, "k1", { status: 200, body: { data: { id: "x" } } });
        expect(await s.actionLedger.reserve(A, "k1", "fp1", at(1))).toEqual({
          state: "completed",
          outcome: { status: 200, body: { data: { id: "x" } } },
        });
        expect(await s.actionLedger.reserve(A, "k1", "fp2", at(1))).toEqual({ state: "mismatch" });
        expect(await s.actionLedger.reserve(B, "k1", "fp2", at(1))).toEqual({ state: "reserved" });
      });

      it("frees a released key for a retry", async () => {
        await s.actionLedger.reserve(A, "k2", "fp", at(0));
        await s.actionLedger.release(A, "k2");
        expect(await s.actionLedger.reserve(A, "k2", "fp", at(1))).toEqual({ state: "reserved" });
      });

      it("gives exactly one of many concurrent reserves of a key", async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, () => s.actionLedger.reserve(A, "k3", "fp", at(0))),
        );
        expect(results.filter((r) => r.state === "reserved")).toHaveLength(1);
      });
    });

    describe("tracked set", () => {
      it("adds entries once, oldest first, per model", async () => {
        const entry = (model: ModelKey, remote_id: string, minute: number) => ({
          model,
          remote_id,
          tracked_at: at(minute),
          origin: "created" as const,
        });
        expect(
          await s.syncState.track(A, [entry("applications", "a1", 0), entry("applications", "a2", 1)]),
        ).toBe(2);
        expect(
          await s.syncState.track(A, [entry("applications", "a1", 5), entry("candidates", "c1", 6)]),
        ).toBe(1);
        expect(
          (await s.syncState.listTracked(A, "applications")).map((e) => [e.remote_id, e.tracked_at]),
        ).toEqual([
          ["a1", at(0)],
          ["a2", at(1)],
        ]);
        expect(await s.syncState.listTracked(B, "applications")).toEqual([]);
      });
    });

    describe("API keys", () => {
      it("stores keys by keyed hash only, finds, lists and revokes them", async () => {
        const raw = "ak_live_rawsecretvalue123";
        const record = { id: "key1", name: "ci", prefix: "ak_l…", created_at: at(0), revoked_at: null };
        await s.apiKeys.create(record, hashApiKey(raw));
        expect(await s.apiKeys.findByDigest(hashApiKey(raw))).toEqual(record);
        expect(await s.apiKeys.findByDigest(hashApiKey("other"))).toBeNull();
        expect(await s.apiKeys.list()).toEqual([record]);
        expect(await s.apiKeys.revoke("key1", at(3))).toBe(true);
        expect((await s.apiKeys.findByDigest(hashApiKey(raw)))?.revoked_at).toBe(at(3));
        expect(await s.apiKeys.revoke("nope", at(3))).toBe(false);
        await expectAtsyncError(
          s.apiKeys.create({ ...record, id: "key2" }, hashApiKey(raw)),
          "PLATFORM.INPUT_INVALID",
        );
        const dump = await subject.dumpAtRest();
        expect(dump).not.toContain(raw);
        expect(dump, "an unkeyed sha256 of the key is at rest").not.toContain(hashApiKey(raw));
      });
    });

    describeWebhookOutboxConformance({
      storage: () => s,
      dumpAtRest: () => subject.dumpAtRest(),
      integrations: () => [A, B],
    });
    describeConnectLinkConformance({ storage: () => s, dumpAtRest: () => subject.dumpAtRest() });
    describeFieldConfigConformance({ storage: () => s, integrations: () => [A, B] });
    describeVendorEventInboxConformance({ storage: () => s, integrations: () => [A, B] });
  });
}
