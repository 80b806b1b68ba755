import { describe, expect, it } from "vitest";
import { isAtsyncError } from "../errors.js";
import { parseReadQuery, type ReadResource } from "./resources.js";

/** The `{ path, message }` issues of the `PLATFORM.INPUT_INVALID` that parsing `raw` throws. */
function issuesOf(resource: ReadResource, raw: unknown): { path: string; message: string }[] {
  try {
    parseReadQuery(resource, raw);
  } catch (error) {
    if (isAtsyncError(error) && error.code === "PLATFORM.INPUT_INVALID") {
      return (error.details as { issues: { path: string; message: string }[] }).issues;
    }
    throw error;
  }
  throw new Error("expected PLATFORM.INPUT_INVALID");
}

describe("parseReadQuery", () => {
  it("applies Kombo's defaults when nothing is given", () => {
    expect(parseReadQuery("jobs", {})).toEqual({
      page_size: 100,
      include_deleted: false,
      ignore_unsupported_filters: false,
    });
    expect(parseReadQuery("users", undefined).page_size).toBe(100);
  });

  it("parses what the SDK sends over HTTP: strings, comma-joined lists, true/false, ISO datetimes", () => {
    const parsed = parseReadQuery("jobs", {
      cursor: "abc",
      page_size: "25",
      updated_after: "2024-05-01T10:00:00.000Z",
      include_deleted: "true",
      ignore_unsupported_filters: "false",
      ids: "id1,id2",
      remote_ids: " r1 , r2 ",
      job_codes: "ENG-1",
      post_url: "https://jobs.example.com/a?b=c,d",
      statuses: "OPEN,CLOSED",
      employment_types: "FULL_TIME",
      visibilities: "PUBLIC,UNLISTED",
      remote_created_after: "2024-01-01T00:00:00Z",
      name_contains: "engineer",
    });
    expect(parsed).toEqual({
      cursor: "abc",
      page_size: 25,
      updated_after: "2024-05-01T10:00:00.000Z",
      include_deleted: true,
      ignore_unsupported_filters: false,
      ids: ["id1", "id2"],
      remote_ids: ["r1", "r2"],
      job_codes: ["ENG-1"],
      post_url: "https://jobs.example.com/a?b=c,d",
      statuses: ["OPEN", "CLOSED"],
      employment_types: ["FULL_TIME"],
      visibilities: ["PUBLIC", "UNLISTED"],
      remote_created_after: "2024-01-01T00:00:00.000Z",
      name_contains: "engineer",
    });
  });

  it("accepts the library's typed values: arrays (items kept whole), booleans, numbers, Dates", () => {
    const parsed = parseReadQuery("applications", {
      page_size: 250,
      include_deleted: true,
      updated_after: new Date("2024-05-01T10:00:00+02:00"),
      job_remote_ids: ["a,b", "c"],
      outcomes: ["HIRED"],
    });
    expect(parsed).toMatchObject({
      page_size: 250,
      include_deleted: true,
      updated_after: "2024-05-01T08:00:00.000Z",
      job_remote_ids: ["a,b", "c"],
      outcomes: ["HIRED"],
    });
  });

  it("reads datetimes with an offset, without one (UTC) and dates (midnight UTC)", () => {
    const at = (value: string) => parseReadQuery("users", { updated_after: value }).updated_after;
    expect(at("2024-05-01T10:00:00+02:00")).toBe("2024-05-01T08:00:00.000Z");
    expect(at("2024-05-01T10:00:00")).toBe("2024-05-01T10:00:00.000Z");
    expect(at("2024-05-01")).toBe("2024-05-01T00:00:00.000Z");
  });

  it("treats blank values as not given", () => {
    const parsed = parseReadQuery("candidates", {
      cursor: "",
      page_size: "",
      include_deleted: "",
      ids: "",
      job_ids: " , ",
      email: "  ",
      updated_after: "",
    });
    expect(parsed).toEqual({ page_size: 100, include_deleted: false, ignore_unsupported_filters: false });
    expect(parseReadQuery("jobs", { statuses: [] }).statuses).toBeUndefined();
  });

  it("ignores parameters the endpoint does not have", () => {
    expect(parseReadQuery("users", { statuses: "NOPE", foo: "bar" })).not.toHaveProperty("statuses");
  });

  it("names every invalid parameter in one PLATFORM.INPUT_INVALID", () => {
    const issues = issuesOf("jobs", {
      page_size: "0",
      include_deleted: "yes",
      ignore_unsupported_filters: 1,
      updated_after: "yesterday",
      remote_created_after: new Date("nope"),
      ids: 5,
      statuses: "OPEN,open,NOPE",
      name_contains: ["a"],
    });
    expect(new Set(issues.map((i) => i.path))).toEqual(
      new Set([
        "page_size",
        "include_deleted",
        "ignore_unsupported_filters",
        "updated_after",
        "remote_created_after",
        "ids",
        "statuses",
        "name_contains",
      ]),
    );
    expect(issues.filter((i) => i.path === "statuses").map((i) => i.message)).toEqual([
      '"open" is not one of OPEN, CLOSED, DRAFT, ARCHIVED',
      '"NOPE" is not one of OPEN, CLOSED, DRAFT, ARCHIVED',
    ]);
  });

  it.each([
    ["0", "must be from 1 to 250"],
    ["251", "must be from 1 to 250"],
    ["1.5", "expected an integer"],
    ["ten", "expected an integer"],
  ])("rejects page_size %s", (pageSize, message) => {
    expect(issuesOf("users", { page_size: pageSize })).toEqual([{ path: "page_size", message }]);
  });

  it.each([
    ["applications", { outcomes: "WITHDRAWN" }, "outcomes"],
    ["jobs", { employment_types: "FREELANCE" }, "employment_types"],
    ["jobs", { visibilities: "SECRET" }, "visibilities"],
    ["candidates", { email: 42 }, "email"],
    ["users", { emails: { a: 1 } }, "emails"],
  ] as const)("rejects %s %j", (resource, raw, param) => {
    expect(issuesOf(resource, raw).map((i) => i.path)).toEqual([param]);
  });
});
