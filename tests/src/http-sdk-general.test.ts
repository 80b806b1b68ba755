import type { Kombo } from "@kombo-api/sdk";
import { KomboGeneralError } from "@kombo-api/sdk/models/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

let h: Harness;
let served: SdkServer;
let kombo: Kombo;

beforeAll(async () => {
  h = await startHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  served = await serveSdk(h.atsync, h.integrationId);
  kombo = served.kombo;
});
afterAll(async () => {
  await served.close();
  await h.close();
});

const raw = (path: string, init: RequestInit = {}) => served.raw(path, init);

describe("Kombo's general endpoints through the SDK", () => {
  it("lists tools in the SDK's shape, coverage from the connector", async () => {
    const { data } = await kombo.general.getTools({ category: "ats" });
    const tool = data.tools.find((t) => t.id === "fixture");
    expect(tool?.coverage.read_models.map((m) => m.id)).toContain("ats_jobs");
    expect(tool?.coverage.read_models.find((m) => m.id === "ats_jobs")?.fields.map((f) => f.id)).toEqual(
      h.atsync.connectors.get("fixture").coverage.models.jobs?.fields,
    );
    expect(tool?.coverage.features.map((f) => f.id)).toEqual(["delta_sync", "passthrough"]);
  });

  it("takes force-sync FULL and DELTA only", async () => {
    expect((await kombo.general.triggerSync({ type: "FULL" })).data.type).toMatch(/^(FULL|DELTA)$/);
    const res = await raw("/force-sync", { method: "POST", body: JSON.stringify({ type: "DELETION_SCAN" }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("type");
  });

  it("answers codes of the SDK's general enum on a disabled integration, and passthrough calls no vendor", async () => {
    await h.atsync.integrations.setEnabled(h.integrationId, false);
    try {
      const before = h.vendor.calls();
      for (const call of [
        () => kombo.general.triggerSync({ type: "DELTA" }),
        () =>
          kombo.general.sendPassthroughRequest({
            tool: "fixture",
            api: "default",
            body: { method: "GET", path: "/ping-through" },
          }),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(KomboGeneralError);
        expect((error as KomboGeneralError).data$.error.code).toBe("PLATFORM.INPUT_INVALID");
        expect((error as KomboGeneralError).data$.error.message).toContain("INTEGRATION.INACTIVE");
      }
      expect(h.vendor.calls()).toEqual(before);
    } finally {
      await h.atsync.integrations.setEnabled(h.integrationId, true);
    }
  });

  it("reads repeated and comma-separated list parameters alike", async () => {
    const ids = ["1000", "1001", "1002"].map((r) => `remote_ids=${r}`).join("&");
    const repeated = (await (await raw(`/ats/jobs?${ids}`)).json()) as { data: { results: unknown[] } };
    const joined = (await (await raw("/ats/jobs?remote_ids=1000,1001,1002")).json()) as {
      data: { results: unknown[] };
    };
    expect(repeated.data.results).toHaveLength(3);
    expect(repeated.data.results).toEqual(joined.data.results);
  });
});
