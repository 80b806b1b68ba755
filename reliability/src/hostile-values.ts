// fast-check arbitraries of hostile input for the hostile-input suite: wrong types, huge strings
// and arrays, unicode and control characters, prototype-pollution keys, deep nesting, SQL
// metacharacters and malformed JSON text.
import fc from "fast-check";

/** A request body: a value sent as JSON, or raw text sent as it is (malformed or pathological JSON). */
export type HostileBody = { json: unknown } | { raw: string };

/** Keys that pollute prototypes or shadow built-ins when code merges objects carelessly. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toJSON", "hasOwnProperty", "valueOf"];

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE records; --",
  '" OR ""="',
  "%' AND 1=1 AND '%'='",
  "1); SELECT pg_sleep(10); --",
  "$1",
  "\\'",
  "') OR ('a'='a",
  "' UNION SELECT credentials FROM integrations --",
  "*/ /*",
];

const NASTY = [
  "",
  " ",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "../../etc/passwd",
  "..%2F..%2F",
  "%00",
  "\u0000",
  "\r\nX-Injected: 1",
  "\u202e\u2066",
  "\ud800",
  "😀".repeat(50),
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile input (log4shell spelling), not a template
  "${jndi:ldap://x}",
  "{{7*7}}",
  "Zürich",
  "ﷺ",
];

/** Cursors that are not atsync's: garbage, base64 of wrong shapes, huge, SQL. */
export const badCursor: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    "e30",
    "bnVsbA",
    Buffer.from('{"after":{"$gt":""}}').toString("base64url"),
    Buffer.from('{"after":1}').toString("base64url"),
    Buffer.from('{"after":"\' OR 1=1 --"}').toString("base64url"),
    Buffer.from("[1,2,3]").toString("base64url"),
    Buffer.from('{"seq":-1}').toString("base64url"),
    "-1",
    "99999999999999999999999",
    "0",
  ),
  fc.constantFrom(...SQL),
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => Buffer.from(s).toString("base64url")),
);

/** Strings meant to break things: SQL, control characters, all of unicode, pollution keys, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL, ...NASTY, ...PROTO_KEYS) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      maxLength: 20,
    }),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: badCursor },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 5_000, max: 400_000 }), fc.constantFrom("a", "é", "😀", "\u0000", "'"))
      .map(([n, c]) => c.repeat(Math.ceil(n / c.length))),
  },
);

/** Scalars of every JSON type plus numbers JSON cannot hold exactly. */
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Object keys: ordinary, hostile, or prototype-pollution keys. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: hostileString.filter((s) => s.length < 200) },
);

/** JSON-like values of any shape built from the hostile pieces above (shallow: ≤ 4 levels). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    { weight: 4, arbitrary: hostileScalar },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileKey, tie("value"), { maxKeys: 6 }) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => new Array(n).fill("x")),
    },
  ),
})).value;

/** JSON text nesting `depth` arrays/objects. */
function nested(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}${close.repeat(depth)}`;
}

/** Raw bodies: malformed JSON, pathological nesting, pollution payloads, BOM, NULs. */
const hostileRaw: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 65, max: 20_000 }).map((d) => nested(d, "[", "]")),
  fc.integer({ min: 65, max: 20_000 }).map((d) => `${'{"a":'.repeat(d)}1${"}".repeat(d)}`),
  fc.constantFrom(
    '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"a":1,"a":2}',
    "\ufeff{}",
    "{",
    "[1,]",
    "{'a':1}",
    "NaN",
    "\u0000",
    '"\\ud800"',
    "1".repeat(400),
    `{"x":"${"\\u0000".repeat(100)}"}`,
  ),
  fc.string({ unit: "binary", maxLength: 200 }),
);

/** A hostile body: mostly hostile values as JSON, sometimes raw text. */
export const hostileBody: fc.Arbitrary<HostileBody> = fc.oneof(
  { weight: 3, arbitrary: hostileValue.map((json) => ({ json })) },
  { weight: 1, arbitrary: hostileRaw.map((raw) => ({ raw })) },
);

/** A copy of `base` with the member at `path` (dot-separated) set to `value` (created when missing). */
function withMember(base: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const parts = path.split(".");
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== "object") node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  Object.defineProperty(node, parts.at(-1) as string, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/**
 * Bodies close to `base` (a valid body): one member (from `paths`, or a hostile extra key) replaced
 * by a hostile value, or the whole body hostile. These get past the first checks and test the
 * deeper ones.
 */
export function mutatedBody(base: unknown, paths: readonly string[]): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), hostileValue)
        .map(([path, value]) => ({ json: withMember(base, path, value) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(hostileKey, hostileValue)
        .map(([key, value]) => ({ json: withMember(base, key, value) })),
    },
    { weight: 1, arbitrary: hostileBody },
  );
}

/** Hostile query strings: known parameters and random ones with hostile values. */
export function hostileQuery(params: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(
    fc.oneof(fc.constantFrom(...params), hostileKey),
    fc.oneof(hostileString, badCursor, fc.integer().map(String)),
    { maxKeys: 4 },
  );
}
