import type { Kombo } from "@kombo-api/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

let h: IcimsHarness;
let served: SdkServer;
let origin: string;
let kombo: Kombo;

beforeAll(async () => {
  h = await startIcimsHarness();
  served = await serveSdk(h.atsync, h.integrationId);
  origin = served.origin;
  kombo = served.kombo;
});
afterAll(async () => {
  await served.close();
  await h.close();
});

/** The simulator's credentials as the connect form's text inputs. */
const formOf = (overrides: Record<string, string> = {}) => {
  const c = h.sim.connectorCredentials as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(c)) fields[k] = Array.isArray(v) ? v.join(", ") : String(v);
  return { ...fields, ...overrides };
};
const post = (link: string, fields: Record<string, string>) =>
  fetch(new URL(link, origin), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
const createLink = async (originId: string) =>
  (
    await kombo.connect.createConnectionLink({
      end_user_email: "recruiting@globex.example",
      end_user_organization_name: "Globex",
      end_user_origin_id: originId,
      integration_category: "ATS",
      integration_tool: "icims",
      language: "en",
      link_type: "MAGIC_LINK",
    })
  ).data.link;

describe("Kombo's connect flow through the SDK (iCIMS simulator)", () => {
  it("serves a labelled, accessible form named by iCIMS' credential keys, with guide and prerequisites", async () => {
    const html = await (await fetch(new URL(await createLink("globex-0"), origin))).text();
    for (const name of ["customerId", "region", "clientId", "clientSecret", "username", "password"]) {
      expect(html).toContain(`name="${name}"`);
      expect(html).toContain(`<label for="f-${name}">`);
    }
    expect(html).toContain("Customer id (required)");
    expect(html).toMatch(/aria-describedby="f-customerId-help"/);
    expect(html).toContain(
      '<input id="f-clientSecret" name="clientSecret" aria-describedby="f-clientSecret-help"',
    );
    expect(html).toContain('type="password"');
    expect(html).toMatch(/<fieldset><legend>iCIMS account<\/legend>/);
    expect(html).toContain("Integration User login group");
    expect(html).toContain("Request API access from iCIMS");
    expect(html).not.toContain("<script");
  });

  it("connects with the simulator's credentials: getIntegrationByToken answers the new integration", async () => {
    const link = await createLink("globex-1");
    const res = await post(link, formOf());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("iCIMS is connected");
    const token = new URL(link, origin).searchParams.get("token") as string;
    const { data } = await kombo.connect.getIntegrationByToken({ token });
    expect(data.tool).toBe("icims");
    expect(data.end_user_origin_id).toBe("globex-1");
    expect(data.id).not.toBe(h.integrationId);
    expect((await h.atsync.storage.integrations.getCredentials(data.id)).customerId).toBe(
      h.sim.connectorCredentials.customerId,
    );
  });

  it("without script: a wrong field answers 400 naming it, echoes no secret and creates nothing", async () => {
    const link = await createLink("globex-2");
    const before = (await h.atsync.integrations.list()).length;
    const res = await post(link, formOf({ customerId: "not-a-number" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Customer id (customerId): customerId must be the numeric iCIMS customer id");
    expect(html).toContain('<p class="error" id="f-customerId-error">');
    expect(html).not.toContain(String(h.sim.connectorCredentials.clientSecret));
    expect((await h.atsync.integrations.list()).length).toBe(before);
  });

  it("refuses credentials iCIMS rejects (403 page), keeping the link for another attempt", async () => {
    const link = await createLink("globex-3");
    const res = await post(link, formOf({ clientSecret: "wrong-secret-value" }));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("wrong-secret-value");
    expect((await post(link, formOf())).status).toBe(200);
  });

  it("relinks the iCIMS integration in place and creates setup links", async () => {
    const relink = await kombo.general.createReconnectionLink({ integration_id: h.integrationId, body: {} });
    expect((await post(relink.data.link, formOf())).status).toBe(200);
    expect((await h.atsync.integrations.get(h.integrationId)).status).toBe("ACTIVE");
    const setup = await kombo.general.createSetupLink({
      integration_id: h.integrationId,
      body: { link_type: "EMBEDDED" },
    });
    expect((await post(setup.data.link, { sourceName: "Globex careers" })).status).toBe(200);
    expect((await h.atsync.integrations.get(h.integrationId)).settings.sourceName).toBe("Globex careers");
  });
});
