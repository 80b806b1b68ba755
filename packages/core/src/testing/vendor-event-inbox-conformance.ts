import { describe, expect, it } from "vitest";
import { isAtsyncError } from "../errors.js";
import type { AtsyncStorage } from "../storage/storage.js";
import type { InboxEvent, PendingRefresh } from "../storage/vendor-events.js";

/** What the vendor-event group needs from `describeStorageConformance`'s fixture (read per test). */
export interface VendorEventInboxFixture {
  /** The backend under test. */
  storage(): AtsyncStorage;
  /** Two integrations that exist (tool `fixture`). */
  integrations(): [string, string];
}

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const event = (key: string, seconds: number, targets: InboxEvent["targets"]): InboxEvent => ({
  key,
  type: "WorkFlowStatusChangeEvent",
  received_at: at(seconds),
  targets,
});

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  return promise.then(
    () => null,
    (e: unknown) =>
      isAtsyncError(e) ? { code: e.code, message: e.message } : { code: String(e), message: "" },
  );
}

/** The `VendorEventInbox` behaviour every backend must have (called by `describeStorageConformance`). */
export function describeVendorEventInboxConformance(fixture: VendorEventInboxFixture): void {
  const inbox = () => fixture.storage().vendorEvents;

  describe("vendor event inbox", () => {
    it("accepts an event once: a redelivery with the same key answers false and adds nothing", async () => {
      const [A] = fixture.integrations();
      expect(await inbox().accept(A, event("e1", 0, [{ model: "applications", remote_id: "7" }]))).toBe(true);
      expect(await inbox().accept(A, event("e1", 5, [{ model: "candidates", remote_id: "9" }]))).toBe(false);
      expect(await inbox().pending(A, 10)).toEqual([
        { model: "applications", remote_id: "7", requested_at: at(0) },
      ]);
    });

    it("coalesces a burst into one row per record with the latest request time, oldest first", async () => {
      const [A] = fixture.integrations();
      await inbox().accept(A, event("e1", 0, [{ model: "applications", remote_id: "7" }]));
      await inbox().accept(A, event("e2", 1, [{ model: "applications", remote_id: "8" }]));
      await inbox().accept(A, event("e3", 2, [{ model: "applications", remote_id: "7" }]));
      // An event received earlier but delivered later does not move the time back.
      await inbox().accept(A, event("e4", 1, [{ model: "applications", remote_id: "7" }]));
      expect(await inbox().pending(A, 10)).toEqual([
        { model: "applications", remote_id: "8", requested_at: at(1) },
        { model: "applications", remote_id: "7", requested_at: at(2) },
      ]);
      expect(await inbox().pending(A, 1)).toHaveLength(1);
    });

    it("settles refreshed rows but keeps a record asked for again after the refresh read it", async () => {
      const [A] = fixture.integrations();
      await inbox().accept(A, event("e1", 0, [{ model: "applications", remote_id: "7" }]));
      await inbox().accept(A, event("e2", 0, [{ model: "candidates", remote_id: "3" }]));
      const taken: PendingRefresh[] = await inbox().pending(A, 10);
      await inbox().accept(A, event("e3", 4, [{ model: "applications", remote_id: "7" }]));
      await inbox().settle(A, [...taken, { model: "jobs", remote_id: "nope", requested_at: at(0) }]);
      expect(await inbox().pending(A, 10)).toEqual([
        { model: "applications", remote_id: "7", requested_at: at(4) },
      ]);
    });

    it("keeps integrations apart and drops an integration's rows with it", async () => {
      const [A, B] = fixture.integrations();
      await inbox().accept(A, event("same", 0, [{ model: "jobs", remote_id: "1" }]));
      expect(await inbox().accept(B, event("same", 0, [{ model: "jobs", remote_id: "2" }]))).toBe(true);
      expect((await inbox().pending(B, 10)).map((t) => t.remote_id)).toEqual(["2"]);
      await fixture.storage().integrations.delete(A);
      expect(await inbox().pending(A, 10)).toEqual([]);
      expect(await rejection(inbox().accept(A, event("x", 0, [])))).toMatchObject({
        code: "PLATFORM.INTEGRATION_NOT_FOUND",
      });
    });

    it("prunes event keys received before a time, after which the same key is accepted again", async () => {
      const [A, B] = fixture.integrations();
      await inbox().accept(A, event("old", 0, []));
      await inbox().accept(B, event("old", 0, []));
      await inbox().accept(A, event("new", 60, []));
      expect(await inbox().prune(at(30))).toBe(2);
      expect(await inbox().accept(A, event("old", 90, []))).toBe(true);
      expect(await inbox().accept(A, event("new", 90, []))).toBe(false);
    });

    it("refuses an invalid event naming each field, writing nothing", async () => {
      const [A] = fixture.integrations();
      const bad = {
        key: "",
        type: "x".repeat(201),
        received_at: "yesterday",
        targets: [
          { model: "planets", remote_id: "1" },
          { model: "jobs", remote_id: "" },
        ],
      } as unknown as InboxEvent;
      const error = await rejection(inbox().accept(A, bad));
      expect(error?.code).toBe("PLATFORM.INPUT_INVALID");
      for (const path of ["key", "type", "received_at", "targets.0.model", "targets.1.remote_id"])
        expect(error?.message).toContain(path);
      const tooMany = event(
        "many",
        0,
        Array.from({ length: 101 }, (_, i) => ({ model: "jobs" as const, remote_id: String(i) })),
      );
      expect((await rejection(inbox().accept(A, tooMany)))?.message).toContain("targets");
      expect(await inbox().pending(A, 200)).toEqual([]);
      expect(await inbox().accept(A, event("many", 0, []))).toBe(true);
    });
  });
}
