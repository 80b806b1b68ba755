import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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

/** Where each flow's screenshot goes (git-ignored); the tests assert on the DOM, never on these. */
const SCREENSHOTS = fileURLToPath(new URL("../test-results/dashboard/", import.meta.url));

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
  // The first sync filled the custom fields mapped before it.
  expect(await demo.customFieldsReady).not.toEqual([]);
  await mkdir(SCREENSHOTS, { recursive: true });
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

/** Saves a full-page screenshot of the flow just tested. */
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The line of the newest sync run (the runs list is newest first). */
const newestRun = () => page.locator("#runs tr.run").first();

/** Waits until the newest run has finished with `status`. */
async function newestRunEnds(status: string): Promise<void> {
  await expect.poll(() => newestRun().getAttribute("data-status"), { timeout: 30_000 }).toBe(status);
}

/** Opens a run's details (its progress bars and counts) unless they are open. */
async function expandRun(run: ReturnType<Page["locator"]>): Promise<void> {
  if ((await run.getAttribute("aria-expanded")) !== "true") await run.click();
  await expect.poll(() => run.getAttribute("aria-expanded")).toBe("true");
}

/** The details row of the run with `id`. */
const detailsOf = (id: string) => page.locator(`#runs tr.run-details[data-run-id="${id}"]`);

/** Fills inputs of the form `scope` (input name → value), submits it and waits until its answer is shown. */
async function submitForm(scope: string, values: Record<string, string>): Promise<void> {
  const form = page.locator(scope);
  for (const [name, value] of Object.entries(values)) await form.locator(`input[name="${name}"]`).fill(value);
  await form.locator("button[type=submit]").click();
  // (A form replaced by what it created counts as answered.)
  await expect.poll(() => page.locator(`${scope}[aria-busy]`).count()).toBe(0);
}

/** The field error shown under the input named `name` inside `scope`. */
const fieldError = (scope: string, name: string) => page.locator(`${scope} [name="${name}"] + .field-error`);

/** The texts of every message in the header's message area. */
const toasts = () => page.locator("#toast > div .text").allTextContents();

/** The texts of the error messages in the header's message area. */
const errorToasts = () => page.locator("#toast > div.error .text").allTextContents();

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
    const body = (await ok.json()) as { data: { fields: { name: string; title: string }[] } };
    expect(body).toMatchObject({
      status: "success",
      // The iCIMS connector's own settings sit apart from the credentials, under `connector`.
      data: { settings: { createdApplicationsOnly: false, connector: demo.tenant.settings } },
    });
    // The settings form's fields, labelled from the schemas, connector settings as connector.<key>.
    const { fields } = body.data;
    expect(fields).toContainEqual(
      expect.objectContaining({ name: "deltaIntervalMinutes", title: "Delta interval minutes" }),
    );
    expect(fields.map((f) => f.name)).toContain("connector.statusListId");
    expect(fields.map((f) => f.name)).not.toContain("createdApplicationsOnly");
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
  it("lists the demo integration with its status and setup status, and shows its finished syncs one line each", async () => {
    const row = page.locator(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
    await expect.poll(() => row.textContent()).toMatch(/Active.*Synced — reads available/);
    expect(await row.locator("[data-code=COMPLETED]").count()).toBe(1);
    // The first full sync (which also filled the custom fields mapped before it) finished.
    await expect.poll(() => page.locator("#runs tr.run[data-status=succeeded]").count()).toBe(1);
    const first = page.locator("#runs tr.run").last();
    expect(await first.locator("td").nth(1).textContent()).toBe("full");
    expect(await first.locator(".badge").textContent()).toBe("Succeeded");
    expect(await first.locator("td").nth(3).textContent()).toMatch(/^\d+\.\d s$/);
    expect(Number(await first.locator("td").nth(4).textContent())).toBeGreaterThan(0);
    expect(await first.locator("li[data-model=applications]").textContent()).toBe("applications: 400 new");
    expect(await page.locator("#created-only").isChecked()).toBe(false);
    await shot("integration-synced");
  });

  it("lists only the models a run changed, and shows every model's counts and bars when expanded", async () => {
    // A delta after one job changed at the vendor changes that job only.
    const sim = demo.tenant.simulator as NonNullable<typeof demo.tenant.simulator>;
    const job = sim.state.list("jobs")[0]?.id ?? 0;
    sim.state.mutate({ op: "update", type: "jobs", id: job, fields: { jobtitle: "Renamed at the vendor" } });
    await demo.atsync.sync.runNow(demo.integrationId, "delta");
    await expect.poll(() => page.locator("#runs tr.run[data-status=succeeded]").count()).toBe(2);
    const run = newestRun();
    expect(await run.locator("li").allTextContents()).toEqual(["jobs: 1 changed"]);
    expect(await run.getAttribute("aria-expanded")).toBe("false");
    const id = (await run.getAttribute("data-run-id")) as string;
    expect(await detailsOf(id).count()).toBe(0);
    await expandRun(run);
    const jobs = detailsOf(id).locator(".run-counts tr[data-model=jobs]");
    expect(await jobs.locator("td").allTextContents()).toEqual([
      "jobs",
      "0",
      "1",
      expect.stringMatching(/^\d+$/),
      "0",
    ]);
    await shot("runs-expanded");
    await run.click();
    await expect.poll(() => detailsOf(id).count()).toBe(0);
  });

  it("says how far the shown model's sync has come: all read, or from when on while read newest first", async () => {
    const coverage = page.locator("#records-coverage");
    await expect
      .poll(() => coverage.textContent())
      .toMatch(/^All jobs read; the last complete read started .+\.$/);
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    // As the API answers while a first sync reads jobs newest first and has not reached candidates.
    await page.route("**/v1/integrations", async (route) => {
      const body = await (await route.fetch()).json();
      for (const i of body.data.results) {
        if (i.id !== demo.integrationId) continue;
        for (const m of i.read_models) {
          if (m.id === "ats_jobs") m.sync = { complete: false, covered_since: since, synced_at: null };
          if (m.id === "ats_candidates") m.sync = { complete: false, covered_since: null, synced_at: null };
        }
      }
      await route.fulfill({ json: body });
    });
    try {
      await expect
        .poll(() => coverage.textContent())
        .toMatch(/^Still reading jobs, newest first: all changed since .+ are here; older ones follow\.$/);
      await shot("model-coverage");
      await showTab("candidates");
      await expect
        .poll(() => coverage.textContent())
        .toBe("Not read completely yet: the first sync is still reading candidates.");
    } finally {
      await page.unroute("**/v1/integrations");
    }
    await showTab("jobs");
  });

  it("shows the finished first sync's totals, counted before its reads, as full bars", async () => {
    const run = page.locator("#runs tr.run").last();
    await expandRun(run);
    const id = (await run.getAttribute("data-run-id")) as string;
    const details = detailsOf(id);
    // The bars show the run's progress as the API has it; each model read in full.
    const { progress } = (await demo.atsync.sync.run(demo.integrationId, id))!;
    for (const [model, atLeast] of [
      ["jobs", 30],
      ["applications", 400],
    ] as const) {
      const { done, total } = progress.models[model]!;
      expect(total).toBe(done);
      expect(done).toBeGreaterThanOrEqual(atLeast);
      const bar = details.locator(`.model-progress[data-model=${model}]`);
      expect(await bar.textContent()).toBe(`${model}: ${done} / ${total}`);
      expect(await bar.locator("progress").evaluate((p: ProgressBar) => [p.value, p.max])).toEqual([
        done,
        total,
      ]);
    }
    expect(await details.locator(".eta").count()).toBe(0);
    await run.click();
  });

  it("shows a running sync with a bar per model, its ETA and plain-word statuses, never 'Nothing queued.'", async () => {
    const eta = new Date(Date.now() + 3 * 60_000 + 20_000).toISOString();
    const running = fakeRun("running-run", "running", {
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
    });
    await withRuns([running], null, "FINAL_SYNC_PENDING", async () => {
      const row = page.locator("#runs tr.run[data-run-id=running-run]");
      await expect.poll(() => row.count()).toBe(1);
      // A running run's details are open: its bars show without a click.
      expect(await row.getAttribute("aria-expanded")).toBe("true");
      expect(await row.locator(".run-status").textContent()).toBe("Running reading candidates");
      const details = detailsOf("running-run");
      const candidates = details.locator(".model-progress[data-model=candidates]");
      expect(await candidates.textContent()).toBe("candidates: 50 / 200");
      expect(await candidates.locator("progress").evaluate((p: ProgressBar) => [p.value, p.max])).toEqual([
        50, 200,
      ]);
      // No total: an indeterminate bar with the count.
      const users = details.locator(".model-progress[data-model=users]");
      expect(await users.textContent()).toBe("users: 12");
      expect(await users.locator("progress").evaluate((p: ProgressBar) => p.position)).toBe(-1);
      expect(await details.locator(".eta").textContent()).toMatch(/^About 3 min left \(done by .+\)$/);
      expect(await details.textContent()).toContain("9000 vendor calls left in the quota window");
      const pending = await page.locator("#pending").textContent();
      expect(pending).toMatch(/^A full sync is running\./);
      expect(pending).not.toContain("Nothing queued");
      const integration = page.locator(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
      await expect
        .poll(() => integration.textContent())
        .toContain("First sync running — data appears when it finishes");
      expect(await integration.textContent()).not.toContain("FINAL_SYNC_PENDING");
      await shot("run-running");
    });
  });

  it("says in words what a paused, quarantined, failed or cancelled run means, and when a paused one resumes", async () => {
    const resume = new Date(Date.now() + 42 * 60_000).toISOString();
    const quota = { code: "REMOTE.RATE_LIMIT_EXCEEDED", message: "quota reserve reached" };
    const runs = [
      fakeRun("paused-run", "paused", { error: quota }),
      fakeRun("quarantined-run", "deletion_quarantined", {
        type: "deletion_scan",
        error: { code: "DELETION_QUARANTINED", message: "Nothing deleted: applications: 300 of 400" },
      }),
      fakeRun("failed-run", "failed", {
        error: { code: "REMOTE.SERVICE_UNAVAILABLE", message: "iCIMS answered 503 three times" },
      }),
      fakeRun("cancelled-run", "cancelled"),
    ];
    await withRuns(
      runs,
      { type: "full", runAt: resume, reason: "resume" },
      "FINAL_SYNC_PENDING",
      async () => {
        const status = (id: string) => page.locator(`#runs tr.run[data-run-id=${id}] .run-status`);
        await expect.poll(() => status("paused-run").count()).toBe(1);
        expect(await status("paused-run").textContent()).toMatch(
          /^Paused the vendor's call quota is used up .*; resumes at .+, in 42 min$/,
        );
        expect(await status("quarantined-run").textContent()).toMatch(
          /^Deletions held back .*more records than the safety threshold allows, so nothing was deleted/,
        );
        expect(await status("failed-run").textContent()).toBe("Failed iCIMS answered 503 three times");
        expect(await status("cancelled-run").textContent()).toMatch(/^Cancelled stopped before it finished/);
        // Nothing runs: the first sync is pending, not running.
        const integration = page.locator(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
        await expect
          .poll(() => integration.textContent())
          .toContain("First sync pending — data appears when it finishes");
        expect(await page.locator("#runs").textContent()).not.toMatch(
          /deletion_quarantined|cancelled-run\b.*cancelled/,
        );
        await shot("run-statuses");
      },
    );
  });

  it("explains the created-only option where it is chosen", async () => {
    const sentence = "only candidates and applications created through atsync are synced";
    expect(await page.locator("#connect .created-only-help").textContent()).toContain(sentence);
    expect(await page.locator("#integration .created-only-help").textContent()).toContain(sentence);
  });

  it("generates the connect form from the credentials schema, labelled from it, with guide and prerequisites", async () => {
    const connect = page.locator("#connect");
    expect(await connect.locator("select[name=cred-region] option").allTextContents()).toEqual([
      "—",
      "us",
      "eu",
      "ca",
      "isv",
    ]);
    expect(await connect.locator("input[name=cred-clientSecret]").getAttribute("type")).toBe("password");
    // Labels are the schema's titles, not its keys.
    expect(await page.getByLabel("Customer id").getAttribute("name")).toBe("cred-customerId");
    expect(await connect.textContent()).toContain("Prerequisites");
    expect(await connect.locator("details ol li").count()).toBeGreaterThan(0);
    await page.click("#prefill-simulator");
    expect(await connect.locator("input[name=cred-customerId]").inputValue()).toBe(
      String(demo.tenant.simulator?.customerId),
    );
  });

  it("shows the connect form's refusals at their fields, labelled from the schema, replaced on resubmit", async () => {
    await page.reload();
    const form = page.locator("#connect-form");
    await submitForm("#connect-form", {
      "cred-customerId": "abc",
      "cred-clientSecret": "typed-secret-value",
    });
    const customerId = fieldError("#connect-form", "cred-customerId");
    await expect
      .poll(() => customerId.textContent())
      .toBe("Customer id must be the numeric iCIMS customer id");
    expect(await fieldError("#connect-form", "cred-region").textContent()).toBe(
      "Region must be one of us, eu, ca, isv",
    );
    expect(await form.locator("input[name=cred-customerId]").getAttribute("aria-invalid")).toBe("true");
    // One message per field, no raw zod text, no toast, the secret never shown.
    expect(await form.locator(".field-error").count()).toBe(
      await form.locator("[aria-invalid=true]").count(),
    );
    expect(await form.textContent()).not.toMatch(/Invalid input|expected string|received undefined/);
    expect(await errorToasts()).toEqual([]);
    expect(await page.locator("body").textContent()).not.toContain("typed-secret-value");
    await shot("connect-field-errors");

    // Fixed fields lose their message; the others keep one each.
    await form.locator("select[name=cred-region]").selectOption("us");
    await submitForm("#connect-form", { "cred-customerId": "1234" });
    expect(await customerId.count()).toBe(0);
    expect(await fieldError("#connect-form", "cred-region").count()).toBe(0);
    expect(await form.locator("input[name=cred-customerId]").getAttribute("aria-invalid")).toBeNull();
    // Still refused (no client id or password): said at the form, never as a toast.
    expect(await form.locator(".field-error, .form-error").count()).toBeGreaterThan(0);
    expect(await errorToasts()).toEqual([]);
    await shot("connect-field-errors-resubmitted");
    expect(await rows("#integrations").count()).toBe(1);
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
    await newestRunEnds("succeeded");
    await expect.poll(() => row.textContent()).toContain("Synced — reads available");
    expect(await page.locator("#created-only").isChecked()).toBe(false);
    // The records panel shows the finished sync's jobs without a click.
    await expect
      .poll(() => page.locator("#records-table").getAttribute("data-integration-id"))
      .toBe(connectedId);
    await expect.poll(() => rows("#records-table").count()).toBe(25);
  });

  it("browses a candidate and moves one of its applications to another stage", async () => {
    beforeWrites = new Date(Math.ceil(Date.now() / 1000) * 1000);
    await expect.poll(() => Date.now() >= beforeWrites.getTime()).toBe(true);
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

  it("shows a refused stage move at the stage field", async () => {
    await page.locator("#candidate-applications a").first().click();
    await expect.poll(() => page.locator("#record").getAttribute("data-resource")).toBe("applications");
    const stage = (await page.locator("#current-stage").textContent()) as string;
    // A stage removed at the vendor since the page was shown.
    await page.locator("#move-stage-select").evaluate((select: { innerHTML: string; value: string }) => {
      select.innerHTML += '<option value="no-such-stage">Removed stage</option>';
      select.value = "no-such-stage";
    });
    await page.click("#move-stage-submit");
    const error = page.locator("#move-stage .field-error");
    await expect
      .poll(() => error.textContent())
      .toMatch(/^Stage: no application stages? with id no-such-stage$/);
    expect(await page.locator("#current-stage").textContent()).toBe(stage);
    expect(await toasts()).not.toContainEqual(expect.stringContaining("no-such-stage"));
    await shot("move-stage-error");
  });

  it("shows the create-application form's refusals at their fields, then creates the application", async () => {
    await showTab("jobs");
    await expect.poll(() => rows("#records-table").count()).toBeGreaterThan(0);
    const job = (await rows("#records-table").first().locator("td").first().textContent()) as string;
    await rows("#records-table").first().click();
    await submitForm("#create-application", { last_name: "Browser", email_address: "not-an-email" });
    await expect
      .poll(() => fieldError("#create-application", "first_name").textContent())
      .toBe("First name must not be empty");
    expect(await fieldError("#create-application", "email_address").textContent()).toBe(
      "Email must be a valid email address",
    );
    expect(await fieldError("#create-application", "last_name").count()).toBe(0);
    expect(await errorToasts()).toEqual([]);
    await shot("create-application-errors");

    await submitForm("#create-application", {
      first_name: "Dana",
      email_address: "dana.browser@example.com",
    });
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
    const runs = await page.locator("#runs tr.run").count();
    await page.click("#force-sync");
    await expect.poll(() => page.locator("#runs tr.run").count()).toBe(runs + 1);
    await newestRunEnds("succeeded");
    // Only the changed model is listed: the deletion.
    expect(await newestRun().locator("li").allTextContents()).toEqual(["applications: 1 deleted"]);

    // Still filtered by updated_after: the deletion moved the purged application's changed_at.
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(2);
    await page.check("#record-filters input[name=include_deleted]");
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(3);
    expect(await page.locator("#records-table tr.deleted").count()).toBe(1);
    await page.uncheck("#record-filters input[name=include_deleted]");
    await page.fill("#record-filters input[name=updated_after]", "");
    await page.click("#record-filters button[type=submit]");
    await expect.poll(() => rows("#records-table").count()).toBe(10);
  });

  it("shows the settings form's refusals at their fields, labelled from the schema, and saves what changed", async () => {
    await page.click("#settings summary");
    const form = page.locator("#settings-form");
    expect(await page.getByLabel("Delta interval minutes").getAttribute("name")).toBe(
      "setting-deltaIntervalMinutes",
    );
    await submitForm("#settings-form", {
      "setting-deltaIntervalMinutes": "0",
      "setting-quotaReserve": "lots",
    });
    await expect
      .poll(() => fieldError("#settings-form", "setting-deltaIntervalMinutes").textContent())
      .toBe("Delta interval minutes must be an integer from 1 to 10080 (minutes)");
    expect(await fieldError("#settings-form", "setting-quotaReserve").textContent()).toMatch(
      /^Quota reserve must be an integer from 0 to/,
    );
    expect(await errorToasts()).toEqual([]);
    await shot("settings-field-errors");

    await submitForm("#settings-form", { "setting-deltaIntervalMinutes": "30", "setting-quotaReserve": "" });
    expect(await form.locator(".field-error, .form-error").count()).toBe(0);
    expect((await demo.atsync.integrations.get(connectedId)).settings.deltaIntervalMinutes).toBe(30);
    expect(await toasts()).toContain("Settings saved: they apply from the next sync");
  });

  it("refreshes the records panel after Disable and Enable: no stale rows, the right columns", async () => {
    await showTab("applications");
    await expect.poll(() => rows("#records-table").count()).toBe(10);
    await page.click("#disable");
    const message = page.locator("#records-message");
    await expect
      .poll(() => message.textContent())
      .toBe("This integration is disabled — enable it to browse its records.");
    // No stale rows, no columns of a list that is not shown.
    expect(await rows("#records-table").count()).toBe(0);
    expect(await page.locator("#records-table thead th").count()).toBe(0);
    expect(await page.locator("#integrations tr.selected").textContent()).toContain(
      "Disabled — no syncs run",
    );

    // A disabled integration cannot be synced: the button says so instead of failing.
    expect(await page.locator("#force-sync").isDisabled()).toBe(true);
    expect(await page.locator("#record").isHidden()).toBe(true);
    await shot("disabled");

    // A tab switched while disabled shows its own (empty) state, then Enable brings its rows.
    await showTab("jobs");
    expect(await page.locator("#records-table thead th").count()).toBe(0);
    await page.click("#enable");
    // The page size chosen before (10) still applies.
    await expect.poll(() => rows("#records-table").count()).toBe(10);
    expect(await page.locator("#records-table thead th").first().textContent()).toBe("Name");
    expect(await message.textContent()).toBe("");
    await shot("enabled-again");
  });

  it("shows a refusal that belongs to no form once, in words, dismissable, never over a form", async () => {
    let calls = 0;
    await page.route("**/v1/force-sync", async (route) => {
      calls += 1;
      await route.fulfill({
        status: 503,
        json: {
          status: "error",
          error: {
            code: "PLATFORM.UNKNOWN_ERROR",
            title: "UNKNOWN ERROR",
            message: "The scheduler is restarting; try again in a minute (REMOTE.SERVICE_UNAVAILABLE)",
            log_url: null,
          },
        },
      });
    });
    try {
      await page.click("#force-sync");
      await expect.poll(() => calls).toBe(1);
      await page.click("#force-sync");
      const toast = page.locator("#toast > div.error");
      await expect.poll(() => toast.locator(".count").textContent()).toBe(" ×2");
      expect(await toast.count()).toBe(1);
      expect(await toast.locator(".text").textContent()).toBe(
        "The scheduler is restarting; try again in a minute",
      );
      const box = await page.locator("#toast").boundingBox();
      const connect = await page.locator("#connect-form").boundingBox();
      expect(box && connect && box.y + box.height <= connect.y).toBe(true);
      await shot("message-repeated");
      await toast.locator(".dismiss").click();
      await expect.poll(() => toast.count()).toBe(0);
    } finally {
      await page.unroute("**/v1/force-sync");
    }
  });

  it("toggles the created-only setting and forces a sync", async () => {
    await page.click("#created-only");
    await expect
      .poll(async () => (await demo.atsync.integrations.get(connectedId)).settings.createdApplicationsOnly)
      .toBe(true);
    const runs = await page.locator("#runs tr.run").count();
    await page.selectOption("#force-sync-type", "DELTA");
    await page.click("#force-sync");
    await expect.poll(() => page.locator("#runs tr.run").count()).toBe(runs + 1);
    await newestRunEnds("succeeded");
  });

  it("connects with 'sync only created applications' on and says why it has no candidates or applications", async () => {
    await page.reload();
    const form = page.locator("#connect-form");
    await page.click("#prefill-simulator");
    await form.locator("input[name=organization_name]").fill("Created Only Co");
    expect(await form.locator("input[name=created_only]").isChecked()).toBe(true);
    await form.locator("#connect-submit").click();
    await expect.poll(() => rows("#integrations").count()).toBe(3);
    const row = page.locator("#integrations tr.selected");
    expect(await row.textContent()).toContain("Created Only Co");
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain("Synced — reads available");
    await showTab("candidates");
    await expect
      .poll(() => page.locator("#records-message").textContent())
      .toMatch(
        /^None: "Sync only created applications" is on, so only candidates and applications created through atsync are synced/,
      );
    expect(await rows("#records-table").count()).toBe(0);
    await shot("created-only-explained");
  });

  it("shows the right columns and rows after switching integration or model", async () => {
    // From the created-only integration's empty candidates to the demo integration's candidates.
    await page.click(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
    const table = page.locator("#records-table");
    await expect.poll(() => table.getAttribute("data-integration-id")).toBe(demo.integrationId);
    expect(await table.getAttribute("data-resource")).toBe("candidates");
    await expect.poll(() => rows("#records-table").count()).toBe(25);
    expect(await page.locator("#records-message").textContent()).toBe("");
    expect(await page.locator("#records-table thead th").allTextContents()).toEqual([
      "Name",
      "Email",
      "Applications",
      "Remote id",
      "Changed",
    ]);
    // Two tabs clicked at once: the table ends on the last one, with its columns.
    await page.click("#resource-tabs button[data-resource=users]");
    await page.click("#resource-tabs button[data-resource=application-stages]");
    await expect.poll(() => table.getAttribute("data-resource")).toBe("application-stages");
    expect(await page.locator("#records-table thead th").allTextContents()).toEqual([
      "Name",
      "Remote id",
      "Changed",
    ]);
    expect(await rows("#records-table").first().locator("td").count()).toBe(3);
    await shot("switched-model");
  });
});

/** A sync run of the demo integration as the API answers it, finished unless `status` says otherwise. */
function fakeRun(id: string, status: string, overrides: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    id,
    integration_id: demo.integrationId,
    type: "full",
    status,
    counts: {},
    api_calls: 10,
    current_model: null,
    progress: { models: {}, quota_remaining: null, quota_resets_at: null, eta: null },
    started_at: now,
    finished_at: status === "running" || status === "queued" ? null : now,
    error: null,
    created_at: now,
    ...overrides,
  };
}

/**
 * Runs `check` while the API answers the demo integration's runs with `runs` first and `pending`
 * as the next sync, and its setup status as `setupStatus`; the demo integration is selected.
 */
async function withRuns(
  runs: unknown[],
  pending: unknown,
  setupStatus: string,
  check: () => Promise<void>,
): Promise<void> {
  const runsUrl = `**/v1/integrations/${encodeURIComponent(demo.integrationId)}/sync-runs?limit=10`;
  await page.route(runsUrl, async (route) => {
    const body = await (await route.fetch()).json();
    body.data.results = [...runs, ...body.data.results];
    body.data.pending = pending;
    await route.fulfill({ json: body });
  });
  await page.route("**/v1/integrations", async (route) => {
    const body = await (await route.fetch()).json();
    for (const i of body.data.results) if (i.id === demo.integrationId) i.setup_status = setupStatus;
    await route.fulfill({ json: body });
  });
  try {
    await page.click(`#integrations tr[data-integration-id="${demo.integrationId}"]`);
    await check();
  } finally {
    await page.unroute(runsUrl);
    await page.unroute("**/v1/integrations");
  }
}
