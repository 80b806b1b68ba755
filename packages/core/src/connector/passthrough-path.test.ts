import { describe, expect, it } from "vitest";
import { isAtsyncError } from "../errors.js";
import { joinPassthroughPath } from "./passthrough-path.js";

const BASE = "https://api.icims.com/customers/1234";

describe("joinPassthroughPath", () => {
  it("joins a path under the API base, keeping the query", () => {
    expect(joinPassthroughPath(BASE, "/people/5?fields=firstname").toString()).toBe(
      "https://api.icims.com/customers/1234/people/5?fields=firstname",
    );
    expect(joinPassthroughPath(`${BASE}/`, "jobs").toString()).toBe(
      "https://api.icims.com/customers/1234/jobs",
    );
  });

  it.each([
    ["https://evil.example/x", /not a URL/],
    ["//evil.example/x", /not a URL/],
    ["/../../admin", /segments/],
    ["/people/%2e%2e/%2e%2e/other", /segments/],
    ["/a\\b", /backslash/],
    ["", /required/],
  ])("refuses %j", (path, why) => {
    let error: unknown;
    try {
      joinPassthroughPath(BASE, path);
    } catch (e) {
      error = e;
    }
    expect(isAtsyncError(error)).toBe(true);
    expect((error as Error).message).toMatch(why);
    expect((error as { code: string }).code).toBe("PLATFORM.INPUT_INVALID");
  });
});
