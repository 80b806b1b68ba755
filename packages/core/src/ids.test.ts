import { describe, expect, it } from "vitest";
import { base58, newIntegrationId, toolOfIntegrationId, unifiedId } from "./ids.js";

describe("ids", () => {
  it("base58 encodes known vectors", () => {
    expect(base58(Buffer.from("Hello World!"))).toBe("2NEpo7TZRRrLZSi2U");
    expect(base58(Uint8Array.from([0, 0, 1]))).toBe("112");
  });

  it("unifiedId is deterministic, 24 base58 chars, and differs per integration, model and remote id", () => {
    const id = unifiedId("icims:AAAAAAAAAAAAAAAAAAAAAAAA", "jobs", "1234");
    expect(id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
    expect(unifiedId("icims:AAAAAAAAAAAAAAAAAAAAAAAA", "jobs", "1234")).toBe(id);
    expect(unifiedId("icims:BBBBBBBBBBBBBBBBBBBBBBBB", "jobs", "1234")).not.toBe(id);
    expect(unifiedId("icims:AAAAAAAAAAAAAAAAAAAAAAAA", "candidates", "1234")).not.toBe(id);
    expect(unifiedId("icims:AAAAAAAAAAAAAAAAAAAAAAAA", "jobs", "12345")).not.toBe(id);
  });

  it("newIntegrationId has Kombo's <tool>:<24 chars> shape and is random", () => {
    const a = newIntegrationId("icims");
    expect(a).toMatch(/^icims:[1-9A-HJ-NP-Za-km-z]{24}$/);
    expect(newIntegrationId("icims")).not.toBe(a);
    expect(toolOfIntegrationId(a)).toBe("icims");
    expect(toolOfIntegrationId("nocolon")).toBeNull();
    expect(() => newIntegrationId("Bad Tool")).toThrow(/Invalid tool slug/);
  });
});
