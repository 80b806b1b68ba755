import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../clock.js";
import { CallBudget } from "../connector/budget.js";
import { parseConnectorSettings } from "../connector/connector-settings.js";
import { defineConnector } from "../connector/define.js";
import { ACTION_KEYS, type ConnectorDefinition } from "../connector/definition.js";
import { createHttpClient } from "../connector/http.js";
import { remoteRecordSchema } from "../connector/remote-record.js";
import type { ConnectorSession, RecordPage } from "../connector/session.js";
import { isAtsyncError } from "../errors.js";
import { createRootLogger } from "../logging.js";
import { MODEL_KEYS, type ModelKey } from "../model/common.js";
import { MODELS } from "../model/registry.js";

/** A vendor fault the test double can inject into the next vendor request. */
export type ConnectorFault =
  | { kind: "unauthorized" }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "server_error" }
  | { kind: "garbage_body" };

/** A running vendor (real server or simulator) the connector under test talks to. */
export interface ConnectorUnderTest<Credentials> {
  /** Credentials the vendor accepts. */
  credentials: Credentials;
  /** Well-formed credentials the vendor rejects. */
  rejectedCredentials: Credentials;
  /** Connector settings of the test tenant (as `IntegrationSettings.connector`); default none. */
  settings?: Record<string, unknown>;
  /** Makes the vendor answer its next request with `fault`. */
  injectFault(fault: ConnectorFault): void;
  /**
   * Changes one record of `model` at the vendor and returns its key and the vendor time of the
   * change (used to prove delta reads return changed records). Needed with `deltaSync`, for every
   * covered model read on its own (no `fedBy`) that the vendor can filter by change date (no
   * `refreshMinutes`).
   */
  touch?(model: ModelKey): Promise<{ remoteId: string; changedAt: Date }>;
  /** A path the vendor answers 200 to with JSON, for the passthrough test. Needed with `passthrough`. */
  passthroughPath?: string;
  /** Stops the vendor. */
  close(): Promise<void>;
}

/** Options of `describeConnectorConformance`. */
export interface ConnectorConformanceOptions<Credentials> {
  /** The connector under test. */
  connector: ConnectorDefinition<Credentials, unknown>;
  /** Starts the vendor once for the suite. */
  setup(): Promise<ConnectorUnderTest<Credentials>>;
}

/** Record members the coverage never lists: the key, the raw payload and the field maps. */
const ALWAYS_FILLED = new Set(["remote_id", "remote_data", "custom_fields", "integration_fields"]);

/** The member of a connector's record that holds a coverage field (`job_id` → `job_remote_id`). */
function remoteField(model: ModelKey): (field: string) => string {
  const references = new Map(MODELS[model].references.map((r) => [r.field, r.remoteField]));
  return (field) => references.get(field) ?? field;
}

/** Null, undefined, "", [] and {} count as empty. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

async function collect(iterable: AsyncIterable<RecordPage>): Promise<RecordPage[]> {
  const pages: RecordPage[] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; kind: string; retryAfterMs?: number }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), `expected an AtsyncError, got ${String(error)}`).toBe(true);
  return error as { code: string; kind: string; retryAfterMs?: number };
}

/**
 * The shared behaviour every connector must have, run against a live vendor or simulator:
 * definition and credentials checks, reads that parse with the model schemas, resumable pages,
 * complete id listings, coverage that matches the data, honest delta reads per model, undeclared
 * abilities refused, and error mapping
 * (401 → config, 429 + Retry-After → transient with delay, 5xx → transient, garbage → system).
 * Sessions get a context with retries off so each fault surfaces at once.
 */
export function describeConnectorConformance<Credentials>(
  name: string,
  options: ConnectorConformanceOptions<Credentials>,
): void {
  const { connector } = options;
  const covered = Object.keys(connector.coverage.models) as ModelKey[];
  const uncovered = MODEL_KEYS.filter((m) => !covered.includes(m));

  describe(`connector conformance: ${name}`, () => {
    let vendor: ConnectorUnderTest<Credentials>;
    const open = (credentials: Credentials): ConnectorSession => {
      const logger = createRootLogger();
      const budget = new CallBudget(systemClock);
      const http = createHttpClient({ logger, budget, clock: systemClock, retryLimit: 0, timeoutMs: 10_000 });
      const signal = new AbortController().signal;
      return connector.connect(
        { integrationId: `${connector.slug}:conformance`, http, logger, clock: systemClock, signal, budget },
        credentials,
        parseConnectorSettings(connector, vendor.settings),
      );
    };
    let session: ConnectorSession;

    beforeAll(async () => {
      vendor = await options.setup();
      session = open(vendor.credentials);
    });
    afterAll(async () => {
      await session?.close?.();
      await vendor?.close();
    });

    describe("definition", () => {
      it("is a valid definition (slug, coverage models/fields/actions, secret paths, guide)", () => {
        expect(() => defineConnector({ ...connector })).not.toThrow();
        expect(connector.category).toBe("ats");
        expect(covered.length).toBeGreaterThan(0);
        expect(connector.prerequisites.length).toBeGreaterThan(0);
      });

      it("accepts the test credentials and rejects empty ones naming the missing fields", () => {
        expect(connector.credentials.safeParse(vendor.credentials).success).toBe(true);
        const empty = connector.credentials.safeParse({});
        expect(empty.success).toBe(false);
        expect(empty.error?.issues.length).toBeGreaterThan(0);
      });

      it("implements exactly the actions its coverage marks supported", () => {
        for (const action of ACTION_KEYS) {
          const declared = connector.coverage.actions[action]?.supported === true;
          expect(typeof session.actions[action] === "function", `action ${action}`).toBe(declared);
        }
      });

      it("offers passthrough exactly when it declares the capability", () => {
        expect(typeof session.passthrough === "function").toBe(connector.capabilities.passthrough);
      });
    });

    describe("credentials check", () => {
      it("passes with valid credentials", async () => {
        await expect(session.check()).resolves.toBeUndefined();
      });

      it("fails with rejected credentials as INTEGRATION.AUTHENTICATION_INVALID (config)", async () => {
        const error = await rejection(open(vendor.rejectedCredentials).check());
        expect(error).toMatchObject({ code: "INTEGRATION.AUTHENTICATION_INVALID", kind: "config" });
      });
    });

    describe("reads", () => {
      it.each(covered)("reads %s as records that parse with the model's schema, each once", async (model) => {
        const pages = await collect(session.read(model));
        const records = pages.flatMap((p) => p.records);
        const schema = remoteRecordSchema(model);
        for (const record of records) {
          const parsed = schema.safeParse(record);
          expect(parsed.success, `${model} ${record.remote_id}: ${parsed.error?.message}`).toBe(true);
        }
        const ids = records.map((r) => r.remote_id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(pages.at(-1)?.checkpoint ?? null).toBeNull();
        for (const page of pages.slice(0, -1)) expect(page.checkpoint).not.toBeNull();
      });

      it.each(covered)("resumes a %s read after a page's checkpoint without re-reading it", async (model) => {
        const pages = await collect(session.read(model));
        const first = pages[0];
        if (!first || first.checkpoint === null) return expect(pages.length).toBeLessThanOrEqual(1);
        const rest = await collect(session.read(model, { resume: first.checkpoint }));
        const all = pages.flatMap((p) => p.records.map((r) => r.remote_id));
        const resumed = rest.flatMap((p) => p.records.map((r) => r.remote_id));
        expect(resumed).toEqual(all.slice(first.records.length));
      });

      it.each(covered)("lists every %s remote id a full read returns (never fewer)", async (model) => {
        const read = (await collect(session.read(model))).flatMap((p) => p.records.map((r) => r.remote_id));
        const listed = new Set<string>();
        for await (const page of session.listRemoteIds(model)) for (const id of page) listed.add(id);
        // A listing may name keys a read leaves out (iCIMS lists staff people that are no
        // candidates), never omit one: verified deletion takes a key missing from it as a candidate.
        expect(read.filter((id) => !listed.has(id))).toEqual([]);
      });

      const fed = covered.filter((m) => connector.coverage.models[m]?.fedBy !== undefined);
      it.each(fed)(
        "emits every %s record with its feeder's read, as the read of %s alone does",
        async (model) => {
          const feeder = connector.coverage.models[model]?.fedBy as ModelKey;
          const related = (await collect(session.read(feeder))).flatMap((p) => p.related?.[model] ?? []);
          const schema = remoteRecordSchema(model);
          for (const record of related) expect(schema.safeParse(record).success, record.remote_id).toBe(true);
          const alone = (await collect(session.read(model))).flatMap((p) => p.records);
          expect(related.map((r) => r.remote_id).sort()).toEqual(alone.map((r) => r.remote_id).sort());
        },
      );

      const notCovered = uncovered[0];
      if (notCovered) {
        it(`refuses a model it does not cover (${notCovered}) with INTEGRATION.MODEL_NOT_AVAILABLE`, async () => {
          const error = await rejection(collect(session.read(notCovered)));
          expect(error).toMatchObject({ code: "INTEGRATION.MODEL_NOT_AVAILABLE", kind: "unsupported" });
        });
      }
    });

    describe("coverage matches the data", () => {
      it.each(covered)(
        "%s: every declared field is filled in some record of the test tenant, no other field in any",
        async (model) => {
          const records = (await collect(session.read(model))).flatMap((p) => p.records);
          expect(records.length, `the test tenant has ${model}`).toBeGreaterThan(0);
          const declared = new Set((connector.coverage.models[model]?.fields ?? []).map(remoteField(model)));
          const fields = Object.keys(remoteRecordSchema(model).shape).filter((f) => !ALWAYS_FILLED.has(f));
          const wrong: string[] = [];
          for (const field of fields) {
            const filled = records.some((r) => !isEmpty((r as Record<string, unknown>)[field]));
            if (declared.has(field) && !filled) wrong.push(`${field}: declared, empty in every record`);
            if (!declared.has(field) && filled) wrong.push(`${field}: filled, not declared`);
          }
          expect(wrong).toEqual([]);
        },
      );
    });

    describe("delta reads", () => {
      const model = () => covered[0] as ModelKey;
      if (connector.capabilities.deltaSync) {
        const byChangeDate = covered.filter(
          (m) =>
            connector.coverage.models[m]?.fedBy === undefined &&
            connector.coverage.models[m]?.refreshMinutes === undefined,
        );
        const wholeLists = covered.filter(
          (m) =>
            connector.coverage.models[m]?.fedBy === undefined &&
            connector.coverage.models[m]?.refreshMinutes !== undefined,
        );
        it.each(byChangeDate)("%s: returns nothing for a since in the future", async (m) => {
          const future = new Date(Date.now() + 365 * 86_400_000);
          const records = (await collect(session.read(m, { since: future }))).flatMap((p) => p.records);
          expect(records).toEqual([]);
        });

        it.each(byChangeDate)("%s: returns a record changed after since", async (m) => {
          expect(vendor.touch, "touch() is required with deltaSync").toBeTypeOf("function");
          const { remoteId, changedAt } = await (vendor.touch as NonNullable<typeof vendor.touch>)(m);
          const since = new Date(changedAt.getTime() - 60_000);
          const records = (await collect(session.read(m, { since }))).flatMap((p) => p.records);
          expect(records.map((r) => r.remote_id)).toContain(remoteId);
        });

        it.each(wholeLists)(
          "%s (no change dates, refreshMinutes): a since read returns every record",
          async (m) => {
            const since = new Date(Date.now() + 365 * 86_400_000);
            const ids = async (options: { since?: Date }) =>
              (await collect(session.read(m, options)))
                .flatMap((p) => p.records.map((r) => r.remote_id))
                .sort();
            expect(await ids({ since })).toEqual(await ids({}));
          },
        );
      } else {
        it("refuses since without the deltaSync capability", async () => {
          const error = await rejection(collect(session.read(model(), { since: new Date() })));
          expect(error.kind).toBe("unsupported");
        });
      }
    });

    const windowed = covered.filter((m) => connector.coverage.models[m]?.windowedRead === true);
    // Only connectors that read in windows get the group (an empty group fails under CI).
    if (windowed.length > 0)
      describe("change-date windows", () => {
        const oneWindow = async (m: ModelKey, options: { since?: Date; until: Date }) =>
          (await collect(session.read(m, options))).flatMap((p) => p.records.map((r) => r.remote_id));
        it.each(windowed)(
          "%s: two windows split at a change cover every record of a full read",
          async (m) => {
            expect(vendor.touch, "touch() is required with windowedRead").toBeTypeOf("function");
            const { remoteId, changedAt } = await (vendor.touch as NonNullable<typeof vendor.touch>)(m);
            const newer = await oneWindow(m, {
              since: new Date(changedAt.getTime() - 60_000),
              until: new Date(changedAt.getTime() + 86_400_000),
            });
            const older = await oneWindow(m, { until: changedAt });
            expect(newer).toContain(remoteId);
            const full = (await collect(session.read(m))).flatMap((p) => p.records.map((r) => r.remote_id));
            expect(new Set([...newer, ...older])).toEqual(new Set(full));
            expect(older.length, "the older window holds the untouched records").toBeGreaterThan(0);
          },
        );
        it.each(windowed)("%s: a window in the future holds nothing", async (m) => {
          const since = new Date(Date.now() + 365 * 86_400_000);
          expect(await oneWindow(m, { since, until: new Date(since.getTime() + 86_400_000) })).toEqual([]);
        });
      });

    describe("scoped reads", () => {
      const model = () => (covered.includes("applications") ? "applications" : (covered[0] as ModelKey));
      if (connector.capabilities.createdApplicationsOnly) {
        it("returns only the scoped records", async () => {
          const all = (await collect(session.read(model()))).flatMap((p) =>
            p.records.map((r) => r.remote_id),
          );
          const scope = all.slice(0, 2);
          const scoped = (await collect(session.read(model(), { scope }))).flatMap((p) =>
            p.records.map((r) => r.remote_id),
          );
          expect([...scoped].sort()).toEqual([...scope].sort());
        });
      } else {
        it("refuses scope without the createdApplicationsOnly capability", async () => {
          const error = await rejection(collect(session.read(model(), { scope: ["1"] })));
          expect(error.kind).toBe("unsupported");
        });
      }
    });

    describe("error mapping", () => {
      const model = () => covered[0] as ModelKey;

      it("maps 401 to INTEGRATION.AUTHENTICATION_INVALID (config)", async () => {
        vendor.injectFault({ kind: "unauthorized" });
        const error = await rejection(collect(open(vendor.credentials).read(model())));
        expect(error).toMatchObject({ code: "INTEGRATION.AUTHENTICATION_INVALID", kind: "config" });
      });

      it("maps 429 with Retry-After to a transient error carrying the delay", async () => {
        vendor.injectFault({ kind: "rate_limited", retryAfterSeconds: 7 });
        const error = await rejection(collect(open(vendor.credentials).read(model())));
        expect(error).toMatchObject({
          code: "REMOTE.RATE_LIMIT_EXCEEDED",
          kind: "transient",
          retryAfterMs: 7000,
        });
      });

      it("maps 5xx to a transient error", async () => {
        vendor.injectFault({ kind: "server_error" });
        const error = await rejection(collect(open(vendor.credentials).read(model())));
        expect(error).toMatchObject({ code: "REMOTE.SERVICE_UNAVAILABLE", kind: "transient" });
      });

      it("maps a garbage body to a system error", async () => {
        vendor.injectFault({ kind: "garbage_body" });
        const error = await rejection(collect(open(vendor.credentials).read(model())));
        expect(error).toMatchObject({ kind: "system" });
      });
    });

    describe("passthrough", () => {
      if (!connector.capabilities.passthrough) return;
      const call = (path: string) =>
        (session.passthrough as NonNullable<ConnectorSession["passthrough"]>)({
          api: "default",
          method: "GET",
          path,
        });

      it("forwards a path-only request with auth injected", async () => {
        const result = await call(vendor.passthroughPath ?? "/");
        expect(result.status).toBe(200);
        expect(result.url.startsWith("http")).toBe(true);
      });

      it("refuses absolute URLs and paths escaping the API base", async () => {
        for (const path of [
          "https://evil.example/x",
          "//evil.example/x",
          "/../../admin",
          "/a/%2e%2e/%2e%2e/b",
        ]) {
          const error = await rejection(call(path));
          expect(error.code, path).toBe("PLATFORM.INPUT_INVALID");
        }
      });
    });
  });
}
