import { isAtsyncError, unifiedId } from "@atsync/core";
import { toRecordInput } from "@atsync/core/connector";
import { sampleRemoteRecord } from "@atsync/core/testing";
import {
  DataChangedWebhookPayload$inboundSchema,
  SyncFinishedWebhookPayload$inboundSchema,
} from "@kombo-api/sdk/models";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  return error as { code: string; message: string };
}

const jobId = () => unifiedId(h.integrationId, "jobs", "1001");
const body = (email = "new.person@example.com") => ({
  candidate: { first_name: "New", last_name: "Person", email_address: email },
});

describe("reads before and after the first sync", () => {
  it("answers INTEGRATION.SETUP_SYNC_PENDING until the first full sync finished", async () => {
    h = await startHarness();
    const pending = await failure(h.atsync.ats(h.integrationId).jobs.list());
    expect(pending.code).toBe("INTEGRATION.SETUP_SYNC_PENDING");
    await h.atsync.sync.runNow(h.integrationId, "full");
    const page = await h.atsync.ats(h.integrationId).jobs.list({ page_size: 2 });
    expect(page.results).toHaveLength(2);
    expect(page.next).not.toBeNull();
  });

  it("answers INTEGRATION.INACTIVE for a disabled integration", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    await h.atsync.integrations.setEnabled(h.integrationId, false);
    expect((await failure(h.atsync.ats(h.integrationId).jobs.list())).code).toBe("INTEGRATION.INACTIVE");
  });
});

describe("write actions", () => {
  it("creates an application, answers Kombo's shape, and makes it readable and tracked at once", async () => {
    h = await startHarness({ settings: {} });
    await h.atsync.sync.runNow(h.integrationId, "full");
    const response = await h.atsync.ats(h.integrationId).actions.createApplication(jobId(), body());
    expect(response.status).toBe("success");
    const app = response.data as {
      id: string;
      job_id: string;
      candidate: { first_name: string; id: string };
    };
    expect(app.job_id).toBe(jobId());
    expect(app.candidate.first_name).toBe("New");
    expect(await h.atsync.ats(h.integrationId).applications.get(app.id)).toMatchObject({ id: app.id });
    const tracked = await h.atsync.storage.syncState.listTracked(h.integrationId, "applications");
    expect(tracked.map((t) => t.origin)).toEqual(["created"]);
    expect(await h.atsync.storage.syncState.listTracked(h.integrationId, "candidates")).toHaveLength(1);
    const delta = await h.atsync.sync.runNow(h.integrationId, "delta");
    expect(delta.status).toBe("succeeded");
    expect(await h.atsync.storage.records.count(h.integrationId, "applications")).toBe(1);
  });

  it("lists every invalid input field and calls no vendor", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const before = h.vendor.calls()["POST /applications"] ?? 0;
    const error = await failure(
      h.atsync
        .ats(h.integrationId)
        .actions.createApplication(jobId(), { candidate: { first_name: "", email_address: "nope" } }),
    );
    expect(error.code).toBe("PLATFORM.INPUT_INVALID");
    for (const field of ["candidate.first_name", "candidate.last_name", "candidate.email_address"]) {
      expect(error.message).toContain(field);
    }
    expect(h.vendor.calls()["POST /applications"] ?? 0).toBe(before);
  });

  it("refuses an unknown job id naming the field", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const error = await failure(
      h.atsync.ats(h.integrationId).actions.createApplication("no-such-job", body()),
    );
    expect(error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(error.message).toContain("job_id");
  });

  it("accepts Kombo's remote:<id> form for the job", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const response = await h.atsync.ats(h.integrationId).actions.createApplication("remote:1002", body());
    expect((response.data as { job_id: string }).job_id).toBe(unifiedId(h.integrationId, "jobs", "1002"));
  });

  it("replays an Idempotency-Key without calling the vendor again, and refuses it for another request", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const actions = h.atsync.ats(h.integrationId).actions;
    const first = await actions.createApplication(jobId(), body(), { idempotencyKey: "key-1" });
    const replay = await actions.createApplication(jobId(), body(), { idempotencyKey: "key-1" });
    expect(replay).toEqual(first);
    expect(h.vendor.calls()["POST /applications"]).toBe(1);
    const other = await failure(
      actions.createApplication(jobId(), body("other@example.com"), { idempotencyKey: "key-1" }),
    );
    expect(other.code).toBe("PLATFORM.INPUT_INVALID");
    expect(other.message).toContain("Idempotency-Key");
  });

  it("frees the key after a failed call so a retry can succeed", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    h.vendor.injectFault({ kind: "server_error" });
    const actions = h.atsync.ats(h.integrationId).actions;
    expect((await failure(actions.createApplication(jobId(), body(), { idempotencyKey: "k" }))).code).toBe(
      "REMOTE.SERVICE_UNAVAILABLE",
    );
    expect((await actions.createApplication(jobId(), body(), { idempotencyKey: "k" })).status).toBe(
      "success",
    );
  });

  it("moves an application to a stage and writes the change through", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const appId = unifiedId(h.integrationId, "applications", "1000");
    const stageId = unifiedId(h.integrationId, "application_stages", "1002");
    const response = await h.atsync
      .ats(h.integrationId)
      .actions.moveApplicationToStage(appId, { stage_id: stageId });
    expect(response).toEqual({ status: "success", data: {}, warnings: [] });
    expect(
      (await h.atsync.storage.records.get(h.integrationId, "applications", appId))?.current_stage_id,
    ).toBe(stageId);
  });

  it("refuses a stage of another job, naming stage_id, without calling the vendor", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const appId = unifiedId(h.integrationId, "applications", "1000");
    const application = await h.atsync.storage.records.get(h.integrationId, "applications", appId);
    const otherJob = "1003";
    expect(application?.job_id).not.toBe(unifiedId(h.integrationId, "jobs", otherJob));
    await h.atsync.storage.commitPage({
      integrationId: h.integrationId,
      model: "application_stages",
      records: [
        toRecordInput(
          h.integrationId,
          "application_stages",
          sampleRemoteRecord("application_stages", "s-other-job", { job_remote_id: otherJob }),
        ),
      ],
      deletions: [],
      at: h.clock.now().toISOString(),
    });
    const before = h.vendor.calls();
    const error = await failure(
      h.atsync.ats(h.integrationId).actions.moveApplicationToStage(appId, {
        stage_id: unifiedId(h.integrationId, "application_stages", "s-other-job"),
      }),
    );
    expect(error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(JSON.stringify((error as { details?: unknown }).details)).toContain("stage_id");
    expect(h.vendor.calls()).toEqual(before);
  });

  it("answers INTEGRATION.ACTION_NOT_AVAILABLE for an action the connector does not cover", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const appId = unifiedId(h.integrationId, "applications", "1000");
    const error = await failure(
      h.atsync
        .ats(h.integrationId)
        .actions.addApplicationResultLink(appId, { label: "Score", url: "https://x.example/r" }),
    );
    expect(error.code).toBe("INTEGRATION.ACTION_NOT_AVAILABLE");
  });
});

describe("passthrough", () => {
  it("forwards a path-only request with auth injected", async () => {
    h = await startHarness();
    const response = await h.atsync.passthrough(h.integrationId, "fixture", "default", {
      method: "GET",
      path: "/hello",
      params: { q: "1" },
    });
    expect(response.data.status).toBe(200);
    expect(response.data.data).toEqual({ path: "/raw/hello", query: { q: "1" } });
  });

  it("refuses auth headers, absolute URLs and another tool", async () => {
    h = await startHarness();
    const call = (tool: string, req: unknown) =>
      failure(h.atsync.passthrough(h.integrationId, tool, "default", req));
    expect(
      (await call("fixture", { method: "GET", path: "/x", headers: { Authorization: "Bearer x" } })).message,
    ).toContain("headers.Authorization");
    expect((await call("fixture", { method: "GET", path: "https://evil.example/" })).code).toBe(
      "PLATFORM.INPUT_INVALID",
    );
    expect((await call("icims", { method: "GET", path: "/x" })).message).toContain("tool");
  });
});

describe("events", () => {
  it("emits data-changed and sync-finished payloads that Kombo's SDK schemas accept", async () => {
    h = await startHarness();
    const seen: unknown[] = [];
    h.atsync.events.on("data-changed", (e) => {
      seen.push(DataChangedWebhookPayload$inboundSchema.parse(e));
    });
    h.atsync.events.on("sync-finished", (e) => {
      seen.push(SyncFinishedWebhookPayload$inboundSchema.parse(e));
    });
    await h.atsync.sync.runNow(h.integrationId, "full");
    expect(seen).toHaveLength(2);
  });

  it("serves the change feed by cursor", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const first = await h.atsync.changesSince(h.integrationId, null, 10);
    expect(first.entries).toHaveLength(10);
    const rest = await h.atsync.changesSince(h.integrationId, first.cursor, 1000);
    expect(first.entries.length + rest.entries.length).toBe(5 + 3 + 4 + 12 + 15);
  });
});
