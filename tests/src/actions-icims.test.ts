import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isAtsyncError, unifiedId } from "@atsync/core";
import { createHttpHandler } from "@atsync/core/http";
import { describe, expect, it, onTestFinished } from "vitest";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  return error as { code: string; message: string };
}

const body = (email = "new.person@example.com") => ({
  candidate: { first_name: "New", last_name: "Person", email_address: email },
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

  it("answers refusals over HTTP as 400 in Kombo's envelope, never a 5xx", async () => {
    const ih = await icims();
    const served = await fileServer();
    const handler = createHttpHandler({ atsync: ih.atsync, basePath: "/v1" });
    const { key } = await ih.atsync.apiKeys.create("test");
    const post = async (path: string, json: unknown) => {
      const response = await handler(
        new Request(`http://127.0.0.1/v1${path}`, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${key}`,
            "X-Integration-Id": ih.integrationId,
            "Content-Type": "application/json",
          },
          body: JSON.stringify(json),
        }),
      );
      return {
        status: response.status,
        body: (await response.json()) as { error: { code: string; message: string } },
      };
    };
    const person = String(ih.sim.state.list("people")[7]?.id);
    const ssrf = await post(
      `/ats/candidates/${unifiedId(ih.integrationId, "candidates", person)}/attachments`,
      {
        attachment: cv(served.url("127.1")),
      },
    );
    expect(ssrf.status).toBe(400);
    expect(ssrf.body.error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(ssrf.body.error.message).toContain("attachment.data_url");
    const traversal = await post("/ats/jobs/remote:../applications", body("x@example.com"));
    expect(traversal.status).toBe(400);
    expect(traversal.body.error.message).toContain("job_id");
    expect(served.hits()).toBe(0);
    expect(vendorWrites(ih)).toBe(0);
  });
});
