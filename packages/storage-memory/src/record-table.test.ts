import { type RecordInput, unifiedId } from "@atsync/core/storage";
import { sampleRecord } from "@atsync/core/testing";
import { describe, expect, it } from "vitest";
import { ChangeLog } from "./change-log.js";
import { decodeRecord, encodeRecord, sameEncoding } from "./record-codec.js";
import { RecordTable, Row } from "./record-table.js";

const INTEGRATION = "fixture:codec";
const AT = "2026-01-01T00:00:00.000Z";
const state = (input: RecordInput) => ({
  id: input.id,
  remoteId: input.remote_id,
  changedAt: AT,
  deletedAt: null,
  treeChangedAt: AT,
});

describe("record codec", () => {
  it("decodes what structuredClone of the stored record gives: members, values, key order", () => {
    const input = {
      ...sampleRecord(INTEGRATION, "applications", "a1"),
      remote_data: { when: new Date(AT), nested: [{ a: 1 }, null], missing: undefined, big: 2n },
    } as RecordInput;
    const refFields = ["job_id", "candidate_id", "current_stage_id"];
    const decoded = decodeRecord(encodeRecord(input, refFields), state(input), refFields);
    const expected = structuredClone({
      ...input,
      changed_at: AT,
      remote_deleted_at: null,
      tree_changed_at: AT,
    });
    expect(decoded).toStrictEqual(expected);
    expect(Object.keys(decoded)).toEqual(Object.keys(expected));
    expect((decoded.remote_data as { when: unknown }).when).toBeInstanceOf(Date);
  });

  it("holds a value that integration_fields and remote_data share once, and decodes it shared", () => {
    const title = { id: 7, value: "Engineer", history: Array.from({ length: 50 }, (_, i) => `t${i}`) };
    const base = sampleRecord(INTEGRATION, "jobs", "j1");
    const field = { id: "job.title", key: "title", type: "DEFAULT", value: title, label: null };
    const shared = encodeRecord({ ...base, remote_data: { title }, integration_fields: [field] }, []);
    const copied = encodeRecord(
      { ...base, remote_data: { title }, integration_fields: [{ ...field, value: structuredClone(title) }] },
      [],
    );
    expect((shared.payload as string).length).toBeLessThan((copied.payload as string).length - 200);
    const decoded = decodeRecord(shared, state(base), []);
    const fields = decoded["integration_fields"] as { value: unknown }[];
    expect(fields[0]?.value).toBe((decoded.remote_data as { title: unknown }).title);
  });

  it("tells a payload-only or key-order change from the same data", () => {
    const input = sampleRecord(INTEGRATION, "candidates", "c1", { remote_data: { a: 1, b: 2 } });
    const refs: string[] = [];
    expect(sameEncoding(encodeRecord(input, refs), encodeRecord({ ...input }, refs))).toBe(true);
    expect(
      sameEncoding(encodeRecord(input, refs), encodeRecord({ ...input, remote_data: { a: 1, b: 3 } }, refs)),
    ).toBe(false);
    expect(
      sameEncoding(encodeRecord(input, refs), encodeRecord({ ...input, remote_data: { b: 2, a: 1 } }, refs)),
    ).toBe(false);
  });
});

describe("record table", () => {
  const table = () => new RecordTable(INTEGRATION, "applications", ["job_id", "current_stage_id"]);
  const application = (i: number, stage: string) =>
    sampleRecord(INTEGRATION, "applications", `a${i}`, {
      job_id: unifiedId(INTEGRATION, "jobs", "j1"),
      current_stage_id: unifiedId(INTEGRATION, "application_stages", stage),
    });
  const insert = (t: RecordTable, input: RecordInput) => {
    const e = t.encode(input);
    const row = new Row(input.id, input.remote_id, "h", e.fields, e.payload, e.refs, AT, null, AT);
    t.insert(row);
    return row;
  };

  it("indexes references however many rows share one, and moves rows between values", () => {
    const t = table();
    const rows = Array.from({ length: 40 }, (_, i) => insert(t, application(i, "s1")));
    const s1 = unifiedId(INTEGRATION, "application_stages", "s1");
    const s2 = unifiedId(INTEGRATION, "application_stages", "s2");
    expect([...t.idsReferencing("current_stage_id", s1)]).toHaveLength(40);
    for (const [i, row] of rows.entries()) if (i % 2 === 0) t.replace(row, t.encode(application(i, "s2")));
    expect([...t.idsReferencing("current_stage_id", s1)].sort()).toEqual(
      rows
        .filter((_, i) => i % 2 === 1)
        .map((r) => r.id)
        .sort(),
    );
    expect([...t.idsReferencing("current_stage_id", s2)]).toHaveLength(20);
    for (const [i, row] of rows.entries()) if (i % 2 === 1) t.replace(row, t.encode(application(i, "s2")));
    expect([...t.idsReferencing("current_stage_id", s1)]).toEqual([]);
    expect([...t.idsReferencing("current_stage_id", s2)]).toHaveLength(40);
    // Every row holds one instance of the shared reference id.
    expect(new Set(rows.map((r) => r.refs[1])).size).toBe(1);
    expect(t.record(rows[0] as Row)["current_stage_id"]).toBe(s2);
  });

  it("finds rows by remote id through their unified id, and only stored ones", async () => {
    const t = table();
    insert(t, application(1, "s1"));
    insert(t, application(2, "s1"));
    const found = t.scan({ page_size: 10, remote_ids: ["a2", "a3", "a1"] }, null, 10, () => t);
    expect(found.map((r) => r.remoteId)).toEqual(
      ["a1", "a2"].sort((a, b) =>
        unifiedId(INTEGRATION, "applications", a) < unifiedId(INTEGRATION, "applications", b) ? -1 : 1,
      ),
    );
  });
});

describe("change log", () => {
  it("reads back every entry as appended, past its first growth", () => {
    const log = new ChangeLog(INTEGRATION);
    const kinds = ["created", "updated", "deleted"] as const;
    for (let i = 0; i < 3000; i++) log.append("candidates", `id${i}`, `r${i}`, kinds[i % 3] as never, AT);
    const entries = log.slice(1023, 1026);
    expect(entries).toEqual(
      [1023, 1024, 1025].map((i) => ({
        cursor: String(i + 1),
        integration_id: INTEGRATION,
        model: "candidates",
        record_id: `id${i}`,
        remote_id: `r${i}`,
        kind: kinds[i % 3],
        at: AT,
      })),
    );
    expect(log.slice(2999, 5000).map((e) => e.kind)).toEqual(["deleted"]);
    expect(log.length).toBe(3000);
  });
});
