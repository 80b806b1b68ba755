// The hostile-input suite (npm run test:reliability): fast-check generates hostile input for every
// route of atsync's HTTP handler — served over real HTTP, on memory storage, synced from two iCIMS
// simulators — and holds atsync to its promises: every bad input gets a 4xx in Kombo's error
// envelope, never a 5xx or a REMOTE.* code; rejected input changes nothing at the vendor or in
// storage; no secret reaches a response, a trace-level log line, a sync run or the change feed;
// missing, wrong and revoked keys get 401; `data_url` never reaches a local address; and one
// integration's requests never read or write another's data under 50 concurrent clients.
//
// Seeded: RELIABILITY_SEED (default below) fixes every generated case; a failure prints the seed,
// the route and the case. RELIABILITY_LOAD_SECONDS bounds the concurrency phase (default 120 s).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { icimsConnector } from "@atsync/connector-icims";
import { type Atsync, createAtsync, type ModelKey, systemClock } from "@atsync/core";
import { createHttpHandler, handleClientErrors, toNodeListener } from "@atsync/core/http";
import { MODELS } from "@atsync/core/storage";
import { createIcimsSimulator, type IcimsSimulator } from "@atsync/icims-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  badCursor,
  type HostileBody,
  hostileBody,
  hostileQuery,
  hostileString,
  mutatedBody,
} from "./hostile-values.js";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_511);
const LOAD_SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 120);
const ENCRYPTION_KEY = "5e".repeat(32);
/** The Basic password iCIMS' event notifications authenticate with (both integrations). */
const EVENT_SECRET = "hostile-event-secret-0123456789";
const EVENT_USER = "icims-events";

/** Everything the suite counts; printed at the end, and every counter but `cases` must stay 0. */
const tally = {
  cases: 0,
  fiveXx: 0,
  remoteCodes: 0,
  badEnvelopes: 0,
  stateChanges: 0,
  leaks: 0,
  ssrfHits: 0,
};
/** The first failures, with what reproduces them. */
const failures: string[] = [];

let logText = "";
let atsync: Atsync;
let simA: IcimsSimulator;
let simB: IcimsSimulator;
let A: string;
let B: string;
let server: Server;
let base: string;
let key: string;
let revokedKey: string;
let secrets: string[];
let ssrf: { servers: Server[]; hits: number; port: number };
/** Unified ids of each integration's stored records. */
/** One live record id per model and integration, for bodies and paths that need real ids. */
const sampleId = (integrationId: string, model: ModelKey) =>
  sample.get(`${integrationId}|${model}`) ?? "none";
const sample = new Map<string, string>();

function fail(kind: keyof typeof tally, what: string): void {
  tally[kind] += 1;
  if (failures.length < 25) failures.push(`${kind}: ${what} (RELIABILITY_SEED=${SEED})`);
}

/** A local listener counting every connection it gets: a `data_url` that reaches it is an SSRF. */
async function startSsrfListener(): Promise<typeof ssrf> {
  const state = { servers: [] as Server[], hits: 0, port: 0 };
  const handler = (_req: unknown, res: { end(body: string): void }) => {
    state.hits += 1;
    res.end("%PDF-1.4 not for you");
  };
  const v4 = createServer(handler);
  await new Promise<void>((r) => v4.listen(0, "127.0.0.1", r));
  state.port = (v4.address() as AddressInfo).port;
  state.servers.push(v4);
  const v6 = createServer(handler);
  await new Promise<void>((r) => {
    v6.once("error", () => r()); // no IPv6 loopback here: the [::1] spellings then reach nothing anyway
    v6.listen(state.port, "::1", r);
  });
  if (v6.listening) state.servers.push(v6);
  return state;
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  // Quotas out of the way: tens of thousands of requests are the point here, not the vendor's limits.
  const sizes = { jobs: 8, people: 40, applications: 60, dailyQuota: 10_000_000 };
  const tokens = { tokenRateLimit: { max: 1_000_000, windowS: 1 } };
  simA = await createIcimsSimulator({ seed: 11, ...sizes, ...tokens });
  simB = await createIcimsSimulator({ seed: 12, ...sizes, ...tokens });
  atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: ENCRYPTION_KEY }),
    connectors: [icimsConnector],
    clock: { now: () => new Date(simA.state.now()), sleep: systemClock.sleep },
    http: { retryLimit: 1, backoffBaseMs: 1 },
    logging: { destination: sink, level: "trace" },
  });
  const connect = async (sim: IcimsSimulator) =>
    (
      await atsync.integrations.connect({
        tool: "icims",
        credentials: {
          ...sim.connectorCredentials,
          eventAuth: "basic",
          eventUser: EVENT_USER,
          eventSecret: EVENT_SECRET,
        },
        settings: { createdApplicationsOnly: false, connector: sim.connectorSettings },
      })
    ).id;
  A = await connect(simA);
  B = await connect(simB);
  for (const id of [A, B]) {
    const run = await atsync.sync.runNow(id, "full");
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    for (const model of Object.keys(MODELS) as ModelKey[]) {
      const page = await atsync.storage.records.list(id, model, { page_size: 1, include_deleted: false });
      if (page.results[0]) sample.set(`${id}|${model}`, page.results[0].id);
    }
  }
  key = (await atsync.apiKeys.create("hostile")).key;
  const revoked = await atsync.apiKeys.create("revoked");
  revokedKey = revoked.key;
  await atsync.apiKeys.revoke(revoked.record.id);
  secrets = [
    key,
    revokedKey,
    ENCRYPTION_KEY,
    EVENT_SECRET,
    ...[simA, simB].flatMap((s) => [s.credentials.clientSecret, s.credentials.password]),
  ];
  server = handleClientErrors(createServer(toNodeListener(createHttpHandler({ atsync, basePath: "/v1" }))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  ssrf = await startSsrfListener();
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  for (const s of ssrf?.servers ?? []) s.close();
  await atsync?.close();
  await simA?.close();
  await simB?.close();
  process.stdout.write(
    `hostile-input (seed ${SEED}): ${tally.cases} generated cases; 5xx ${tally.fiveXx}, REMOTE.* codes ${tally.remoteCodes}, ` +
      `bad error envelopes ${tally.badEnvelopes}, state changes ${tally.stateChanges}, leaks ${tally.leaks}, SSRF hits ${tally.ssrfHits}\n`,
  );
  if (failures.length > 0) process.stdout.write(`first failures:\n  ${failures.join("\n  ")}\n`);
});

/** Writes the vendors saw (every call but reads, iCIMS searches and token requests), per simulator. */
function vendorWrites(): string {
  return [simA, simB]
    .map((s) =>
      Object.entries(s.state.stats())
        .filter(([route]) => !/^GET |^POST \/search\/|\/oauth\/token/.test(route))
        .map(([route, n]) => `${route}=${n}`)
        .sort()
        .join(","),
    )
    .join("|");
}

/** A cheap fingerprint of everything the HTTP surface can change in storage. */
async function storageState(): Promise<string> {
  const s = atsync.storage;
  const parts: unknown[] = [await s.integrations.list(), await s.apiKeys.list()];
  for (const id of [A, B]) {
    parts.push((await s.changeFeed.changesSince(id, null, 10_000)).entries.length);
    parts.push((await s.syncState.listRuns(id, { limit: 1000 })).map((r) => [r.id, r.status]));
    for (const model of ["candidates", "applications"] as const) {
      parts.push(await s.records.count(id, model, { includeDeleted: true }));
      parts.push((await s.syncState.listTracked(id, model)).length);
    }
  }
  return JSON.stringify(parts);
}

/** The first secret `text` contains, if any. */
function leakIn(text: string): string | undefined {
  return secrets.find((secret) => text.includes(secret));
}

interface Answer {
  status: number;
  text: string;
  ms: number;
}

/** One request to atsync; network errors come back as status 0. */
async function send(
  method: string,
  path: string,
  options: {
    body?: HostileBody;
    headers?: Record<string, string>;
    auth?: string | null;
    integration?: string;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-integration-id": options.integration ?? A,
    ...options.headers,
  };
  const auth = options.auth === undefined ? `Bearer ${key}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  const body =
    options.body === undefined
      ? undefined
      : "raw" in options.body
        ? options.body.raw
        : JSON.stringify(options.body.json);
  const started = performance.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined || method === "GET" || method === "HEAD" ? {} : { body }),
    });
    return { status: response.status, text: await response.text(), ms: performance.now() - started };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      text: `${String(error)} (${cause?.code ?? cause?.message ?? "no cause"})`,
      ms: performance.now() - started,
    };
  }
}

/** Checks one answer to hostile input: no 5xx, a proper error envelope on 4xx, no REMOTE.* code, no secret. */
function judge(answer: Answer, what: string): void {
  if (answer.status >= 500 || answer.status === 0)
    fail("fiveXx", `${answer.status} for ${what}: ${answer.text.slice(0, 300)}`);
  const leaked = leakIn(answer.text);
  if (leaked) fail("leaks", `a secret in the answer to ${what}`);
  if (answer.status >= 400 && answer.status < 500) {
    let envelope: { status?: string; error?: { code?: unknown; message?: unknown } } | null = null;
    try {
      envelope = JSON.parse(answer.text);
    } catch {
      envelope = null;
    }
    if (
      envelope?.status !== "error" ||
      typeof envelope.error?.message !== "string" ||
      !envelope.error.message
    )
      fail(
        "badEnvelopes",
        `${answer.status} without Kombo's error envelope for ${what}: ${answer.text.slice(0, 200)}`,
      );
    else if (String(envelope.error.code).startsWith("REMOTE."))
      fail("remoteCodes", `${envelope.error.code} for client input ${what}: ${envelope.error.message}`);
  }
}

/** A route of the HTTP surface with how to fill its path and what hostile input it gets. */
interface RouteCase {
  method: string;
  path: string;
  /** Arbitrary of (path with hostile or real ids, query, body, extra headers). */
  input: fc.Arbitrary<{
    path: string;
    query?: Record<string, string>;
    body?: HostileBody;
    headers?: Record<string, string>;
  }>;
}

/** One generated request of a route. */
type RouteInput = RouteCase["input"] extends fc.Arbitrary<infer T> ? T : never;

/** Path segments: a real id of the given model (of A, or of B to cross integrations) or a hostile string. */
function idSegment(model: ModelKey | null): fc.Arbitrary<string> {
  const real = model ? [sampleId(A, model), sampleId(B, model)] : [A, B];
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...real) },
    { weight: 3, arbitrary: hostileString.filter((s) => s.length < 2_000) },
  );
}

const LIST_PARAMS = [
  "cursor",
  "page_size",
  "updated_after",
  "include_deleted",
  "ignore_unsupported_filters",
  "ids",
  "remote_ids",
  "statuses",
  "job_ids",
  "candidate_ids",
  "email",
  "first_name",
  "last_name",
  "outcome",
  "name_contains",
  "remote_created_after",
  "job_remote_ids",
  "stage_ids",
];

/** A hostile Idempotency-Key or X-Integration-Id value fetch can carry (a ByteString without CR, LF, NUL). */
const headerValue = hostileString
  .map((s) => s.replace(/[^\x20-\x7e\x80-\xff\t]/g, "").slice(0, 4_000))
  .filter((s) => s.trim() === s);

/** A path segment for any string (lone surrogates become U+FFFD, as a URL would carry them). */
function seg(value: string): string {
  return encodeURIComponent(Buffer.from(value, "utf8").toString("utf8"));
}

function routeCases(): RouteCase[] {
  const plain = (method: string, path: string, body = hostileBody): RouteCase => ({
    method,
    path,
    input: body.map((b) => ({ path, body: b })),
  });
  const withId = (
    method: string,
    path: string,
    model: ModelKey | null,
    body: fc.Arbitrary<HostileBody>,
  ): RouteCase => ({
    method,
    path,
    input: fc
      .tuple(idSegment(model), body, fc.option(headerValue, { nil: undefined }))
      .map(([id, b, idem]) => ({
        path: path.replace(/\{[a-z_]+\}/, seg(id)),
        body: b,
        ...(idem === undefined ? {} : { headers: { "idempotency-key": idem } }),
      })),
  });
  // Credentials of A's tenant with a wrong secret: checks reach the simulator, never the internet.
  const wrongCredentials = { ...simA.connectorCredentials, clientSecret: "wrong-secret-value" };
  const candidate = { first_name: "Ada", last_name: "Lovelace", email_address: "ada@example.com" };
  const attachment = {
    attachment: { name: "cv.pdf", type: "CV", content_type: "application/pdf", data: "JVBERi0xLjQ=" },
  };
  // Vendor events: any tool and routing key, bodies as sent (garbage, gzip-looking, JSON), no or
  // wrong or right sender authentication (right: the body's checks answer).
  const eventBasic = `Basic ${Buffer.from(`${EVENT_USER}:${EVENT_SECRET}`).toString("base64")}`;
  const eventAuthHeader = fc.oneof(
    fc.constant(eventBasic),
    fc.constant(`Basic ${Buffer.from(`${EVENT_USER}:wrong-${EVENT_SECRET}`).toString("base64")}`),
    fc.constant("Bearer atsev1.9999999999.".concat("0".repeat(64))),
    fc.constant(
      "x-icims-v1-hmac-sha256 user=x, signedheaders=host;x-icims-date, signature=".concat("a".repeat(64)),
    ),
    headerValue,
  );
  const eventBody: fc.Arbitrary<HostileBody> = fc.oneof(
    hostileBody,
    mutatedBody(
      { customerId: String(simA.customerId), eventType: "WorkFlowStatusChangeEvent", systemId: "1" },
      ["customerId", "eventType", "systemId", "links"],
    ),
    fc.constant({ raw: "\u001f\u008b\u0008garbage" }),
  );
  const eventCase = (suffix: string): RouteCase => ({
    method: "POST",
    path: `/vendor-events/{tool}/{routing_key}${suffix}`,
    input: fc
      .tuple(
        fc.oneof(
          fc.constant("icims"),
          hostileString.filter((t) => t.length > 0 && t.length < 200),
        ),
        fc.oneof(
          fc.constant(A),
          fc.constant(B),
          hostileString.filter((k) => k.length > 0 && k.length < 500),
        ),
        eventBody,
        fc.option(eventAuthHeader, { nil: undefined }),
        fc.option(fc.constantFrom("gzip", "identity", "br", "x-gzip"), { nil: undefined }),
      )
      .map(([tool, routingKey, body, authorization, encoding]) => ({
        path: `/vendor-events/${seg(tool)}/${seg(routingKey)}${suffix}`,
        body,
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(encoding === undefined ? {} : { "content-encoding": encoding }),
        },
      })),
  });
  const cases: RouteCase[] = [
    eventCase(""),
    eventCase("/oauth/token"),
    plain("GET", "/check-api-key"),
    plain("GET", "/openapi.json"),
    plain("GET", "/integrations"),
    plain(
      "POST",
      "/integrations",
      mutatedBody({ tool: "icims", credentials: wrongCredentials }, [
        "tool",
        "credentials",
        "credentials.customerId",
        "credentials.region",
        "credentials.apiUrl",
        "credentials.tokenUrl",
        "end_user",
        "settings",
        "settings.deltaIntervalMinutes",
      ]),
    ),
    withId("GET", "/integrations/{id}", null, hostileBody),
    {
      method: "DELETE",
      path: "/integrations/{id}",
      input: hostileString
        .filter((id) => id.length < 2_000)
        .map((id) => ({ path: `/integrations/${seg(id)}` })),
    },
    withId("PUT", "/integrations/{id}/enabled", null, mutatedBody({ value: true }, ["value"])),
    withId(
      "PUT",
      "/integrations/{id}/credentials",
      null,
      mutatedBody(wrongCredentials, ["customerId", "region", "apiUrl", "tokenUrl", "audience"]),
    ),
    withId(
      "PATCH",
      "/integrations/{id}/settings",
      null,
      mutatedBody({ deltaIntervalMinutes: 30 }, [
        "deltaIntervalMinutes",
        "deletionThreshold",
        "createdApplicationsOnly",
        "sourceName",
        "quotaReserve",
        "deletionMinimumCount",
        "deletionConfirmBudget",
        "connector",
      ]),
    ),
    {
      method: "GET",
      path: "/integrations/{id}/sync-runs",
      input: fc.tuple(idSegment(null), hostileQuery(["limit"])).map(([id, query]) => ({
        path: `/integrations/${seg(id)}/sync-runs`,
        query,
      })),
    },
    {
      method: "GET",
      path: "/integrations/{id}/sync-runs/{run}",
      input: fc
        .tuple(
          idSegment(null),
          hostileString.filter((s) => s.length < 500),
        )
        .map(([id, run]) => ({
          path: `/integrations/${seg(id)}/sync-runs/${seg(run)}`,
        })),
    },
    {
      method: "GET",
      path: "/integrations/{id}/changes",
      input: fc
        .tuple(idSegment(null), hostileQuery(["cursor", "limit"]), badCursor)
        .map(([id, query, cursor]) => ({
          path: `/integrations/${seg(id)}/changes`,
          query: { cursor, ...query },
        })),
    },
    withId("GET", "/tools/{category}", null, hostileBody),
    plain("GET", "/api-keys"),
    plain("POST", "/api-keys", mutatedBody({ name: "k" }, ["name"])),
    withId("DELETE", "/api-keys/{id}", null, hostileBody),
    plain("POST", "/force-sync", mutatedBody({ type: "DELTA" }, ["type"])),
    {
      method: "POST",
      path: "/passthrough/{tool}/{api}",
      input: fc
        .tuple(
          fc.oneof(
            fc.constant("icims"),
            hostileString.filter((s) => s.length < 300),
          ),
          fc.oneof(
            fc.constant("default"),
            hostileString.filter((s) => s.length < 300),
          ),
          mutatedBody({ method: "GET", path: "/jobs", headers: { accept: "application/json" } }, [
            "method",
            "path",
            "headers",
            "headers.accept",
            "headers.X-Custom",
            "params",
            "params.q",
            "data",
            "multipart_form_data",
          ]),
        )
        .map(([tool, api, body]) => ({
          path: `/passthrough/${seg(tool)}/${seg(api)}`,
          body,
        })),
    },
    ...[
      "jobs",
      "candidates",
      "applications",
      "application-stages",
      "users",
      "interviews",
      "offers",
      "tags",
    ].map(
      (resource): RouteCase => ({
        method: "GET",
        path: `/ats/${resource}`,
        input: fc
          .tuple(hostileQuery(LIST_PARAMS), fc.option(badCursor, { nil: undefined }))
          .map(([query, cursor]) => ({
            path: `/ats/${resource}`,
            query: cursor === undefined ? query : { ...query, cursor },
          })),
      }),
    ),
    withId(
      "POST",
      "/ats/jobs/{job_id}/applications",
      "jobs",
      mutatedBody({ candidate }, [
        "candidate",
        "candidate.first_name",
        "candidate.email_address",
        "candidate.phone_number",
        "stage_id",
        "attachments",
        "screening_question_answers",
        "remote_fields",
        "source",
      ]),
    ),
    plain(
      "POST",
      "/ats/candidates",
      mutatedBody({ candidate, application: { job_id: "x" } }, [
        "candidate",
        "candidate.first_name",
        "candidate.last_name",
        "candidate.email_address",
        "candidate.social_links",
        "application",
        "application.job_id",
        "application.stage_id",
        "attachments",
        "source",
        "remote_fields",
      ]),
    ),
    withId(
      "POST",
      "/ats/applications/{id}/attachments",
      "applications",
      mutatedBody(attachment, [
        "attachment",
        "attachment.name",
        "attachment.type",
        "attachment.data",
        "attachment.data_url",
        "attachment.content_type",
      ]),
    ),
    withId(
      "POST",
      "/ats/candidates/{id}/attachments",
      "candidates",
      mutatedBody(attachment, ["attachment.name", "attachment.data", "attachment.data_url"]),
    ),
    withId("GET", "/ats/candidates/{id}/attachments", "candidates", hostileBody),
    withId("GET", "/ats/applications/{id}/attachments", "applications", hostileBody),
    withId(
      "PUT",
      "/ats/applications/{id}/stage",
      "applications",
      mutatedBody({ stage_id: "x" }, ["stage_id", "remote_fields"]),
    ),
    withId(
      "POST",
      "/ats/applications/{id}/result-links",
      "applications",
      mutatedBody({ label: "Test", url: "https://example.com/r" }, [
        "label",
        "url",
        "details",
        "details.attributes",
      ]),
    ),
    plain(
      "POST",
      "/ats/import-tracked-application",
      mutatedBody({ tracked_at: "2026-01-01T00:00:00Z", application_remote_ids: ["1"] }, [
        "tracked_at",
        "application_remote_ids",
      ]),
    ),
    withId(
      "POST",
      "/ats/applications/{id}/reject",
      "applications",
      mutatedBody({ rejection_reason_id: "remote:1", note: "x" }, ["rejection_reason_id", "note"]),
    ),
    withId(
      "POST",
      "/ats/applications/{id}/notes",
      "applications",
      mutatedBody({ content: "x", content_type: "PLAIN_TEXT" }, ["content", "content_type"]),
    ),
    withId(
      "POST",
      "/ats/candidates/{id}/tags",
      "candidates",
      mutatedBody({ tag: { name: "x" } }, ["tag.name"]),
    ),
    withId(
      "DELETE",
      "/ats/candidates/{id}/tags",
      "candidates",
      mutatedBody({ tag: { name: "x" } }, ["tag.name"]),
    ),
  ];
  return cases;
}

/** Sends one generated case of a route and judges the answer. */
async function sendCase(route: RouteCase, input: RouteInput, what: string): Promise<Answer> {
  const query = input.query ? `?${new URLSearchParams(input.query)}` : "";
  const answer = await send(route.method, `${input.path}${query}`, {
    ...(input.body === undefined ? {} : { body: input.body }),
    ...(input.headers === undefined ? {} : { headers: input.headers }),
    ...(input.headers?.authorization === undefined ? {} : { auth: input.headers.authorization }),
  });
  tally.cases += 1;
  judge(answer, what);
  if (({} as Record<string, unknown>).polluted !== undefined)
    fail("stateChanges", `Object.prototype polluted by ${what}`);
  return answer;
}

/**
 * Runs `n` generated cases of a route. Writes go one at a time, each rejected one checked for
 * vendor and storage changes; reads (which must never change anything) go 8 at a time, with the
 * state compared once around all of them.
 */
async function runRoute(route: RouteCase, index: number, n: number): Promise<void> {
  const seed = SEED + index;
  const inputs = fc.sample(route.input, { seed, numRuns: n });
  const what = (i: number) =>
    `${route.method} ${route.path} case ${i} (route seed ${seed}): ${JSON.stringify(inputs[i]).slice(0, 200)}`;
  if (route.method === "GET") {
    const before = [vendorWrites(), await storageState()];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < inputs.length; i = next++)
        await sendCase(route, inputs[i] as RouteInput, what(i));
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    if ([vendorWrites(), await storageState()].join() !== before.join())
      fail("stateChanges", `reads of ${route.method} ${route.path} changed state (route seed ${seed})`);
    return;
  }
  for (const [i, input] of inputs.entries()) {
    const before = [vendorWrites(), await storageState()];
    const answer = await sendCase(route, input, what(i));
    if (answer.status >= 400 && answer.status < 500) {
      const after = [vendorWrites(), await storageState()];
      if (after[0] !== before[0])
        fail("stateChanges", `vendor writes after a ${answer.status} to ${what(i)}`);
      if (after[1] !== before[1])
        fail("stateChanges", `storage changed after a ${answer.status} to ${what(i)}`);
    }
  }
}

describe("hostile input against the HTTP surface", () => {
  it("answers 401 to missing, wrong, malformed and revoked keys on every route", async () => {
    const badAuth = [
      null,
      "Bearer wrong-key-0123456789abcdef",
      `Bearer ${revokedKey}`,
      `Basic ${Buffer.from(`x:${key}`).toString("base64")}`,
      "Bearer",
      `Bearer ${key}x`,
      ...fc.sample(headerValue, { seed: SEED, numRuns: 20 }).map((v) => `Bearer ${v}`),
    ];
    for (const route of routeCases()) {
      // Served without an API key: the vendor authenticates as the integration's credentials say.
      if (route.path === "/openapi.json" || route.path.startsWith("/vendor-events/")) continue;
      const path = route.path.replace(/\{[a-z_]+\}/g, "x");
      for (const auth of badAuth) {
        const before = vendorWrites();
        const answer = await send(route.method, path, { auth, body: { json: {} } });
        tally.cases += 1;
        judge(answer, `${route.method} ${path} with Authorization ${auth === null ? "missing" : "bad"}`);
        if (answer.status !== 401)
          fail("badEnvelopes", `${answer.status} (not 401) for ${route.method} ${path} with a bad key`);
        if (vendorWrites() !== before)
          fail("stateChanges", `vendor writes after a 401 on ${route.method} ${path}`);
      }
    }
    expect(tally.badEnvelopes).toBe(0);
  });

  it("answers hostile input on every route with a 4xx in Kombo's envelope, changing nothing", async () => {
    const routes = routeCases();
    const perRoute = Math.ceil(Number(process.env.RELIABILITY_CASES ?? 11_000) / routes.length);
    for (const [i, route] of routes.entries()) await runRoute(route, i, perRoute);
    // Valid input among the generated cases may have disabled an integration or changed its settings.
    for (const id of [A, B]) {
      await atsync.integrations.setEnabled(id, true);
      await atsync.integrations.updateSettings(id, { createdApplicationsOnly: false });
    }
    // Malformed heads and hostile request headers of atsync's own API.
    for (const [i, value] of fc.sample(headerValue, { seed: SEED, numRuns: 300 }).entries()) {
      const answer = await send("GET", "/ats/jobs", { integration: value || "x" });
      tally.cases += 1;
      judge(answer, `X-Integration-Id case ${i}: ${JSON.stringify(value).slice(0, 100)}`);
    }
    const huge = await send("GET", "/ats/jobs", { headers: { "x-padding": "a".repeat(20_000) } });
    tally.cases += 1;
    judge(huge, "a 20 KB request head");
    expect(huge.status).toBe(431);
    expect(
      {
        fiveXx: tally.fiveXx,
        remoteCodes: tally.remoteCodes,
        badEnvelopes: tally.badEnvelopes,
        stateChanges: tally.stateChanges,
        leaks: tally.leaks,
      },
      failures.join("\n"),
    ).toEqual({ fiveXx: 0, remoteCodes: 0, badEnvelopes: 0, stateChanges: 0, leaks: 0 });
  });

  it("never fetches a data_url that points at this machine or the metadata service", async () => {
    const p = ssrf.port;
    const urls = [
      `http://127.0.0.1:${p}/cv.pdf`,
      `http://localhost:${p}/cv.pdf`,
      `http://127.1:${p}/cv.pdf`,
      `http://2130706433:${p}/cv.pdf`,
      `http://0x7f000001:${p}/cv.pdf`,
      `http://0177.0.0.1:${p}/cv.pdf`,
      `http://[::1]:${p}/cv.pdf`,
      `http://[::ffff:127.0.0.1]:${p}/cv.pdf`,
      `http://0.0.0.0:${p}/cv.pdf`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://user@127.0.0.1:${p}/cv.pdf`,
      `http://localtest.me:${p}/cv.pdf`,
    ];
    const targets = [
      `/ats/applications/${seg(sampleId(A, "applications"))}/attachments`,
      `/ats/candidates/${seg(sampleId(A, "candidates"))}/attachments`,
    ];
    const writesBefore = vendorWrites();
    for (const url of urls) {
      for (const path of targets) {
        const body = {
          json: {
            attachment: { name: "cv.pdf", type: "CV", content_type: "application/pdf", data_url: url },
          },
        };
        const answer = await send("POST", path, { body });
        tally.cases += 1;
        judge(answer, `data_url ${url} on ${path}`);
        if (answer.status < 400 || answer.status >= 500)
          fail("ssrfHits", `${answer.status} for data_url ${url}`);
      }
    }
    tally.ssrfHits += ssrf.hits;
    expect(vendorWrites()).toBe(writesBefore);
    expect({ hits: ssrf.hits, accepted: tally.ssrfHits }, failures.join("\n")).toEqual({
      hits: 0,
      accepted: 0,
    });
  });

  it(`keeps integrations apart under 50 concurrent clients for ${LOAD_SECONDS} s while syncs run`, async () => {
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    const writesBefore = vendorWrites();
    const latencies: number[] = [];
    let requests = 0;
    let errors = 0;
    let crossings = 0;
    const syncs = [A, B].map(async (id) => {
      let runs = 0;
      while (Date.now() < deadline) {
        await atsync.sync.runNow(id, "delta");
        runs += 1;
      }
      return runs;
    });
    // Records created by valid generated writes joined A since setup: take the ids afresh.
    const idsNow = async (id: string) => {
      const ids = new Set<string>();
      for (const model of Object.keys(MODELS) as ModelKey[]) {
        const page = await atsync.storage.records.list(id, model, { page_size: 1000, include_deleted: true });
        for (const r of page.results) ids.add(r.id);
      }
      return ids;
    };
    const idsA = await idsNow(A);
    const idsB = [...(await idsNow(B))];
    const operations: ((rand: () => number) => Promise<void>)[] = [
      // A's lists hold only A's records.
      async () => {
        const resource = ["jobs", "candidates", "applications", "users", "application-stages"][requests % 5];
        const answer = await send("GET", `/ats/${resource}?page_size=50`);
        record(answer);
        if (answer.status === 200) {
          const { data } = JSON.parse(answer.text) as { data: { results: { id: string }[] } };
          for (const r of data.results)
            if (!idsA.has(r.id)) crossing(`A's list of ${resource} holds ${r.id}`);
        }
      },
      // B's ids through A: found nowhere.
      async (rand) => {
        const ids = Array.from({ length: 5 }, () => idsB[Math.floor(rand() * idsB.length)]).join(",");
        const resource = ["candidates", "applications", "jobs"][Math.floor(rand() * 3)];
        const answer = await send("GET", `/ats/${resource}?ids=${seg(ids)}`);
        record(answer);
        if (answer.status === 200 && (JSON.parse(answer.text).data.results as unknown[]).length > 0)
          crossing(`A read B's ${resource} by id`);
      },
      // Writes to B's records in A's name: refused, nothing written anywhere.
      async (rand) => {
        const application = sampleId(B, "applications");
        const answer =
          rand() < 0.5
            ? await send("PUT", `/ats/applications/${seg(application)}/stage`, {
                body: { json: { stage_id: sampleId(B, "application_stages") } },
              })
            : await send("POST", `/ats/applications/${seg(application)}/result-links`, {
                body: { json: { label: "x", url: "https://example.com/r" } },
              });
        record(answer);
        if (answer.status < 400) crossing(`A wrote B's application (${answer.status})`);
      },
      // Passthrough in A's name reaches only A's tenant.
      async () => {
        const answer = await send("POST", "/passthrough/icims/default", {
          body: { json: { method: "GET", path: "/jobs" } },
        });
        record(answer);
        if (answer.status === 200 && !String(JSON.parse(answer.text).data.url).startsWith(simA.url))
          crossing("A's passthrough left A's tenant");
      },
      // A with B's id in the header reads B, never A: the header alone scopes a request.
      async () => {
        const answer = await send("GET", "/ats/jobs?page_size=10", { integration: B });
        record(answer);
        if (answer.status === 200) {
          const { data } = JSON.parse(answer.text) as { data: { results: { id: string }[] } };
          for (const r of data.results) if (idsA.has(r.id)) crossing("B's list holds A's job");
        }
      },
    ];
    function record(answer: Answer): void {
      requests += 1;
      latencies.push(answer.ms);
      if (answer.status >= 500 || answer.status === 0) errors += 1;
      judge(answer, "a request of the concurrency phase");
    }
    function crossing(what: string): void {
      crossings += 1;
      fail("leaks", what);
    }
    const clients = Array.from({ length: 50 }, async (_, c) => {
      let state = SEED + c;
      const rand = () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
      while (Date.now() < deadline)
        await (operations[Math.floor(rand() * operations.length)] as (r: () => number) => Promise<void>)(
          rand,
        );
    });
    await Promise.all(clients);
    const runs = await Promise.all(syncs);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);
    process.stdout.write(
      `concurrency phase (${LOAD_SECONDS} s, 50 clients, ${runs.join(" + ")} delta syncs): ${requests} requests, ` +
        `error rate ${((100 * errors) / Math.max(1, requests)).toFixed(2)} %, p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, ` +
        `${crossings} crossings\n`,
    );
    expect(vendorWrites(), "writes reached a vendor").toBe(writesBefore);
    expect({ errors, crossings }, failures.join("\n")).toEqual({ errors: 0, crossings: 0 });
  });

  it("keeps every secret out of logs (trace level), sync runs and the change feed", async () => {
    expect(logText.length).toBeGreaterThan(0);
    const runs: unknown[] = [];
    const feed: unknown[] = [];
    for (const id of [A, B]) {
      runs.push(await atsync.storage.syncState.listRuns(id, { limit: 1000 }));
      feed.push((await atsync.storage.changeFeed.changesSince(id, null, 10_000)).entries);
    }
    for (const [where, text] of [
      ["the log", logText],
      ["the sync runs", JSON.stringify(runs)],
      ["the change feed", JSON.stringify(feed)],
    ] as const) {
      if (leakIn(text)) fail("leaks", `a secret in ${where}`);
    }
    expect(tally.leaks, failures.join("\n")).toBe(0);
    expect(tally.cases).toBeGreaterThanOrEqual(10_000);
  });
});
