import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base58, newIntegrationId, toolOfIntegrationId, unifiedId } from "./ids.js";

/** unifiedId of the vector below as the original BigInt encoder computed it (ids are persisted). */
const PINNED_ID = "46RFznkCph35wSNiUwH78ERj";

describe("ids", () => {
  it("base58 encodes known vectors", () => {
    expect(base58(Buffer.from("Hello World!"))).toBe("2NEpo7TZRRrLZSi2U");
    expect(base58(Uint8Array.from([0, 0, 1]))).toBe("112");
    expect(base58(new Uint8Array(0))).toBe("");
    expect(base58(Uint8Array.from([0, 0]))).toBe("11");
    expect(unifiedId("icims:AAAAAAAAAAAAAAAAAAAAAAAA", "jobs", "1234")).toBe(PINNED_ID);
  });

  it("base58 equals the arithmetic (BigInt) definition on random inputs", () => {
    const reference = (bytes: Uint8Array): string => {
      const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
      let n = 0n;
      for (const b of bytes) n = (n << 8n) | BigInt(b);
      let out = "";
      while (n > 0n) {
        out = alphabet[Number(n % 58n)] + out;
        n /= 58n;
      }
      for (const b of bytes) {
        if (b !== 0) break;
        out = `1${out}`;
      }
      return out;
    };
    const inputs: Uint8Array[] = [new Uint8Array(0), Uint8Array.from([0]), Uint8Array.from([0, 0, 0])];
    for (let length = 1; length <= 64; length++) {
      inputs.push(new Uint8Array(length).fill(255), new Uint8Array(length).fill(0));
      for (let k = 0; k < 40; k++) {
        const bytes = randomBytes(length);
        inputs.push(bytes);
        const padded = Buffer.concat([Buffer.alloc(k % 4), bytes]);
        inputs.push(padded);
      }
    }
    for (let k = 0; k < 5_000; k++) inputs.push(randomBytes(32));
    for (const bytes of inputs) expect(base58(bytes)).toBe(reference(bytes));
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
