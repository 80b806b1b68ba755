import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { icimsConnector } from "@atsync/connector-icims";
import { type Atsync, createAtsync } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { createIcimsSimulator, type IcimsSimulator } from "@atsync/icims-simulator";
import { createMemoryStorage } from "@atsync/storage-memory";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Debian's Chromium (or `CHROMIUM_PATH`). Never skipped: a missing browser fails the suite. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let sim: IcimsSimulator;
let atsync: Atsync;
let server: Server;
let origin: string;
let apiKey: string;
let userDataDir: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install it or set CHROMIUM_PATH`);
  sim = await createIcimsSimulator({ seed: 3, jobs: 4, people: 20, applications: 30 });
  atsync = createAtsync({
    storage: createMemoryStorage({ encryptionKey: "5".repeat(64) }),
    connectors: [icimsConnector],
  });
  apiKey = (await atsync.apiKeys.create("connect-page")).key;
  server = createServer(toNodeListener(createHttpHandler({ atsync, basePath: "/v1" })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  userDataDir = await mkdtemp(join(tmpdir(), "atsync-connect-chromium-"));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await atsync?.close();
  await sim?.close();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${origin}/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
  });

describe("atsync's connect page in Chromium", () => {
  it("connects iCIMS end to end: the end user fills the form, the integration exists, getIntegrationByToken returns it", async () => {
    const created = await api("/connect/create-link", {
      method: "POST",
      body: JSON.stringify({
        end_user_email: "ops@initech.example",
        end_user_organization_name: "Initech",
        end_user_origin_id: "initech-7",
        integration_category: "ATS",
        integration_tool: "icims",
      }),
    });
    const { link } = ((await created.json()) as { data: { link: string } }).data;
    const token = new URL(link, origin).searchParams.get("token") as string;

    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(new URL(link, origin).href);
    expect(await page.title()).toBe("Connect iCIMS");
    const credentials = sim.connectorCredentials;
    await page.getByLabel("Customer id").fill(credentials.customerId);
    await page.getByLabel("Region").selectOption(credentials.region);
    await page.getByLabel("OAuth client id").fill(credentials.clientId);
    await page.getByLabel("OAuth client secret").fill(credentials.clientSecret);
    await page.getByLabel("API URL").fill(credentials.apiUrl);
    await page.getByLabel("OAuth token URL").fill(credentials.tokenUrl);
    await page.getByLabel("OAuth audience").fill(credentials.audience);
    // Connector settings, on the same form below the credentials.
    await page.getByLabel("Workflow status list id").fill(sim.connectorSettings.statusListId);
    await page.getByLabel("Career portals").fill(sim.connectorSettings.portals.join(", "));
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("status").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("iCIMS is connected");

    const [integration] = await atsync.integrations.list();
    expect(integration?.tool).toBe("icims");
    // The settings are stored apart from the credentials, shown with the integration.
    expect(integration?.settings.connector).toEqual(sim.connectorSettings);
    expect(integration?.end_user).toEqual({
      organization_name: "Initech",
      creator_email: "ops@initech.example",
      origin_id: "initech-7",
    });
    const byToken = await api(`/connect/integration-by-token/${encodeURIComponent(token)}`);
    expect(((await byToken.json()) as { data: { id: string } }).data.id).toBe(integration?.id);

    // The link was used: opening it again shows why it cannot be used.
    await page.goto(new URL(link, origin).href);
    expect(await page.getByRole("alert").textContent()).toContain("already used");
  });

  it("shows a wrong field inline and in the summary, without echoing the secret", async () => {
    const created = await api("/connect/create-link", {
      method: "POST",
      body: JSON.stringify({
        end_user_email: "ops@initech.example",
        end_user_organization_name: "Initech",
        integration_category: "ATS",
      }),
    });
    const { link } = ((await created.json()) as { data: { link: string } }).data;
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(new URL(link, origin).href);
    await page.getByLabel("Customer id").fill("abc");
    await page.getByLabel("Region").selectOption("us");
    await page.getByLabel("OAuth client id").fill("client");
    await page.getByLabel("OAuth client secret").fill("very-secret-typed-value");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("alert").waitFor();
    const input = page.getByLabel("Customer id");
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    expect(await input.inputValue()).toBe("abc");
    expect(await page.locator("#f-customerId-error").textContent()).toContain("numeric iCIMS customer id");
    expect(await page.getByLabel("OAuth client secret").inputValue()).toBe("");
    expect(await page.content()).not.toContain("very-secret-typed-value");
    expect(await atsync.integrations.list()).toHaveLength(1);
  });
});
