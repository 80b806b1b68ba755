import { inspect } from "node:util";
import { isAtsyncError } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { openSession, readAll, simulatorClock, startTest } from "../../test/harness.js";
import { icimsVendorMessage } from "./errors.js";

async function caught(promise: Promise<unknown>): Promise<Error & { code: string; kind: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  return error as Error & { code: string; kind: string };
}

describe("iCIMS error bodies", () => {
  it.each([
    ['{"errors":[{"errorMessage":"Job not found.","errorCode":2}]}', "Job not found. (errorCode 2)"],
    ['{"errors":[{"errorMessage":"A","errorCode":1},{"errorMessage":"B"}]}', "A (errorCode 1); B"],
    ['{"error":"access_denied","error_description":"Unauthorized"}', "Unauthorized (access_denied)"],
    ['{"error":"too_many_requests"}', "too_many_requests"],
    ['{"errors":[]}', null],
    ["Service Temporarily Unavailable", null],
  ])("%s → %s", (body, message) => {
    expect(icimsVendorMessage(body)).toBe(message);
  });
});

describe("authentication and errors", () => {
  it("works with Basic auth (no token calls)", async () => {
    const { sim, session } = await startTest({}, { credentials: { basic: true } });
    await session.check();
    expect((await readAll(session, "jobs")).length).toBe(20);
    expect(sim.state.stats()["POST /oauth/token"]).toBeUndefined();
  });

  it("maps bad Basic credentials to INTEGRATION.AUTHENTICATION_INVALID with iCIMS' message, without retrying", async () => {
    const { sim, credentials } = await startTest({}, { credentials: { basic: true } });
    const { session } = openSession({ ...credentials, password: "wrong" }, {}, simulatorClock(sim));
    const error = await caught(session.check());
    expect(error).toMatchObject({ code: "INTEGRATION.AUTHENTICATION_INVALID", kind: "config" });
    expect(error.message).toContain("Invalid Username or Password credentials provided.");
    expect(sim.state.stats()).toEqual({ "GET /customers/{customerId}": 1 });
  });

  it("serves an EU tenant on the EU host only", async () => {
    const { sim, credentials } = await startTest({ region: "eu" }, { credentials: { region: "eu" } });
    const eu = openSession({ ...credentials, apiUrl: sim.urls.eu }, {}, simulatorClock(sim)).session;
    await eu.check();
    const us = openSession({ ...credentials, apiUrl: sim.urls.us }, {}, simulatorClock(sim)).session;
    const error = await caught(us.check());
    expect(error.message).toContain("Customer not found.");
  });

  it("never puts secrets in errors: client secret, password, tokens, Basic header", async () => {
    const { sim, credentials } = await startTest({ faults: { errorRate: 1 } });
    const oauth = openSession(credentials, { retryLimit: 0 }, simulatorClock(sim)).session;
    const basicCredentials = { ...credentials, clientId: undefined, clientSecret: undefined };
    const basic = openSession(
      { ...basicCredentials, username: sim.credentials.username, password: sim.credentials.password },
      { retryLimit: 0 },
      simulatorClock(sim),
    ).session;
    const basicHeader = Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString(
      "base64",
    );
    for (const session of [oauth, basic]) {
      const error = await caught(readAll(session, "jobs"));
      expect(error.code).toBe("REMOTE.SERVICE_UNAVAILABLE");
      const dump = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${JSON.stringify(error.cause)}`;
      for (const secret of [sim.credentials.clientSecret, sim.credentials.password, basicHeader, "Bearer "]) {
        expect(dump).not.toContain(secret);
      }
    }
  });

  it("reads with many GETs in flight on one abort signal without a listener-leak warning", async () => {
    const { session } = await startTest(
      { faults: { latencyMs: 20 } },
      { credentials: { maxConcurrency: 32 } },
    );
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      expect(await readAll(session, "applications", { signal: new AbortController().signal })).toHaveLength(
        400,
      );
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("throws the caller's abort reason when a read is aborted", async () => {
    const { session } = await startTest();
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(readAll(session, "applications", { signal: controller.signal })).rejects.toBe(reason);
  });
});
