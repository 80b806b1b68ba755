import { describe, expect, it } from "vitest";
import type { PassthroughCall } from "../connector/session.js";
import { isAtsyncError } from "../errors.js";
import { GuardedFetcher } from "../net/guarded-fetch.js";
import type { IntegrationRuntime } from "../runtime/integration-runtime.js";
import type { IntegrationStore } from "../storage/integrations.js";
import { MAX_MULTIPART_FILE_BYTES, PassthroughService } from "./passthrough-service.js";

/** A service on an active `fixture` integration whose session records each passthrough call. */
function service(): { forward: (body: unknown) => Promise<unknown>; calls: PassthroughCall[] } {
  const calls: PassthroughCall[] = [];
  const integrations = {
    get: async () => ({ id: "fixture:1", tool: "fixture", status: "ACTIVE" }),
  } as unknown as IntegrationStore;
  const runtime = {
    signal: new AbortController().signal,
    connector: async () => ({ name: "Fixture", capabilities: { passthrough: true } }),
    session: async () => ({
      passthrough: async (call: PassthroughCall) => {
        calls.push(call);
        return { url: "https://vendor.example/x", status: 200, headers: {}, data: null };
      },
    }),
  } as unknown as IntegrationRuntime;
  // Every host resolves to a public address the test never reaches: downloads are not exercised here.
  const fetcher = new GuardedFetcher({ resolve: async () => ["192.0.2.1"] });
  const passthrough = new PassthroughService(integrations, () => runtime, fetcher);
  return { forward: (body) => passthrough.forward("fixture:1", "fixture", "default", body), calls };
}

const base64 = (text: string) => Buffer.from(text).toString("base64");

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error) && error.code).toBe("PLATFORM.INPUT_INVALID");
  return (error as Error).message;
}

describe("PassthroughService multipart_form_data", () => {
  it("hands the connector a FormData of the parts in order: text fields, files with name and type", async () => {
    const { forward, calls } = service();
    await forward({
      method: "POST",
      path: "/upload",
      headers: { "X-Trace": "1" },
      multipart_form_data: [
        { name: "title", value: "Resume" },
        { name: "file", value: { name: "cv.txt", content_type: "text/plain", data: base64("hello") } },
        { name: "title", value: "again" },
      ],
    });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.data).toBeUndefined();
    expect(call?.headers).toEqual({ "X-Trace": "1" });
    const entries = [...(call?.form?.entries() ?? [])];
    expect(entries.map(([name]) => name)).toEqual(["title", "file", "title"]);
    expect(entries[0]?.[1]).toBe("Resume");
    const file = entries[1]?.[1] as File;
    expect([file.name, file.type, await file.text()]).toEqual(["cv.txt", "text/plain", "hello"]);
    expect(entries[2]?.[1]).toBe("again");
  });

  it("refuses files together larger than the limit, naming the part that passes it, calling nothing", async () => {
    const { forward, calls } = service();
    const half = base64("x".repeat(MAX_MULTIPART_FILE_BYTES / 2 + 1));
    const file = (name: string) => ({ name, content_type: "text/plain", data: half });
    const message = await refusal(
      forward({
        method: "POST",
        path: "/upload",
        multipart_form_data: [
          { name: "a", value: file("a.txt") },
          { name: "b", value: file("b.txt") },
        ],
      }),
    );
    expect(message).toContain("multipart_form_data.1.value.data");
    expect(calls).toEqual([]);
  });

  it("names every problem of a bad body at once and calls nothing", async () => {
    const { forward, calls } = service();
    const message = await refusal(
      forward({
        method: "GET",
        path: "/upload",
        data: "x",
        headers: { "content-type": "text/plain" },
        multipart_form_data: [{ name: "a", value: "b" }],
      }),
    );
    for (const field of ["data", "multipart_form_data", "headers.content-type"])
      expect(message).toContain(field);
    expect(calls).toEqual([]);
  });
});
