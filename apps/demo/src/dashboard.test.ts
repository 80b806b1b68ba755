import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { type Demo, startDemo } from "./demo.js";

/** Debian's Chromium (or `CHROMIUM_PATH`). Never skipped: a missing browser fails the suite. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let demo: Demo;
let userDataDir: string;
let browser: BrowserContext;
let page: Page;
/** The integration connected through the form. */
let connectedId: string;
/** A whole second after that integration's first sync and before the dashboard's writes. */
let beforeWrites: Date;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  demo = await startDemo(
    loadConfig({
      PORT: "0",
      ATSYNC_DEMO_JOBS: "30",
      ATSYNC_DEMO_PEOPLE: "200",
      ATSYNC_DEMO_APPLICATIONS: "400",
      ATSYNC_LOG_LEVEL: "error",
      // The dashboard's flows are tested on the iCIMS integration alone.
      ATSYNC_DEMO_NO_GREENHOUSE: "true",
    }),
  );
  expect((await demo.firstSync).status).toBe("succeeded");
  // launchPersistentContext passes the fresh profile directory as --user-data-dir.
  userDataDir = await mkdtemp(join(tmpdir(), "atsync-demo-chromium-"));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(20_000);
  await page.goto(demo.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  await demo?.close();
});

/** The members of a `<progress>` element the tests read (the DOM types are not in this package's lib). */
type ProgressBar = { value: number; max: number; position: number };

const rows = (selector: string) => page.locator(`${selector} tbody tr`);

/** Opens a resource tab and waits until the records table shows that resource's rows. */
async function showTab(resource: string): Promise<void> {
  await page.click(`#resource-tabs button[data-resource=${resource}]`);
  await expect.poll(() => page.locator("#records-table").getAttribute("data-resource")).toBe(resource);
}

describe("dashboard server", () => {
  it("answers the settings route only with the API key, and names a bad id", async () => {
    const url = `${demo.url}demo/integrations/${encodeURIComponent(demo.integrationId)}/settings`;
    expect((await fetch(url)).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${demo.apiKey}` } });
    // The demo also stores the tenant's connector settings (portals, status list).
    expect(await ok.json()).toMatchObject({
      status: "success",
      // The iCIMS connector's own settings sit apart from the credentials, under `connector`.
      data: { settings: { createdApplicationsOnly: false, connector: demo.tenant.settings } },
    });
    const bad = await fetch(`${demo.url}demo/integrations/%E0%A4%A/settings`, {
      headers: { authorization: `Bearer ${demo.apiKey}` },
    });
    expect(bad.status).toBe(400);
  });

  it("serves the page with the key injected, no caching, and 404 for unknown paths", async () => {
    const page = await fetch(demo.url);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain(JSON.stringify(demo.apiKey));
    expect((await fetch(`${demo.url}app.js`)).headers.get("content-type")).toContain("text/javascript");
    expect((await fetch(`${demo.url}../package.json`)).status).toBe(404);
  });
});

describe("dashboard", () => {
  it("lists the demo integration with its status and setup status, and shows its finished first sync", async () => {
    const row = page.locator(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
    await expect.poll(() => row.textContent()).toMatch(/Active.*Synced — reads available/);
    expect(await row.locator("[data-code=COMPLETED]").count()).toBe(1);
    await expect.poll(() => page.locator("#runs tr[data-status=succeeded]").count()).toBeGreaterThan(0);
    expect(await page.locator("#runs li[data-model=applications]").first().textContent()).toMatch(
      /applications: 400 · 0 · 0 · 0/,
    );
    expect(await page.locator("#created-only").isChecked()).toBe(false);
  });

  it("shows the finished first sync's totals, counted before its reads, as full bars", async () => {
    const run = page.locator("#runs tr[data-status=succeeded]").last();
    for (const [model, total] of [
      ["jobs", 30],
      ["applications", 400],
    ] as const) {
      const bar = run.locator(`.model-progress[data-model=${model}]`);
      expect(await bar.textContent()).toBe(`${model}: ${total} / ${total}`);
      expect(await bar.locator("progress").evaluate((p: ProgressBar) => [p.value, p.max])).toEqual([
        total,
        total,
      ]);
    }
    expect(await run.locator(".eta").count()).toBe(0);
  });

  it("shows a running sync with a bar per model, its ETA and plain-word statuses, never 'Nothing queued.'", async () => {
    const eta = new Date(Date.now() + 3 * 60_000 + 20_000).toISOString();
    const running = {
      id: "running-run",
      integration_id: demo.integrationId,
      type: "full",
      status: "running",
      counts: {},
      api_calls: 75,
      current_model: "candidates",
      progress: {
        models: {
          jobs: { done: 30, total: 30 },
          users: { done: 12, total: null },
          candidates: { done: 50, total: 200 },
        },
        quota_remaining: 9_000,
        quota_resets_at: null,
        eta,
      },
      started_at: new Date().toISOString(),
      finished_at: null,
      error: null,
      created_at: new Date().toISOString(),
    };
    // The API answers as it would during a first sync: a running run, setup not completed.
    await page.route("**/v1/integrations/*/sync-runs?limit=10", async (route) => {
      const body = await (await route.fetch()).json();
      body.data.results = [running, ...body.data.results];
      await route.fulfill({ json: body });
    });
    await page.route("**/v1/integrations", async (route) => {
      const body = await (await route.fetch()).json();
      for (const i of body.data.results)
        if (i.id === demo.integrationId) i.setup_status = "FINAL_SYNC_PENDING";
      await route.fulfill({ json: body });
    });
    try {
      await page.click(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
      const row = page.locator("#runs tr[data-run-id=running-run]");
      await expect.poll(() => row.count()).toBe(1);
      const candidates = row.locator(".model-progress[data-model=candidates]");
      expect(await candidates.textContent()).toBe("candidates: 50 / 200");
      expect(await candidates.locator("progress").evaluate((p: ProgressBar) => [p.value, p.max])).toEqual([
        50, 200,
      ]);
      // No total: an indeterminate bar with the count.
      const users = row.locator(".model-progress[data-model=users]");
      expect(await users.textContent()).toBe("users: 12");
      expect(await users.locator("progress").evaluate((p: ProgressBar) => p.position)).toBe(-1);
      expect(await row.locator(".eta").textContent()).toMatch(/^About 3 min left \(done by .+\)$/);
      expect(await row.textContent()).toContain("9000 vendor calls left in the quota window");
      const pending = await page.locator("#pending").textContent();
      expect(pending).toMatch(/^A full sync is running\./);
      expect(pending).not.toContain("Nothing queued");
      const integration = page.locator(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
      await expect
        .poll(() => integration.textContent())
        .toContain("First sync running — reads are available when it finishes");
      expect(await integration.textContent()).not.toContain("FINAL_SYNC_PENDING");
    } finally {
      await page.unroute("**/v1/integrations/*/sync-runs?limit=10");
      await page.unroute("**/v1/integrations");
    }
  });

  it("explains the created-only option where it is chosen", async () => {
    const sentence = "only candidates and applications created through atsync are synced";
    expect(await page.locator("#connect .created-only-help").textContent()).toContain(sentence);
    expect(await page.locator("#integration .created-only-help").textContent()).toContain(sentence);
  });

  it("generates the connect form from the credentials schema, with guide and prerequisites", async () => {
    const connect = page.locator("#connect");
    expect(await connect.locator("select[name=cred-region] option").allTextContents()).toEqual([
      "—",
      "us",
      "eu",
      "ca",
      "isv",
    ]);
    expect(await connect.locator("input[name=cred-clientSecret]").getAttribute("type")).toBe("password");
    expect(await connect.textContent()).toContain("Prerequisites");
    expect(await connect.locator("details ol li").count()).toBeGreaterThan(0);
    await page.click("#prefill-simulator");
    expect(await connect.locator("input[name=cred-customerId]").inputValue()).toBe(
      String(demo.tenant.simulator?.customerId),
    );
  });

  it("connects an integration to the simulator through the form and watches its first sync finish", async () => {
    await page.reload();
    const form = page.locator("#connect-form");
    const credentials = demo.tenant.simulator!.connectorCredentials;
    for (const [name, value] of Object.entries(credentials)) {
      if (name === "region") await form.locator("select[name=cred-region]").selectOption(String(value));
      else await form.locator(`input[name=cred-${name}]`).fill(String(value));
    }
    await form.locator("input[name=organization_name]").fill("Browser Co");
    await form.locator("input[name=created_only]").uncheck();
    await form.locator("#connect-submit").click();

    await expect.poll(() => rows("#integrations").count()).toBe(2);
    const row = page.locator("#integrations tr.selected");
    connectedId = (await row.getAttribute("data-integration-id")) as string;
    expect(connectedId).not.toBe(demo.integrationId);
    expect(await row.textContent()).toContain("Browser Co");
    await expect
      .poll(() => page.locator("#runs tr[data-status]").first().getAttribute("data-status"), {
        timeout: 30_000,
      })
      .toBe("succeeded");
    await expect.poll(() => row.textContent()).toContain("Synced — reads available");
    expect(await page.locator("#created-only").isChecked()).toBe(false);
  });

  it("browses a candidate and moves one of its applications to another stage", async () => {
    beforeWrites = new Date(Math.ceil(Date.now() / 1000) * 1000);
    await new Promise((resolve) => setTimeout(resolve, beforeWrites.getTime() - Date.now()));
    await showTab("candidates");
    await expect.poll(() => rows("#records-table").count()).toBeGreaterThan(0);
    // The first candidate with an application (column 3 counts them).
    const candidateRow = rows("#records-table").filter({
      has: page.locator("td:nth-child(3)", { hasNotText: /^0$/ }),
    });
    const name = (await candidateRow.first().locator("td").first().textContent()) as string;
    await candidateRow.first().click();
    await expect.poll(() => page.locator("#record h2").textContent()).toContain(name);
    expect(await page.locator("#record").getAttribute("data-resource")).toBe("candidates");

    await page.locator("#candidate-applications a").first().click();
    await expect.poll(() => page.locator("#record").getAttribute("data-resource")).toBe("applications");
    const applicationId = (await page.locator("#record").getAttribute("data-record-id")) as string;
    const before = (await page.locator("#current-stage").textContent()) as string;
    const options = await page.locator("#move-stage-select option").allTextContents();
    const target = options.find((o) => o !== before && o.startsWith("Interview")) as string;
    await page.locator("#move-stage-select").selectOption({ label: target });
    await page.click("#move-stage-submit");

    await expect.poll(() => page.locator("#current-stage").textContent()).toBe(target);
    const stored = (await demo.atsync.ats(connectedId).applications.get(applicationId)) as {
      remote_id: string;
      current_stage: { name: string } | null;
    };
    expect(stored.current_stage?.name).toBe(target);
    await page.click("#record a[href='#']");
    await expect.poll(() => page.locator("#candidate-applications").textContent()).toContain(target);
  });

  it("creates an application from a job", async () => {
    await showTab("jobs");
    await expect.poll(() => rows("#records-table").count()).toBeGreaterThan(0);
    const job = (await rows("#records-table").first().locator("td").first().textContent()) as string;
    await rows("#records-table").first().click();
    const form = page.locator("#create-application");
    await form.locator("input[name=first_name]").fill("Dana");
    await form.locator("input[name=last_name]").fill("Browser");
    await form.locator("input[name=email_address]").fill("dana.browser@example.com");
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("#record").getAttribute("data-resource")).toBe("applications");
    // The job name is text, not a pattern ("QA Engineer (Hybrid)" has regex characters).
    const jobPattern = job.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(await page.locator("#record").textContent()).toMatch(
      new RegExp(`Dana Browser.*Job: ${jobPattern}`),
    );
  });

  it("pages through records and filters them by updated_after", async () => {
    await showTab("applications");
    await page.selectOption("#record-filters select[name=page_size]", "10");
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(10);
    const first = await rows("#records-table").first().getAttribute("data-record-id");
    await page.click("#page-next");
    await expect.poll(() => page.locator("#page-number").textContent()).toBe("Page 2");
    expect(await rows("#records-table").first().getAttribute("data-record-id")).not.toBe(first);
    await page.click("#page-prev");
    await expect.poll(() => rows("#records-table").first().getAttribute("data-record-id")).toBe(first);

    // updated_after (a datetime-local input, local time): only the moved and the created application.
    const local = new Date(beforeWrites.getTime() - beforeWrites.getTimezoneOffset() * 60_000);
    await page.fill("#record-filters input[name=updated_after]", local.toISOString().slice(0, 19));
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(2);
  });

  it("shows an application deleted at the vendor only with include-deleted, after a forced full sync", async () => {
    const simulator = demo.tenant.simulator!;
    const victim = simulator.state.list("applicantworkflows").at(-2)!;
    simulator.state.mutate({ op: "purge", type: "applicantworkflows", id: Number(victim.id) });
    await page.selectOption("#force-sync-type", "FULL");
    const runs = await rows("#runs").count();
    await page.click("#force-sync");
    await expect.poll(() => rows("#runs").count(), { timeout: 20_000 }).toBe(runs + 1);
    await expect
      .poll(() => page.locator("#runs tr[data-status]").first().getAttribute("data-status"), {
        timeout: 20_000,
      })
      .toBe("succeeded");
    expect(await page.locator("#runs li[data-model=applications]").first().textContent()).toMatch(/· 1$/);

    // Still filtered by updated_after: the deletion moved the purged application's changed_at.
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(2);
    await page.check("#record-filters input[name=include_deleted]");
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(3);
    expect(await page.locator("#records-table tr.deleted").count()).toBe(1);
  });

  it("toggles the created-only setting and forces a sync", async () => {
    await page.click("#created-only");
    await expect
      .poll(async () => (await demo.atsync.integrations.get(connectedId)).settings.createdApplicationsOnly)
      .toBe(true);
    const runs = await rows("#runs").count();
    await page.selectOption("#force-sync-type", "DELTA");
    await page.click("#force-sync");
    await expect.poll(() => rows("#runs").count(), { timeout: 20_000 }).toBe(runs + 1);
    await expect
      .poll(() => page.locator("#runs tr[data-status]").first().getAttribute("data-status"), {
        timeout: 20_000,
      })
      .toBe("succeeded");
  });
});
