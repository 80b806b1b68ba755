import {
  type Atsync,
  type CustomFieldDefinition,
  createAtsync,
  type IntegrationSettings,
  type StoredRecord,
} from "@atsync/core";
import { toRecordInput } from "@atsync/core/connector";
import {
  FakeClock,
  FIXTURE_MODELS,
  type FixtureVendor,
  type FixtureVendorOptions,
  fixtureConnector,
  startFixtureVendor,
} from "@atsync/core/testing";
import { createMemoryStorage } from "@atsync/storage-memory";
import { expect } from "vitest";

/** An atsync instance with memory storage, a fake clock and one fixture-vendor integration. */
export interface Harness {
  atsync: Atsync;
  vendor: FixtureVendor;
  clock: FakeClock;
  integrationId: string;
  close(): Promise<void>;
}

/** Starts a fixture vendor and connects one integration to it (nothing synced yet). */
export async function startHarness(
  options: {
    settings?: IntegrationSettings;
    vendor?: FixtureVendorOptions;
    customFields?: readonly CustomFieldDefinition[];
  } = {},
): Promise<Harness> {
  const clock = new FakeClock("2026-03-01T09:00:00.000Z");
  const vendor = await startFixtureVendor({ now: () => clock.now(), ...options.vendor });
  const atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: "2".repeat(64) }),
    connectors: [fixtureConnector],
    clock,
    http: { retryLimit: 2, backoffBaseMs: 1 },
    ...(options.customFields ? { customFields: options.customFields } : {}),
  });
  const integration = await atsync.integrations.connect({
    tool: "fixture",
    credentials: { baseUrl: vendor.url, apiKey: vendor.apiKey },
    settings: options.settings ?? { createdApplicationsOnly: false },
  });
  return {
    atsync,
    vendor,
    clock,
    integrationId: integration.id,
    close: async () => {
      await atsync.close();
      await vendor.close();
    },
  };
}

/** Asserts the store holds exactly the vendor's live records, field for field, with no duplicates. */
export async function expectStoreMatchesVendor(h: Harness): Promise<void> {
  for (const model of FIXTURE_MODELS) {
    // With no field configuration, records carrying integration fields keep none of them, and
    // their custom fields are exactly the (no) mapped ones (FieldProjection).
    const expected = h.vendor
      .records(model)
      .map((r) => toRecordInput(h.integrationId, model, r))
      .map((r) =>
        Array.isArray(r.integration_fields) ? { ...r, integration_fields: [], custom_fields: {} } : r,
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const stored: StoredRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.atsync.storage.records.list(h.integrationId, model, { page_size: 1000, cursor });
      stored.push(...page.results);
      cursor = page.next;
    } while (cursor);
    const comparable = stored.map(({ changed_at, remote_deleted_at, tree_changed_at, ...rest }) => rest);
    expect(comparable, model).toEqual(expected);
  }
}
