import { createHash } from "node:crypto";
import { signIcimsHmac } from "@atsync/icims-simulator";
import { describe, expect, it } from "vitest";
import { IcimsCredentialsSchema } from "../credentials.js";
import { eventOfPayload } from "../decisions/event-notifications.js";
import { parseHmacAuthorization, verifyIcimsSignature } from "./event-signature.js";
import { ICIMS_VENDOR_EVENTS } from "./vendor-events.js";

const base = { customerId: "4711", region: "us", clientId: "c", clientSecret: "s" } as const;
const ctx = { customerId: "4711", portals: ["jobs", "internal"] };

describe("event notification credentials", () => {
  it.each([
    [
      { eventAuth: "hmac", eventSecret: "k".repeat(16) },
      { mode: "hmac", secret: "k".repeat(16), user: null },
    ],
    [
      { eventAuth: "basic", eventUser: "u", eventSecret: "p".repeat(16) },
      { mode: "basic", username: "u", password: "p".repeat(16) },
    ],
    [
      { eventAuth: "oauth", eventUser: "id", eventSecret: "s".repeat(16) },
      { mode: "oauth", clientId: "id", clientSecret: "s".repeat(16) },
    ],
    [{}, null],
    [{ eventAuth: "none" }, null],
  ])("%j configures %j", (event, auth) => {
    expect(ICIMS_VENDOR_EVENTS.auth(IcimsCredentialsSchema.parse({ ...base, ...event }))).toEqual(auth);
  });

  it.each([
    [{ eventAuth: "hmac" }, "eventSecret"],
    [{ eventAuth: "basic", eventSecret: "p".repeat(16) }, "eventUser"],
    [{ eventAuth: "oauth", eventSecret: "s".repeat(16) }, "eventUser"],
    [{ eventAuth: "hmac", eventSecret: "short" }, "eventSecret"],
    [{ eventAuth: "digest", eventSecret: "p".repeat(16) }, "eventAuth"],
  ])("refuses %j naming %s", (event, path) => {
    const result = IcimsCredentialsSchema.safeParse({ ...base, ...event });
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("event notifications decision", () => {
  const links = [
    { rel: "applicantWorkflow", url: "https://api.icims.com/customers/4711/applicantworkflows/88013" },
    { rel: "person", url: "https://api.icims.com/customers/4711/people/50912" },
  ];
  it.each([
    [
      { eventType: "WorkFlowStatusChangeEvent", systemId: "88013", personId: "50912" },
      { applications: ["88013"] },
    ],
    [{ eventType: "WorkFlowStatusChangeEvent", systemId: 88013 }, { applications: ["88013"] }],
    [
      { eventType: "ApplicationCompletedEvent", systemId: "88013", links },
      { applications: ["88013"], candidates: ["50912"] },
    ],
    [{ eventType: "ApplicationCompletedEvent", systemId: "88013" }, { applications: ["88013"] }],
    [
      { eventType: "JobPostToWebEvent", systemId: "1187" },
      { jobs: ["1187"], job_postings: ["jobs:1187", "internal:1187"] },
    ],
    [
      { eventType: "JobUnpostToWebEvent", systemId: "1187" },
      { jobs: ["1187"], job_postings: ["jobs:1187", "internal:1187"] },
    ],
    [{ eventType: "RemoteLoginEvent", systemId: "5" }, {}],
    [{ eventType: "SomethingNewEvent" }, {}],
  ])("%j refreshes %j", (payload, refresh) => {
    expect(eventOfPayload({ customerId: "4711", ...payload }, ctx).refresh).toEqual(refresh);
  });

  it.each([
    [null, "body"],
    [[1], "body"],
    [{ customerId: "4711" }, "eventType"],
    [{ customerId: "4711", eventType: "bad type!" }, "eventType"],
    [{ customerId: "9999", eventType: "WorkFlowStatusChangeEvent", systemId: "1" }, "customerId"],
    [{ customerId: "4711", eventType: "WorkFlowStatusChangeEvent", systemId: "1/../2" }, "systemId"],
    [{ customerId: "4711", eventType: "JobPostToWebEvent" }, "systemId"],
  ])("refuses %j naming %s", (payload, path) => {
    expect(() => eventOfPayload(payload, ctx)).toThrow(path);
  });

  it("identifies an event by its content, whatever its key order", () => {
    const a = eventOfPayload(
      { customerId: "4711", eventType: "WorkFlowStatusChangeEvent", systemId: "1" },
      ctx,
    );
    const b = eventOfPayload(
      { systemId: "1", eventType: "WorkFlowStatusChangeEvent", customerId: "4711" },
      ctx,
    );
    const c = eventOfPayload(
      { customerId: "4711", eventType: "WorkFlowStatusChangeEvent", systemId: "2" },
      ctx,
    );
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
  });
});

describe("iCIMS HMAC signature check", () => {
  const url = "https://atsync.example/v1/vendor-events/icims/icims:abc?x=1";
  const now = new Date("2026-03-02T17:05:30Z");
  const signed = (body: Buffer, options: { secret?: string; date?: string; user?: string } = {}) => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-icims-date": options.date ?? "2026-03-02T17:05:11Z",
      "x-icims-content-sha256": createHash("sha256").update(body).digest("hex"),
    };
    headers["authorization"] = signIcimsHmac(
      "POST",
      new URL(url),
      { ...headers, host: "atsync.example" },
      { secret: options.secret ?? "key-0123456789abcdef", user: options.user ?? "icims" },
    );
    return { method: "POST", url, headers: new Headers({ ...headers, host: "atsync.example" }), body };
  };
  const auth = { mode: "hmac" as const, secret: "key-0123456789abcdef", user: "icims" };
  const body = Buffer.from('{"eventType":"WorkFlowStatusChangeEvent"}');

  it("accepts the simulator's signature and refuses every alteration", () => {
    expect(verifyIcimsSignature(signed(body), auth, now)).toBe(true);
    expect(verifyIcimsSignature(signed(body), { ...auth, user: null }, now)).toBe(true);
    expect(verifyIcimsSignature(signed(body, { secret: "other-key-0123456789" }), auth, now)).toBe(false);
    expect(verifyIcimsSignature(signed(body, { user: "someone" }), auth, now)).toBe(false);
    expect(verifyIcimsSignature({ ...signed(body), body: Buffer.from("{}") }, auth, now)).toBe(false);
    expect(verifyIcimsSignature({ ...signed(body), url: `${url}&y=2` }, auth, now)).toBe(false);
    expect(verifyIcimsSignature({ ...signed(body), method: "PUT" }, auth, now)).toBe(false);
    expect(verifyIcimsSignature(signed(body, { date: "2026-03-02T16:55:00Z" }), auth, now)).toBe(false);
    const request = signed(body);
    request.headers.set("host", "evil.example");
    expect(verifyIcimsSignature(request, auth, now)).toBe(false);
  });

  it("parses the Authorization header and refuses malformed ones", () => {
    expect(
      parseHmacAuthorization(
        `x-icims-v1-hmac-sha256 user=u, signedheaders=host;x-icims-date, signature=${"a".repeat(64)}`,
      ),
    ).toEqual({
      user: "u",
      signedHeaders: ["host", "x-icims-date"],
      signature: "a".repeat(64),
    });
    for (const header of [
      null,
      "",
      "Basic abc",
      "x-icims-v1-hmac-sha256 user=u",
      `x-icims-v1-hmac-sha256 signature=${"a".repeat(63)}, signedheaders=host`,
    ])
      expect(parseHmacAuthorization(header)).toBeNull();
    // A signature that leaves the body hash or the date out is refused.
    const partial = signed(body);
    partial.headers.set(
      "authorization",
      `x-icims-v1-hmac-sha256 user=icims, signedheaders=host, signature=${"a".repeat(64)}`,
    );
    expect(verifyIcimsSignature(partial, auth, now)).toBe(false);
  });
});
