import { describe, expect, it } from "vitest";
import { isAtsyncError } from "../errors.js";
import type { DiscoveredField } from "../storage/field-config.js";
import type { AtsyncStorage } from "../storage/storage.js";

/** What the field-config group needs from `describeStorageConformance`'s fixture (read per test). */
export interface FieldConfigFixture {
  /** The backend under test. */
  storage(): AtsyncStorage;
  /** Two integrations that exist (tool `fixture`). */
  integrations(): [string, string];
}

const field = (id: string, label: string | null = null): DiscoveredField => ({
  id,
  model: "jobs",
  key: id.split(".")[1] ?? id,
  type: id.includes(".field") ? "CUSTOM" : "DEFAULT",
  label,
});

async function rejection(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (isAtsyncError(e) ? e.code : String(e)),
  );
}

/** The `FieldConfigStore` behaviour every backend must have (called by `describeStorageConformance`). */
export function describeFieldConfigConformance(fixture: FieldConfigFixture): void {
  describe("field config", () => {
    it("discovers each field once, passthrough off, and keeps flags and labels on rediscovery", async () => {
      const { fields } = fixture.storage();
      const [A] = fixture.integrations();
      expect(await fields.discover(A, [field("jobs.title"), field("jobs.field100")])).toBe(2);
      expect(await fields.setPassthrough(A, "jobs.field100", true)).toMatchObject({
        id: "jobs.field100",
        is_passthrough_enabled: true,
      });
      expect(await fields.discover(A, [field("jobs.field100", "Cost center"), field("jobs.dept")])).toBe(1);
      expect(await fields.getField(A, "jobs.field100")).toEqual({
        ...field("jobs.field100", "Cost center"),
        is_passthrough_enabled: true,
      });
      expect((await fields.enabledFields(A)).map((f) => f.id)).toEqual(["jobs.field100"]);
      expect(await fields.setPassthrough(A, "jobs.unknown", true)).toBeNull();
    });

    it("pages fields in ascending id order and keeps integrations apart", async () => {
      const { fields } = fixture.storage();
      const [A, B] = fixture.integrations();
      await fields.discover(
        A,
        ["jobs.c", "jobs.a", "jobs.b"].map((id) => field(id)),
      );
      await fields.discover(B, [field("jobs.z")]);
      const first = await fields.listFields(A, { page_size: 2 });
      expect(first.results.map((f) => f.id)).toEqual(["jobs.a", "jobs.b"]);
      const second = await fields.listFields(A, { cursor: first.next, page_size: 2 });
      expect(second).toEqual({
        results: [{ ...field("jobs.c"), is_passthrough_enabled: false }],
        next: null,
      });
      expect((await fields.listFields(B, { page_size: 10 })).results.map((f) => f.id)).toEqual(["jobs.z"]);
      expect(await fields.getField(B, "jobs.a")).toBeNull();
      expect(await rejection(fields.listFields(A, { cursor: "not a cursor", page_size: 2 }))).toBe(
        "PLATFORM.INPUT_INVALID",
      );
    });

    it("sets, replaces and removes custom-field mappings", async () => {
      const { fields } = fixture.storage();
      const [A, B] = fixture.integrations();
      await fields.setCustomFieldMapping(A, "jobs.cost_center", "jobs.field100");
      await fields.setCustomFieldMapping(A, "candidates.referral", "people.field200");
      await fields.setCustomFieldMapping(A, "jobs.cost_center", "jobs.field101");
      expect(await fields.customFieldMappings(A)).toEqual([
        { custom_field_id: "candidates.referral", integration_field_id: "people.field200" },
        { custom_field_id: "jobs.cost_center", integration_field_id: "jobs.field101" },
      ]);
      expect(await fields.customFieldMappings(B)).toEqual([]);
      await fields.setCustomFieldMapping(A, "candidates.referral", null);
      expect((await fields.customFieldMappings(A)).map((m) => m.custom_field_id)).toEqual([
        "jobs.cost_center",
      ]);
    });

    it("refuses writes to an unknown integration and forgets everything with a deleted one", async () => {
      const { fields, integrations } = fixture.storage();
      const [A] = fixture.integrations();
      expect(await rejection(fields.discover("fixture:missing", [field("jobs.a")]))).toBe(
        "PLATFORM.INTEGRATION_NOT_FOUND",
      );
      expect(await rejection(fields.setCustomFieldMapping("fixture:missing", "jobs.x", "jobs.a"))).toBe(
        "PLATFORM.INTEGRATION_NOT_FOUND",
      );
      await fields.discover(A, [field("jobs.a")]);
      await fields.setCustomFieldMapping(A, "jobs.x", "jobs.a");
      await integrations.delete(A);
      expect(await fields.listFields(A, { page_size: 10 })).toEqual({ results: [], next: null });
      expect(await fields.customFieldMappings(A)).toEqual([]);
    });
  });
}
