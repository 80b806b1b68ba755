import { unifiedId } from "@atsync/core";
import type { Kombo } from "@kombo-api/sdk";
import { type KomboAtsError, KomboGeneralError } from "@kombo-api/sdk/models/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness, truthIds } from "./icims-harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

let h: IcimsHarness;
let served: SdkServer;
let kombo: Kombo;

/** A GET of atsync's API with the SDK's headers, for what the SDK's list schemas drop (`warnings`). */
const getJson = async (path: string) =>
  (await (await served.raw(path)).json()) as {
    data: { results: unknown[] };
    warnings: { message: string }[];
  };

beforeAll(async () => {
  h = await startIcimsHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  served = await serveSdk(h.atsync, h.integrationId);
  kombo = served.kombo;
});
afterAll(async () => {
  await served.close();
  await h.close();
});

describe("unsupported filters (iCIMS fills no post_url or visibility)", () => {
  it("match nothing and say so in warnings", async () => {
    const page = await kombo.ats.getJobs({ post_url: "https://example.com/job", statuses: ["OPEN"] });
    expect(page.result.data.results).toEqual([]);
    const answer = await getJson("/ats/jobs?post_url=https%3A%2F%2Fexample.com%2Fjob&statuses=OPEN");
    expect(answer.data.results).toEqual([]);
    expect(answer.warnings).toHaveLength(1);
    expect(answer.warnings[0]?.message).toContain("`post_url`");
    expect(answer.warnings[0]?.message).toContain("ignore_unsupported_filters=true");
  });

  it("are dropped with ignore_unsupported_filters, with a warning naming them; the others still apply", async () => {
    const page = await kombo.ats.getJobs({
      post_url: "https://example.com/job",
      visibilities: ["PUBLIC"],
      ignore_unsupported_filters: true,
      page_size: 250,
    });
    expect(page.result.data.results.map((j) => j.remote_id).sort()).toEqual(truthIds(h.sim, "jobs").sort());
    const answer = await getJson(
      "/ats/jobs?post_url=x&visibilities=PUBLIC&ignore_unsupported_filters=true&page_size=250",
    );
    expect(answer.data.results).toHaveLength(page.result.data.results.length);
    expect(answer.warnings).toHaveLength(1);
    expect(answer.warnings[0]?.message).toMatch(/`post_url`, `visibilities`.*ignored/);
    expect((await getJson("/ats/jobs?statuses=OPEN")).warnings).toEqual([]);
  });
});

describe("passthrough to iCIMS through the SDK", () => {
  const resumeOwner = () =>
    h.sim.state.list("people").find((p) => typeof p.resume === "object" && p.resume !== null) as {
      id: number;
    };

  it("answers the body base64-encoded with response_as_base64 (a resume's bytes survive)", async () => {
    const path = `/people/${resumeOwner().id}/fields/resume/binary`;
    const plain = await kombo.general.sendPassthroughRequest({
      tool: "icims",
      api: "default",
      body: { method: "GET", path },
    });
    const encoded = await kombo.general.sendPassthroughRequest({
      tool: "icims",
      api: "default",
      body: { method: "GET", path, response_as_base64: true },
    });
    expect(encoded.data.status).toBe(200);
    expect(typeof encoded.data.data).toBe("string");
    const bytes = Buffer.from(encoded.data.data as string, "base64");
    expect(bytes.length).toBeGreaterThan(0);
    expect(encoded.data.headers["content-type"]).toBe(plain.data.headers["content-type"]);
    if (String(plain.data.headers["content-type"]).startsWith("text/"))
      expect(bytes.toString("utf8")).toBe(plain.data.data);
    else expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("refuses api_options iCIMS does not honour with 400 naming the option, before any vendor call", async () => {
    const before = h.sim.state.stats();
    const error = await kombo.general
      .sendPassthroughRequest({
        tool: "icims",
        api: "default",
        body: { method: "GET", path: "/jobs", api_options: { region: "eu" } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KomboGeneralError);
    expect((error as KomboGeneralError).data$.error.code).toBe("PLATFORM.INPUT_INVALID");
    expect((error as KomboGeneralError).data$.error.message).toContain("api_options.region");
    expect(h.sim.state.stats()).toEqual(before);
  });
});

describe("importTrackedApplication through the SDK (created-applications-only iCIMS integration)", () => {
  it("tracks the iCIMS workflow named in the SDK's application_remote_id form; the next delta reads it", async () => {
    const created = await startIcimsHarness({ settings: { createdApplicationsOnly: true } });
    const createdServer = await serveSdk(created.atsync, created.integrationId);
    try {
      await created.atsync.sync.runNow(created.integrationId, "full");
      expect(await created.storedIds("applications")).toEqual([]);
      const workflowId = truthIds(created.sim, "applicantworkflows")[2] as string;
      const answer = await createdServer.kombo.ats.importTrackedApplication({
        successfactors: { id_type: "application_remote_id", application_remote_id: workflowId },
        tracked_at: new Date("2024-05-01T10:00:00Z"),
      });
      expect(answer.data).toEqual({
        id: unifiedId(created.integrationId, "applications", workflowId),
        tracked_at: new Date("2024-05-01T10:00:00Z"),
        imported_id: {
          successfactors: { id_type: "application_remote_id", application_remote_id: workflowId },
        },
      });
      // The next delta reads a tracked workflow never stored, whatever its change date, and its candidate.
      created.sim.state.advance(60 * 60_000);
      expect((await created.atsync.sync.runNow(created.integrationId, "delta")).status).toBe("succeeded");
      expect(await created.storedIds("applications")).toEqual([workflowId]);
      expect(await created.storedIds("candidates")).toHaveLength(1);
      const error = await createdServer.kombo.ats
        .importTrackedApplication({
          smartrecruiters: {
            id_type: "candidate_and_job_remote_ids",
            candidate_remote_id: "1",
            job_remote_id: "2",
          },
          tracked_at: null,
        })
        .catch((e: unknown) => e);
      expect((error as KomboAtsError).data$.error.code).toBe("PLATFORM.INPUT_INVALID");
      expect((error as KomboAtsError).data$.error.message).toContain("smartrecruiters");
    } finally {
      await createdServer.close();
      await created.close();
    }
  });
});
