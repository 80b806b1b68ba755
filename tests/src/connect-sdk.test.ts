import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AtsyncEventMap } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { startFixtureVendor } from "@atsync/core/testing";
import { Kombo } from "@kombo-api/sdk";
import { KomboGeneralError } from "@kombo-api/sdk/models/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
let server: Server;
let origin: string;
let kombo: Kombo;
const created: AtsyncEventMap["integration-created"][] = [];
const failed: AtsyncEventMap["connection-flow-failed"][] = [];

beforeAll(async () => {
  h = await startHarness();
  h.atsync.events.on("integration-created", (e) => void created.push(e));
  h.atsync.events.on("connection-flow-failed", (e) => void failed.push(e));
  const { key } = await h.atsync.apiKeys.create("connect");
  server = createServer(
    toNodeListener(
      createHttpHandler({ atsync: h.atsync, basePath: "/v1", connectLinks: { ttlMs: 60 * 60_000 } }),
    ),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kombo = new Kombo({ api_key: key, integration_id: h.integrationId, server_url: `${origin}/v1` });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

/** A connect link for the Acme end user through the SDK (validated by its schema). */
async function createLink(originId = "acme-1"): Promise<string> {
  const response = await kombo.connect.createConnectionLink({
    end_user_email: "it@acme.example",
    end_user_organization_name: "Acme",
    end_user_origin_id: originId,
    integration_category: "ATS",
    language: "en",
    link_type: "EMBEDDED",
  });
  return response.data.link;
}

const tokenOf = (link: string) => new URL(link, origin).searchParams.get("token") as string;

/** Posts the connect page's form as a browser without scripts would. */
const post = (link: string, fields: Record<string, string>) =>
  fetch(new URL(link, origin), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

/** The SDK's error for a call, with its HTTP status. */
async function sdkError(call: Promise<unknown>): Promise<KomboGeneralError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KomboGeneralError);
  return error as KomboGeneralError;
}

describe("Kombo's connect flow through the SDK (fixture vendor)", () => {
  it("creates a link to atsync's own connect page carrying the token, relative to the API's origin", async () => {
    const link = await createLink();
    expect(link).toMatch(/^\/v1\/connect\?token=atcl_[\w-]{43}$/);
    const page = await fetch(new URL(link, origin));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain('name="baseUrl"');
    expect(html).toContain('name="apiKey"');
    expect(html).toContain("The account needs API access enabled.");
    expect(html).toContain("Copy the API key");
  });

  it("answers getIntegrationByToken with a general error code before the flow is done, the integration after", async () => {
    const link = await createLink("acme-2");
    const token = tokenOf(link);
    const pending = await sdkError(kombo.connect.getIntegrationByToken({ token }));
    expect(pending.statusCode).toBe(404);
    expect(pending.data$.error.code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
    const done = await post(link, { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Fixture ATS is connected");
    const { data } = await kombo.connect.getIntegrationByToken({ token });
    expect(data).toMatchObject({
      tool: "fixture",
      end_user_origin_id: "acme-2",
      end_user_organization_name: "Acme",
      end_user_email: "it@acme.example",
      setup_status: "FINAL_SYNC_PENDING",
    });
    expect((await h.atsync.integrations.get(data.id)).end_user.origin_id).toBe("acme-2");
    expect(created.some((e) => e.data.id === data.id && e.data.end_user.origin_id === "acme-2")).toBe(true);
    const unknown = await sdkError(kombo.connect.getIntegrationByToken({ token: "atcl_nope" }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.data$.error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(unknown.data$.error.message).toContain("token");
  });

  it("uses a token once: a second submission is refused and creates nothing", async () => {
    const link = await createLink("acme-3");
    expect((await post(link, { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey })).status).toBe(200);
    const count = (await h.atsync.integrations.list()).length;
    const again = await post(link, { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already used");
    expect((await fetch(new URL(link, origin))).status).toBe(410);
    expect((await h.atsync.integrations.list()).length).toBe(count);
  });

  it("binds the token to its end user: a posted origin id is refused, not used", async () => {
    const link = await createLink("acme-4");
    const count = (await h.atsync.integrations.list()).length;
    const res = await post(link, {
      baseUrl: h.vendor.url,
      apiKey: h.vendor.apiKey,
      end_user_origin_id: "someone-else",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("end_user_origin_id");
    expect((await h.atsync.integrations.list()).length).toBe(count);
  });

  it("expires links after the configured lifetime", async () => {
    const link = await createLink("acme-5");
    h.clock.advance(60 * 60_000);
    const res = await post(link, { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("expired");
    expect((await fetch(new URL(link, origin))).status).toBe(410);
  });

  it("re-renders the form naming a bad field, never echoing the secret, and keeps the link usable", async () => {
    const link = await createLink("acme-6");
    const bad = await post(link, { baseUrl: "not a url", apiKey: "typed-secret-value-42" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-baseUrl-error"/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="not a url"');
    expect(html).not.toContain("typed-secret-value-42");
    expect(failed).toHaveLength(0);
    const refused = await post(link, { baseUrl: h.vendor.url, apiKey: "wrong-key-value" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("wrong-key-value");
    expect(failed.at(-1)?.data.end_user.origin_id).toBe("acme-6");
    expect((await post(link, { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey })).status).toBe(200);
  });

  it("names bad fields of createConnectionLink", async () => {
    const res = await fetch(`${origin}/v1/connect/create-link`, {
      method: "POST",
      headers: { authorization: `Bearer ${(await h.atsync.apiKeys.create("raw")).key}` },
      body: JSON.stringify({
        end_user_email: "no-email",
        end_user_organization_name: "Acme",
        integration_category: "HRIS",
        integration_tool: "workday",
      }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("PLATFORM.INPUT_INVALID");
    expect(error.message).toContain("end_user_email");
    expect(error.message).toContain("integration_category");
  });

  it("relinks an integration: same id, new credentials checked against the vendor first", async () => {
    const { data } = await kombo.general.createReconnectionLink({
      integration_id: h.integrationId,
      body: { language: "en", link_type: "EMBEDDED" },
    });
    expect(data.link).toMatch(/^\/v1\/connect\?token=/);
    const page = await (await fetch(new URL(data.link, origin))).text();
    expect(page).toContain("Reconnect Fixture ATS");
    const refused = await post(data.link, { baseUrl: h.vendor.url, apiKey: "wrong-key-value" });
    expect(refused.status).toBe(403);
    expect((await h.atsync.storage.integrations.getCredentials(h.integrationId)).apiKey).toBe(
      h.vendor.apiKey,
    );
    const before = (await h.atsync.integrations.list()).length;
    const moved = await startFixtureVendor({ now: () => h.clock.now() });
    try {
      const ok = await post(data.link, { baseUrl: moved.url, apiKey: moved.apiKey });
      expect(ok.status).toBe(200);
      expect((await h.atsync.storage.integrations.getCredentials(h.integrationId)).baseUrl).toBe(moved.url);
      expect((await h.atsync.integrations.list()).length).toBe(before);
      const byToken = await kombo.connect.getIntegrationByToken({ token: tokenOf(data.link) });
      expect(byToken.data.id).toBe(h.integrationId);
      await h.atsync.integrations.updateCredentials(h.integrationId, {
        baseUrl: h.vendor.url,
        apiKey: h.vendor.apiKey,
      });
    } finally {
      await moved.close();
    }
  });

  it("opens a setup link that edits the integration's settings, validated by the settings schema", async () => {
    const { data } = await kombo.general.createSetupLink({
      integration_id: h.integrationId,
      body: { language: "en", link_type: "EMBEDDED" },
    });
    const page = await (await fetch(new URL(data.link, origin))).text();
    expect(page).toContain('name="deltaIntervalMinutes"');
    const bad = await post(data.link, { deltaIntervalMinutes: "0" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("must be an integer from 1 to 10080");
    const ok = await post(data.link, { deltaIntervalMinutes: "30", storeRemoteData: "false" });
    expect(ok.status).toBe(200);
    expect((await h.atsync.integrations.get(h.integrationId)).settings).toMatchObject({
      deltaIntervalMinutes: 30,
      storeRemoteData: false,
      createdApplicationsOnly: false,
    });
  });

  it("documents the connect routes and the page in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${origin}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(Object.keys(doc.paths["/connect/create-link"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/connect/integration-by-token/{token}"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.paths["/integrations/{integration_id}/relink"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/integrations/{integration_id}/setup-link"] ?? {})).toEqual(["post"]);
    expect(doc.paths["/connect"]?.get?.security).toEqual([]);
    expect(doc.paths["/connect"]?.post?.security).toEqual([]);
  });

  it("answers relink and setup links for an unknown integration with PLATFORM.INTEGRATION_NOT_FOUND", async () => {
    const error = await sdkError(
      kombo.general.createReconnectionLink({ integration_id: "fixture:nope", body: {} }),
    );
    expect(error.data$.error.code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
    const setup = await sdkError(
      kombo.general.createSetupLink({ integration_id: "fixture:nope", body: { link_type: "MAGIC_LINK" } }),
    );
    expect(setup.data$.error.code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
  });
});
