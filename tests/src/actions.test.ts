import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isAtsyncError, unifiedId } from "@atsync/core";
import {
  DataChangedWebhookPayload$inboundSchema,
  SyncFinishedWebhookPayload$inboundSchema,
} from "@kombo-api/sdk/models";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { type Harness, startHarness } from "./harness.js";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";

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

describe("write actions on iCIMS: guarded downloads, nothing half-written, safe ids and URLs", () => {
  type Served = { url: (host: string) => string; hits: () => number };

  /** A local file server (127.0.0.1 and, where the machine has it, ::1), closed after the test. */
  async function fileServer(
    answer: (req: IncomingMessage, res: ServerResponse) => void = (_, res) =>
      res.writeHead(200, { "Content-Type": "application/pdf" }).end("%PDF internal secret"),
  ): Promise<Served> {
    let hits = 0;
    const server = createServer((req, res) => {
      hits++;
      answer(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "::", r));
    onTestFinished(() => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    });
    const { port } = server.address() as AddressInfo;
    return { url: (host) => `http://${host}:${port}/cv.pdf`, hits: () => hits };
  }

  async function icims(options: Parameters<typeof startIcimsHarness>[0] = {}): Promise<IcimsHarness> {
    const harness = await startIcimsHarness(options);
    onTestFinished(() => harness.close());
    await harness.atsync.sync.runNow(harness.integrationId, "full");
    harness.sim.state.resetStats();
    return harness;
  }

  /** Simulator requests that write (everything but GETs, searches and token requests). */
  const vendorWrites = (ih: IcimsHarness) =>
    Object.entries(ih.sim.state.stats())
      .filter(([key]) => !/^(GET |POST \/search\/|POST \/oauth\/token)/.test(key))
      .reduce((sum, [, n]) => sum + n, 0);

  const cv = (data_url: string) => ({ name: "cv.pdf", type: "CV" as const, data_url });

  it("refuses data_urls that point at the host in any spelling (400 naming data_url), fetching and writing nothing", async () => {
    const ih = await icims();
    const served = await fileServer();
    const person = String(ih.sim.state.list("people")[5]?.id);
    const candidateId = unifiedId(ih.integrationId, "candidates", person);
    const spellings = [
      "127.0.0.1",
      "localhost",
      "127.1",
      "2130706433",
      "0x7f000001",
      "017700000001",
      "[::ffff:127.0.0.1]",
      "[::ffff:7f00:1]",
      "[::1]",
      "0.0.0.0",
      "[::]",
      "[64:ff9b::7f00:1]",
    ];
    for (const host of spellings) {
      const error = await failure(
        ih.atsync
          .ats(ih.integrationId)
          .actions.addCandidateAttachment(candidateId, { attachment: cv(served.url(host)) }),
      );
      expect(error.code, host).toBe("PLATFORM.INPUT_INVALID");
      expect(error.message, host).toContain("attachment.data_url");
    }
    expect(served.hits()).toBe(0);
    expect(vendorWrites(ih)).toBe(0);
    const attachments = await ih.atsync.ats(ih.integrationId).actions.getCandidateAttachments(candidateId);
    expect(JSON.stringify(attachments)).not.toContain(Buffer.from("internal secret").toString("base64"));
  });

  it("downloads from an allow-listed address, re-checks every redirect hop and limits the size", async () => {
    const ih = await icims({ fetchAllow: ["127.0.0.1/32"] });
    const served = await fileServer((req, res) => {
      if (req.url === "/cv.pdf") res.writeHead(200, { "Content-Type": "application/pdf" }).end("%PDF ok");
      else if (req.url === "/big.pdf") res.writeHead(200).end(Buffer.alloc(10 * 1024 * 1024 + 1));
      else res.writeHead(302, { Location: req.url?.slice(1) ?? "" }).end();
    });
    const actions = ih.atsync.ats(ih.integrationId).actions;
    const person = String(ih.sim.state.list("people")[6]?.id);
    const candidateId = unifiedId(ih.integrationId, "candidates", person);
    await actions.addCandidateAttachment(candidateId, { attachment: cv(served.url("127.0.0.1")) });
    const stored = ih.sim.state.get("people", Number(person))?.["resume"];
    expect(stored).toBeDefined();
    const base = served.url("127.0.0.1").replace("/cv.pdf", "");
    for (const [path, reason] of [
      [`/${base.replace("127.0.0.1", "127.0.0.2")}/cv.pdf`, "loopback"],
      [`/${base.replace("127.0.0.1", "[::1]")}/cv.pdf`, "loopback"],
      ["/big.pdf", "larger than 10 MiB"],
    ] as const) {
      const error = await failure(
        actions.addCandidateAttachment(candidateId, { attachment: cv(`${base}${path}`) }),
      );
      expect(error.code, path).toBe("PLATFORM.INPUT_INVALID");
      expect(error.message, path).toContain("attachment.data_url");
      expect(error.message, path).toContain(reason);
    }
    expect(vendorWrites(ih)).toBe(1);
  });

  it("creates nothing at the vendor when the CV download fails or the job does not exist", async () => {
    const ih = await icims({ fetchAllow: ["127.0.0.1/32"] });
    const served = await fileServer((_, res) => res.writeHead(404).end());
    const actions = ih.atsync.ats(ih.integrationId).actions;
    const job = unifiedId(ih.integrationId, "jobs", String(ih.sim.state.list("jobs")[0]?.id));
    const people = ih.sim.state.list("people").length;
    const input = { ...body("cv.missing@example.com"), attachments: [cv(served.url("127.0.0.1"))] };
    const missing = await failure(actions.createApplication(job, input));
    expect(missing.code).toBe("PLATFORM.INPUT_INVALID");
    expect(missing.message).toContain("attachments.0.data_url");
    expect(missing.message).toContain("HTTP 404");
    const noJob = await failure(
      actions.createCandidate({ ...body("no.job@example.com"), application: { job_id: "remote:999999" } }),
    );
    expect(noJob.code).toBe("PLATFORM.INPUT_INVALID");
    expect(noJob.message).toContain("application.job_id");
    const badStage = await failure(
      actions.createApplication(job, { ...body("bad.stage@example.com"), stage_id: "remote:C999" }),
    );
    expect(badStage.code).toBe("PLATFORM.INPUT_INVALID");
    expect(badStage.message).toContain("stage_id");
    expect(vendorWrites(ih)).toBe(0);
    expect(ih.sim.state.list("people")).toHaveLength(people);
  });

  it("completes a create whose resume upload failed midway on retry, tracking the application", async () => {
    const ih = await icims({ settings: { createdApplicationsOnly: true } });
    let failResume = true;
    const proxy = createServer((req, res) => {
      if (failResume && req.method === "PATCH" && req.url?.endsWith("/fields/resume/binary")) {
        failResume = false;
        req.resume();
        res
          .writeHead(500, { "Content-Type": "application/json" })
          .end('{"errors":[{"errorMessage":"boom"}]}');
        return;
      }
      const upstream = httpRequest(new URL(req.url ?? "/", ih.sim.url), {
        method: req.method,
        headers: req.headers,
      });
      upstream.on("response", (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    onTestFinished(() => {
      proxy.closeAllConnections();
      return new Promise<void>((r) => proxy.close(() => r()));
    });
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    await ih.atsync.integrations.updateCredentials(ih.integrationId, {
      ...ih.sim.connectorCredentials,
      apiUrl: proxyUrl,
      tokenUrl: `${proxyUrl}/oauth/token`,
    });
    const actions = ih.atsync.ats(ih.integrationId).actions;
    const job = unifiedId(ih.integrationId, "jobs", String(ih.sim.state.list("jobs")[2]?.id));
    const pdf = Buffer.from("%PDF midway").toString("base64");
    const input = {
      ...body("mid.way@example.com"),
      attachments: [{ name: "cv.pdf", type: "CV" as const, content_type: "application/pdf", data: pdf }],
    };
    const workflowsBefore = ih.sim.state.list("applicantworkflows").length;
    const first = await failure(actions.createApplication(job, input));
    const person = ih.sim.state.list("people").find((p) => p["email"] === "mid.way@example.com");
    const workflow = ih.sim.state.list("applicantworkflows").at(-1) as { id: number };
    expect(person).toBeDefined();
    expect(first.message).toContain(
      `candidate ${unifiedId(ih.integrationId, "candidates", String(person?.id))}`,
    );
    expect(first.message).toContain(
      `application ${unifiedId(ih.integrationId, "applications", String(workflow.id))}`,
    );
    const trackedAfterFailure = await ih.atsync.storage.syncState.listTracked(
      ih.integrationId,
      "applications",
    );
    expect(trackedAfterFailure.map((t) => t.remote_id)).toEqual([String(workflow.id)]);

    const retry = await actions.createApplication(job, input);
    expect((retry.data as { remote_id: string }).remote_id).toBe(String(workflow.id));
    expect(ih.sim.state.list("applicantworkflows")).toHaveLength(workflowsBefore + 1);
    expect(ih.sim.state.list("people").filter((p) => p["email"] === "mid.way@example.com")).toHaveLength(1);
    expect(ih.sim.state.get("people", Number(person?.id))?.["resume"]).toBeDefined();
    const tracked = await ih.atsync.storage.syncState.listTracked(ih.integrationId, "applications");
    expect(tracked.map((t) => t.remote_id)).toEqual([String(workflow.id)]);
    const again = await failure(actions.createApplication(job, input));
    expect(again.code).toBe("ATS.APPLICATION_ALREADY_EXISTS");
  });

  it("refuses javascript:, data: and vbscript: URLs and remote ids that could leave a vendor path", async () => {
    const ih = await icims();
    const actions = ih.atsync.ats(ih.integrationId).actions;
    const workflow = String(ih.sim.state.list("applicantworkflows")[0]?.id);
    const appId = unifiedId(ih.integrationId, "applications", workflow);
    for (const url of ["javascript:alert(1)", "data:text/html,<script>x</script>", "vbscript:msgbox(1)"]) {
      const error = await failure(actions.addApplicationResultLink(appId, { label: "Score", url }));
      expect(error.code, url).toBe("PLATFORM.INPUT_INVALID");
      expect(error.message, url).toContain("url");
    }
    const social = await failure(
      actions.createApplication(
        unifiedId(ih.integrationId, "jobs", String(ih.sim.state.list("jobs")[0]?.id)),
        {
          candidate: { ...body().candidate, social_links: [{ url: "javascript:alert(1)" }] },
        },
      ),
    );
    expect(social.message).toContain("candidate.social_links.0.url");
    const stage = unifiedId(ih.integrationId, "application_stages", "D10100");
    for (const id of [
      "remote:..",
      "remote:1/../2",
      "remote:1\\2",
      "remote:%2e%2e",
      "remote:12a",
      `remote:${"1".repeat(300)}`,
    ]) {
      const error = await failure(actions.moveApplicationToStage(id, { stage_id: stage }));
      expect(error.code, id).toBe("PLATFORM.INPUT_INVALID");
      expect(error.message, id).toContain("application_id");
    }
    expect(vendorWrites(ih)).toBe(0);
    expect(Object.keys(ih.sim.state.stats()).filter((k) => !k.startsWith("POST /oauth"))).toEqual([]);
  });
});
