import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, hashAndSerialize } from "./encoding.js";

/** The definition canonicalJson must keep matching: JSON.stringify with keys sorted at every level. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rand: () => number, depth: number): unknown {
  const kind = Math.floor(rand() * (depth > 3 ? 5 : 7));
  const text = () =>
    ["", "a", "Zürich", 'quote " and \\ backslash', "line\nbreak", "\u2028", "😀", "10", "__proto__x"][
      Math.floor(rand() * 9)
    ] as string;
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e21, -0, 123456789][Math.floor(rand() * 6)];
    case 3:
    case 4:
      return text();
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--)
        out[`${text()}${Math.floor(rand() * 3)}`] = randomValue(rand, depth + 1);
      return out;
    }
  }
}

describe("canonicalJson", () => {
  it("equals JSON.stringify with sorted keys on 20,000 random nested values", () => {
    const rand = random(42);
    for (let i = 0; i < 20_000; i++) {
      const value = randomValue(rand, 0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it("sorts keys at every level, whatever order they were written in", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("follows JSON.stringify for values JSON has no literal for", () => {
    const odd = {
      when: new Date("2026-01-01T00:00:00Z"),
      gone: undefined,
      nan: Number.NaN,
      2: "numeric key",
      list: [undefined],
    };
    expect(canonicalJson(odd)).toBe(reference(odd));
  });
});

describe("contentHash", () => {
  it("ignores key order, bookkeeping, the vendor payload and vendor timestamps, and sees every other field", () => {
    const base = {
      id: "x",
      remote_id: "1",
      first_name: "Ada",
      custom_fields: { a: 1 },
      remote_data: { raw: 1 },
    };
    const hash = contentHash(base);
    expect(contentHash({ custom_fields: { a: 1 }, first_name: "Ada", remote_id: "1", id: "y" })).toBe(hash);
    expect(
      contentHash({ ...base, remote_data: { raw: 2 }, remote_updated_at: "2026-01-01T00:00:00.000Z" }),
    ).toBe(hash);
    expect(contentHash({ ...base, first_name: "Grace" })).not.toBe(hash);
    expect(contentHash({ ...base, custom_fields: { a: 2 } })).not.toBe(hash);
  });
});

describe("canonicalJson on deep values", () => {
  it("canonicalises 20,000 levels of nesting without recursion", () => {
    let value: unknown = { b: 1, a: null };
    for (let i = 0; i < 10_000; i++) value = [{ z: value, y: i }];
    const out = canonicalJson(value);
    expect(out.startsWith('[{"y":9999,"z":[{"y":9998,')).toBe(true);
    expect(out.endsWith('{"a":null,"b":1}}]'.concat("}]".repeat(9_999)))).toBe(true);
  });

  it("refuses a cycle with a TypeError, as JSON.stringify does", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });
});

describe("hashAndSerialize", () => {
  it("gives contentHash and the record's JSON value on 20,000 random records, bookkeeping members included", () => {
    const rand = random(7);
    const bookkeeping = ["id", "changed_at", "remote_data", "remote_updated_at"];
    for (let i = 0; i < 20_000; i++) {
      const record: Record<string, unknown> = {};
      for (let k = Math.floor(rand() * 6); k > 0; k--) {
        const key =
          rand() < 0.3 ? (bookkeeping[Math.floor(rand() * 4)] as string) : `f${Math.floor(rand() * 9)}`;
        record[key] = randomValue(rand, 1);
      }
      if (rand() < 0.05) record["7"] = "index-like";
      if (rand() < 0.05) record["at"] = new Date(Math.floor(rand() * 1e12));
      if (rand() < 0.05) record["gone"] = undefined;
      const { hash, json } = hashAndSerialize(record);
      expect(hash).toBe(contentHash(record));
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(record)));
    }
  });

  it("writes members in sorted order at every level", () => {
    expect(hashAndSerialize({ b: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }], id: "z" }).json).toBe(
      '{"a":[{"c":2,"d":1}],"b":{"x":2,"y":1},"id":"z"}',
    );
  });
});
