import { isAtsyncError } from "@atsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

async function issuesOf(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe("PLATFORM.INPUT_INVALID");
  return (error as { details: { issues: { path: string; message: string }[] } }).details.issues;
}

describe("connector settings: stored apart from credentials", () => {
  it("are validated with the connector's schema when connecting, naming the member", async () => {
    h = await startHarness();
    const connect = (connector: Record<string, unknown>) =>
      h.atsync.integrations.connect({
        tool: "fixture",
        credentials: { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey },
        settings: { connector },
      });
    const before = h.vendor.calls();
    expect((await issuesOf(connect({ pageSize: 0 }))).map((i) => i.path)).toEqual(["connector.pageSize"]);
    expect((await issuesOf(connect({ colour: "red" }))).map((i) => i.path)).toEqual(["connector"]);
    // Refused before the vendor is called, and nothing stored.
    expect(h.vendor.calls()).toEqual(before);
    expect(await h.atsync.integrations.list()).toHaveLength(1);
  });

  it("are shown by GET integration, change without the credentials and apply to the next vendor call", async () => {
    h = await startHarness({ settings: { createdApplicationsOnly: false, connector: { pageSize: 2 } } });
    expect((await h.atsync.integrations.get(h.integrationId)).settings.connector).toEqual({ pageSize: 2 });
    const credentials = await h.atsync.storage.integrations.getCredentials(h.integrationId);

    await h.atsync.sync.runNow(h.integrationId, "full");
    // 4 jobs at 2 per page: 2 full pages and the empty one that ends the listing.
    expect(h.vendor.pageRequests("jobs")).toHaveLength(3);

    const updated = await h.atsync.integrations.updateSettings(h.integrationId, {
      connector: { pageSize: 1 },
    });
    expect(updated.settings.connector).toEqual({ pageSize: 1 });
    expect(updated.settings.createdApplicationsOnly).toBe(false);
    expect(await h.atsync.storage.integrations.getCredentials(h.integrationId)).toEqual(credentials);
    await h.atsync.sync.runNow(h.integrationId, "full");
    expect(h.vendor.pageRequests("jobs")).toHaveLength(3 + 5);

    // A bad value changes nothing; null returns a member to the connector's default.
    expect(
      (
        await issuesOf(
          h.atsync.integrations.updateSettings(h.integrationId, { connector: { pageSize: 101 } }),
        )
      ).map((i) => i.path),
    ).toEqual(["connector.pageSize"]);
    expect((await h.atsync.integrations.get(h.integrationId)).settings.connector).toEqual({ pageSize: 1 });
    const reset = await h.atsync.integrations.updateSettings(h.integrationId, {
      connector: { pageSize: null },
    });
    expect(reset.settings.connector).toEqual({});
  });

  it("keeps applying settings an older integration stored inside its credentials, under settings.connector", async () => {
    h = await startHarness();
    // Connected before the connector had a settings schema: pageSize sits in the stored credentials.
    await h.atsync.storage.integrations.setCredentials(
      h.integrationId,
      { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey, pageSize: 2 },
      h.clock.now().toISOString(),
    );
    await h.atsync.sync.runNow(h.integrationId, "full");
    expect(h.vendor.pageRequests("jobs")).toHaveLength(3);
    // settings.connector wins over what the credentials hold.
    await h.atsync.integrations.updateSettings(h.integrationId, { connector: { pageSize: 1 } });
    await h.atsync.sync.runNow(h.integrationId, "full");
    expect(h.vendor.pageRequests("jobs")).toHaveLength(3 + 5);
  });
});
