// The atsync demo dashboard: a small vanilla module that talks to the `/v1` API with the key the
// demo server injected into the page (#demo-config).

const config = JSON.parse(document.getElementById("demo-config").textContent);

/** The record browser's resources: Kombo path segment, label and table columns. */
const RESOURCES = {
  jobs: {
    label: "Jobs",
    columns: [
      ["Name", (r) => r.name],
      ["Status", (r) => r.status],
      ["Remote", (r) => r.remote_work_status],
      ["Location", (r) => r.location?.city ?? r.location?.raw],
      ["Remote id", (r) => r.remote_id],
      ["Changed", (r) => when(r.changed_at)],
    ],
  },
  candidates: {
    label: "Candidates",
    columns: [
      ["Name", fullName],
      ["Email", (r) => r.email_addresses?.[0]?.email_address],
      ["Applications", (r) => r.applications.length],
      ["Remote id", (r) => r.remote_id],
      ["Changed", (r) => when(r.changed_at)],
    ],
  },
  applications: {
    label: "Applications",
    columns: [
      ["Candidate", (r) => (r.candidate ? fullName(r.candidate) : null)],
      ["Job", (r) => r.job?.name],
      ["Stage", (r) => r.current_stage?.name],
      ["Outcome", (r) => r.outcome],
      ["Remote id", (r) => r.remote_id],
      ["Changed", (r) => when(r.changed_at)],
    ],
  },
  "application-stages": {
    label: "Application stages",
    columns: [
      ["Name", (r) => r.name],
      ["Remote id", (r) => r.remote_id],
      ["Changed", (r) => when(r.changed_at)],
    ],
  },
  users: {
    label: "Users",
    columns: [
      ["Name", fullName],
      ["Email", (r) => r.email],
      ["Status", (r) => r.status],
      ["Remote id", (r) => r.remote_id],
      ["Changed", (r) => when(r.changed_at)],
    ],
  },
};

const state = {
  tools: [],
  integrations: [],
  /** Id of the integration shown on the right. */
  selected: null,
  runs: [],
  pending: null,
  resource: "jobs",
  /** Cursor of each page visited (index 0: the first page). */
  cursors: [null],
  next: null,
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Creates an element: `h("td", { class: "x", onclick: fn }, "text", child)`. Text is never parsed as HTML. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key in el && key !== "list") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function fullName(r) {
  return [r.first_name, r.last_name].filter(Boolean).join(" ");
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : null;
}

function badge(text, tone) {
  return h("span", { class: `badge ${tone ?? ""}` }, text);
}

/** Plain words for the API's integration and setup statuses (the code stays in the badge's title). */
const STATUS_WORDS = {
  ACTIVE: "Active",
  INACTIVE: "Disabled — no syncs run",
  INVALID: "Credentials rejected — update them to sync again",
  INCOMPLETE: "Setup incomplete",
  FINAL_SYNC_PENDING: "First sync running — reads are available when it finishes",
  COMPLETED: "Synced — reads available",
};

/** A badge of an integration or setup status in plain words. */
function statusBadge(code) {
  return h(
    "span",
    { class: `badge ${toneOf(code)}`, title: code, "data-code": code },
    STATUS_WORDS[code] ?? code,
  );
}

/** What the created-only setting means, shown where it is chosen. */
const CREATED_ONLY_HELP =
  "When on, only candidates and applications created through atsync are synced, so a new integration shows none until you create one here.";

function toneOf(status) {
  if (["ACTIVE", "COMPLETED", "succeeded"].includes(status)) return "ok";
  if (["INVALID", "failed", "deletion_quarantined"].includes(status)) return "bad";
  return "warn";
}

/** Shows a message at the bottom right for a few seconds. */
function toast(message, isError = false) {
  const el = h("div", { class: isError ? "error" : "" }, message);
  document.getElementById("toast").append(el);
  setTimeout(() => el.remove(), isError ? 8000 : 4000);
}

/** An error answered by the API (Kombo's envelope). */
class ApiError extends Error {
  constructor(status, code, message) {
    super(code ? `${code}: ${message}` : message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the atsync API and returns the envelope's `data` (or the whole body when it has none). */
async function api(method, path, { body, integrationId, base = config.apiBase } = {}) {
  const headers = { authorization: `Bearer ${config.apiKey}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (integrationId) headers["x-integration-id"] = integrationId;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok || payload?.status === "error") {
    const error = payload?.error ?? {};
    throw new ApiError(response.status, error.code ?? null, error.message ?? `HTTP ${response.status}`);
  }
  return payload && "data" in payload ? payload.data : payload;
}

const integrationPath = (id) => `/integrations/${encodeURIComponent(id)}`;
const selectedIntegration = () => state.integrations.find((i) => i.id === state.selected) ?? null;
const toolOf = (integration) => state.tools.find((t) => t.id === integration?.tool.id) ?? null;

/** Runs `fn`, showing its error as a toast; returns its result or undefined on error. */
async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    toast(error.message, true);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Integrations

function renderIntegrations() {
  const tbody = document.querySelector("#integrations tbody");
  tbody.replaceChildren(
    ...state.integrations.map((i) =>
      h(
        "tr",
        {
          class: `clickable ${i.id === state.selected ? "selected" : ""}`,
          "data-integration-id": i.id,
          onclick: () => attempt(() => selectIntegration(i.id)),
        },
        h("td", {}, h("code", {}, i.id), h("div", { class: "muted" }, i.tool.label)),
        h("td", {}, i.end_user.organization_name),
        h("td", {}, statusBadge(i.status)),
        h("td", {}, statusBadge(i.setup_status)),
      ),
    ),
  );
  if (state.integrations.length === 0) tbody.append(h("tr", {}, h("td", { colSpan: 4 }, "None yet.")));
}

async function refreshIntegrations() {
  const before = selectedIntegration()?.setup_status;
  state.integrations = (await api("GET", "/integrations")).results;
  renderIntegrations();
  const after = selectedIntegration();
  if (after && before && before !== after.setup_status) {
    renderIntegrationHeader();
    await loadRecords();
  }
}

async function selectIntegration(id) {
  state.selected = id;
  state.cursors = [null];
  renderIntegrations();
  for (const section of ["integration", "runs", "records"]) document.getElementById(section).hidden = false;
  document.getElementById("record").hidden = true;
  await renderIntegrationPanel();
  await Promise.all([refreshRuns(), loadRecords()]);
  schedulePoll(1000);
}

function renderIntegrationHeader() {
  const integration = selectedIntegration();
  const header = document.getElementById("integration-status");
  if (!integration || !header) return;
  header.replaceChildren(statusBadge(integration.status), " ", statusBadge(integration.setup_status));
}

async function renderIntegrationPanel() {
  const integration = selectedIntegration();
  const section = document.getElementById("integration");
  if (!integration) return;
  const tool = toolOf(integration);
  const { settings } = await api("GET", `${integrationPath(integration.id)}/settings`, { base: "/demo" });
  const createdOnly = settings.createdApplicationsOnly ?? tool?.capabilities.createdApplicationsOnly ?? false;

  const forceType = h(
    "select",
    { id: "force-sync-type" },
    h("option", { value: "DELTA" }, "Delta"),
    h("option", { value: "FULL" }, "Full"),
    h("option", { value: "DELETION_SCAN" }, "Deletion scan"),
  );
  const forceSync = async () => {
    const result = await attempt(() =>
      api("POST", "/force-sync", { body: { type: forceType.value }, integrationId: integration.id }),
    );
    if (!result) return;
    toast(
      result.already_queued ? `A sync is already queued (${result.sync_id})` : `${result.type} sync queued`,
    );
    schedulePoll(0);
  };
  const toggleCreatedOnly = async (event) => {
    const value = event.target.checked;
    const saved = await attempt(() =>
      api("PATCH", `${integrationPath(integration.id)}/settings`, {
        body: { createdApplicationsOnly: value },
      }),
    );
    if (saved) toast(`"Sync only created applications" ${value ? "on" : "off"}: applies from the next sync`);
    else event.target.checked = !value;
  };
  const setEnabled = async (value) => {
    if (await attempt(() => api("PUT", `${integrationPath(integration.id)}/enabled`, { body: { value } }))) {
      await refreshIntegrations();
      await renderIntegrationPanel();
    }
  };

  section.replaceChildren(
    h("h2", {}, "Integration ", h("code", {}, integration.id), " ", h("span", { id: "integration-status" })),
    h(
      "p",
      { class: "muted" },
      `${integration.tool.label} · ${integration.end_user.organization_name} · connected ${when(integration.created_at)}`,
    ),
    h(
      "div",
      { class: "actions" },
      h("label", {}, "Sync type", forceType),
      h("button", { type: "button", id: "force-sync", class: "primary", onclick: forceSync }, "Force sync"),
      integration.status === "INACTIVE"
        ? h("button", { type: "button", onclick: () => setEnabled(true) }, "Enable")
        : h("button", { type: "button", onclick: () => setEnabled(false) }, "Disable"),
      tool?.capabilities.createdApplicationsOnly
        ? h(
            "label",
            { class: "inline" },
            h("input", {
              type: "checkbox",
              id: "created-only",
              checked: createdOnly,
              onchange: toggleCreatedOnly,
            }),
            "Sync only created applications",
            h("small", { class: "created-only-help" }, CREATED_ONLY_HELP),
          )
        : null,
    ),
    h(
      "details",
      {},
      h("summary", {}, "Coverage"),
      h("h3", {}, "Read models"),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", {}, "Model"), h("th", {}, "Fields"), h("th", {}, "Notes"))),
        h(
          "tbody",
          {},
          Object.entries(tool?.atsync_coverage.models ?? {}).map(([model, c]) =>
            h(
              "tr",
              {},
              h("td", {}, model),
              h("td", { title: c.fields.join(", ") }, c.fields.length),
              h("td", {}, c.notes ?? ""),
            ),
          ),
        ),
      ),
      h("h3", {}, "Write actions"),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", {}, "Action"), h("th", {}, "Available"), h("th", {}, "Notes"))),
        h(
          "tbody",
          {},
          integration.write_actions.map((a) =>
            h(
              "tr",
              {},
              h("td", {}, a.label),
              h("td", {}, badge(a.is_available ? "yes" : "no", a.is_available ? "ok" : "bad")),
              h("td", {}, tool?.atsync_coverage.actions[a.id.replace(/^ats_/, "")]?.notes ?? ""),
            ),
          ),
        ),
      ),
    ),
  );
  renderIntegrationHeader();
}

// ---------------------------------------------------------------------------------------------
// Sync runs (polled every second while one is queued or running)

let pollTimer = null;

function schedulePoll(delayMs) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, delayMs);
}

const isBusy = () =>
  state.runs.some((r) => r.status === "running" || r.status === "queued") ||
  (state.pending !== null && Date.parse(state.pending.runAt) <= Date.now());

async function poll() {
  try {
    // Runs first: a run is marked finished only after its integration's setup status is stored,
    // so integrations read after the runs never lag behind a finished run.
    if (state.selected) await refreshRuns();
    await refreshIntegrations();
    refreshDeliveries().catch((error) => toast(error.message, true));
  } catch (error) {
    toast(error.message, true);
  }
  schedulePoll(isBusy() ? 1000 : 5000);
}

function countsOf(run) {
  return h(
    "ul",
    { class: "counts" },
    Object.entries(run.counts).map(([model, c]) =>
      h(
        "li",
        { "data-model": model },
        `${model.replaceAll("_", " ")}: ${c.inserted} · ${c.updated} · ${c.unchanged} · ${c.deleted}`,
      ),
    ),
  );
}

/** "3 min", "45 s", "2 h 5 min": the time from now until `iso`. */
function timeUntil(iso) {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * A run's progress: a bar per model (done of the total counted before the read; without a total,
 * an indeterminate bar with the count), the estimated end and the quota left while it runs.
 */
function progressOf(run) {
  const models = Object.entries(run.progress?.models ?? {});
  if (models.length === 0) return null;
  const running = run.status === "running";
  const { eta, quota_remaining: quotaLeft } = run.progress;
  return h(
    "div",
    { class: "progress" },
    models.map(([model, { done, total }]) =>
      h(
        "div",
        { class: "model-progress", "data-model": model },
        h(
          "span",
          {},
          total === null
            ? `${model.replaceAll("_", " ")}: ${done}`
            : `${model.replaceAll("_", " ")}: ${done} / ${total}`,
        ),
        total === null
          ? h("progress", running ? {} : { max: 1, value: 1 })
          : h("progress", { max: Math.max(total, 1), value: Math.min(done, total) }),
      ),
    ),
    running && eta
      ? h(
          "div",
          { class: "eta" },
          `About ${timeUntil(eta)} left (done by ${new Date(eta).toLocaleTimeString()})`,
        )
      : null,
    running && quotaLeft !== null
      ? h("div", { class: "muted" }, `${quotaLeft} vendor calls left in the quota window`)
      : null,
  );
}

function duration(run) {
  if (!run.started_at) return null;
  const end = run.finished_at ? Date.parse(run.finished_at) : Date.now();
  return `${((end - Date.parse(run.started_at)) / 1000).toFixed(1)} s`;
}

async function refreshRuns() {
  const id = state.selected;
  const { results, pending } = await api("GET", `${integrationPath(id)}/sync-runs?limit=10`);
  if (id !== state.selected) return;
  const wasRunning = state.runs.filter((r) => r.status === "running").map((r) => r.id);
  state.runs = results;
  state.pending = pending;
  const running = results.find((r) => r.status === "running");
  const next = pending ? `Next: ${pending.type} sync (${pending.reason}) at ${when(pending.runAt)}.` : null;
  document.getElementById("pending").textContent = running
    ? [`A ${running.type} sync is running.`, next].filter(Boolean).join(" ")
    : (next ?? "Nothing queued.");
  document
    .querySelector("#runs tbody")
    .replaceChildren(
      ...results.map((run) =>
        h(
          "tr",
          { "data-run-id": run.id, "data-status": run.status },
          h("td", {}, when(run.started_at ?? run.created_at)),
          h("td", {}, run.type),
          h(
            "td",
            {},
            badge(run.status, toneOf(run.status)),
            run.current_model && run.status === "running"
              ? h("div", { class: "muted" }, run.current_model)
              : null,
            run.error ? h("div", { class: "muted" }, `${run.error.code}: ${run.error.message}`) : null,
          ),
          h("td", {}, progressOf(run)),
          h("td", {}, duration(run)),
          h("td", {}, run.api_calls),
          h("td", {}, countsOf(run)),
        ),
      ),
    );
  const finished = results.some((r) => wasRunning.includes(r.id) && r.status !== "running");
  if (finished) await loadRecords();
}

// ---------------------------------------------------------------------------------------------
// Webhook deliveries

const DELIVERY_TONES = { delivered: "ok", pending: "warn", dead: "error" };

async function refreshDeliveries() {
  const [{ results: endpoints }, { results }] = await Promise.all([
    api("GET", "/webhooks/endpoints"),
    api("GET", "/webhooks/deliveries?page_size=15"),
  ]);
  document.getElementById("deliveries-info").textContent =
    endpoints.length === 0
      ? "No webhook endpoint (set ATSYNC_WEBHOOK_URL and ATSYNC_WEBHOOK_SECRET)."
      : endpoints
          .map((e) => `${e.url}${e.disabled_at ? ` — disabled: ${e.disabled_reason}` : ""}`)
          .join(" · ");
  document.querySelector("#deliveries tbody").replaceChildren(
    ...results.map((d) =>
      h(
        "tr",
        { "data-delivery-id": d.id, "data-status": d.status },
        h("td", {}, when(d.created_at)),
        h("td", {}, d.event_type, h("div", { class: "muted" }, d.event_id)),
        h(
          "td",
          {},
          badge(d.status, DELIVERY_TONES[d.status]),
          d.status === "pending" && d.next_attempt_at
            ? h("div", { class: "muted" }, `next ${when(d.next_attempt_at)}`)
            : null,
        ),
        h("td", {}, d.attempts),
        h("td", {}, d.last_error ?? (d.last_status ? `HTTP ${d.last_status}` : "")),
        h(
          "td",
          {},
          h(
            "button",
            {
              type: "button",
              onclick: async () => {
                if (
                  await attempt(() =>
                    api("POST", `/webhooks/deliveries/${encodeURIComponent(d.id)}/redeliver`),
                  )
                ) {
                  toast(`Redelivering ${d.event_type}`);
                  await refreshDeliveries();
                }
              },
            },
            "Redeliver",
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Record browser

function renderTabs() {
  document.getElementById("resource-tabs").replaceChildren(
    ...Object.entries(RESOURCES).map(([resource, def]) =>
      h(
        "button",
        {
          type: "button",
          "data-resource": resource,
          "aria-pressed": String(resource === state.resource),
          onclick: () => {
            state.resource = resource;
            state.cursors = [null];
            renderTabs();
            loadRecords();
          },
        },
        def.label,
      ),
    ),
  );
}

/** The list query of the filter form plus `cursor`. */
function recordQuery(cursor) {
  const form = document.getElementById("record-filters");
  const query = new URLSearchParams({ page_size: form.page_size.value });
  if (form.updated_after.value) query.set("updated_after", new Date(form.updated_after.value).toISOString());
  if (form.include_deleted.checked) query.set("include_deleted", "true");
  if (cursor) query.set("cursor", cursor);
  return query;
}

async function loadRecords() {
  const id = state.selected;
  const resource = state.resource;
  const def = RESOURCES[resource];
  const message = document.getElementById("records-message");
  const pageIndex = state.cursors.length - 1;
  let page;
  try {
    page = await api("GET", `/ats/${resource}?${recordQuery(state.cursors[pageIndex])}`, {
      integrationId: id,
    });
  } catch (error) {
    if (id !== state.selected) return;
    message.textContent =
      error.code === "INTEGRATION.SETUP_SYNC_PENDING"
        ? "The first sync has not finished yet."
        : error.message;
    document.querySelector("#records-table tbody").replaceChildren();
    return;
  }
  if (id !== state.selected || resource !== state.resource) return;
  // Which resource the rows show (tabs switch it asynchronously).
  document.getElementById("records-table").dataset.resource = resource;
  state.next = page.next;
  message.textContent = page.results.length === 0 ? "No records match." : "";
  document.querySelector("#records-table thead").replaceChildren(
    h(
      "tr",
      {},
      def.columns.map(([title]) => h("th", {}, title)),
    ),
  );
  document.querySelector("#records-table tbody").replaceChildren(
    ...page.results.map((record) =>
      h(
        "tr",
        {
          class: `clickable ${record.remote_deleted_at ? "deleted" : ""}`,
          "data-record-id": record.id,
          onclick: () => showRecord(resource, record),
        },
        def.columns.map(([, value]) => h("td", {}, value(record) ?? "")),
      ),
    ),
  );
  document.getElementById("page-number").textContent = `Page ${pageIndex + 1}`;
  document.getElementById("page-prev").disabled = pageIndex === 0;
  document.getElementById("page-next").disabled = !page.next;
}

/** Reads one record by id in its list shape (Kombo has no single-record GET). */
async function fetchRecord(resource, id) {
  const page = await api("GET", `/ats/${resource}?ids=${encodeURIComponent(id)}&include_deleted=true`, {
    integrationId: state.selected,
  });
  return page.results[0] ?? null;
}

async function openRecord(resource, id) {
  const record = await attempt(() => fetchRecord(resource, id));
  if (record) await showRecord(resource, record);
}

function titleOf(resource, record) {
  if (resource === "jobs" || resource === "application-stages") return record.name;
  if (resource === "applications")
    return `${record.candidate ? fullName(record.candidate) : "?"} → ${record.job?.name ?? "?"}`;
  return fullName(record) || record.id;
}

async function showRecord(resource, record) {
  const section = document.getElementById("record");
  section.hidden = false;
  section.dataset.resource = resource;
  section.dataset.recordId = record.id;
  const parts = [
    h("h2", {}, `${RESOURCES[resource].label.replace(/s$/, "")}: `, titleOf(resource, record)),
    h(
      "p",
      { class: "muted" },
      "id ",
      h("code", {}, record.id),
      " · remote id ",
      h("code", {}, record.remote_id),
    ),
  ];
  if (resource === "candidates") parts.push(candidateApplications(record));
  if (resource === "applications") parts.push(...(await applicationDetails(record)));
  if (resource === "jobs") parts.push(createApplicationForm(record));
  parts.push(h("details", {}, h("summary", {}, "JSON"), h("pre", {}, JSON.stringify(record, null, 2))));
  section.replaceChildren(...parts);
  section.scrollIntoView({ block: "nearest" });
}

function candidateApplications(candidate) {
  return h(
    "div",
    {},
    h("h3", {}, "Applications"),
    candidate.applications.length === 0
      ? h("p", { class: "muted" }, "None.")
      : h(
          "ul",
          { id: "candidate-applications" },
          candidate.applications.map((a) =>
            h(
              "li",
              {},
              h(
                "a",
                {
                  href: "#",
                  "data-application-id": a.id,
                  onclick: (event) => {
                    event.preventDefault();
                    openRecord("applications", a.id);
                  },
                },
                a.job?.name ?? a.id,
              ),
              ` — ${a.current_stage?.name ?? "no stage"} (${a.outcome ?? "no outcome"})`,
            ),
          ),
        ),
  );
}

async function applicationDetails(application) {
  const job = application.job_id ? await attempt(() => fetchRecord("jobs", application.job_id)) : null;
  const stages = job?.stages ?? [];
  const select = h(
    "select",
    { id: "move-stage-select" },
    stages.map((s) => h("option", { value: s.id, selected: s.id === application.current_stage_id }, s.name)),
  );
  const move = async () => {
    const moved = await attempt(() =>
      api("PUT", `/ats/applications/${encodeURIComponent(application.id)}/stage`, {
        body: { stage_id: select.value },
        integrationId: state.selected,
      }),
    );
    if (moved === undefined) return;
    toast(`Moved to ${select.selectedOptions[0]?.textContent}`);
    await Promise.all([openRecord("applications", application.id), loadRecords()]);
  };
  return [
    h(
      "p",
      {},
      "Candidate: ",
      application.candidate
        ? h(
            "a",
            {
              href: "#",
              onclick: (event) => {
                event.preventDefault();
                openRecord("candidates", application.candidate_id);
              },
            },
            fullName(application.candidate),
          )
        : "—",
      " · Job: ",
      application.job?.name ?? "—",
      " · Stage: ",
      h("strong", { id: "current-stage" }, application.current_stage?.name ?? "—"),
      " · Outcome: ",
      application.outcome ?? "—",
    ),
    h(
      "div",
      { class: "actions" },
      h("label", {}, "Move to stage", select),
      h("button", { type: "button", id: "move-stage-submit", class: "primary", onclick: move }, "Move"),
    ),
  ];
}

function createApplicationForm(job) {
  const form = h(
    "form",
    { id: "create-application" },
    h("label", {}, "First name", h("input", { name: "first_name", required: true })),
    h("label", {}, "Last name", h("input", { name: "last_name", required: true })),
    h("label", {}, "Email", h("input", { name: "email_address", type: "email", required: true })),
    h("button", { type: "submit", class: "primary" }, "Create application"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const candidate = Object.fromEntries(new FormData(form));
    const created = await attempt(() =>
      api("POST", `/ats/jobs/${encodeURIComponent(job.id)}/applications`, {
        body: { candidate },
        integrationId: state.selected,
      }),
    );
    if (!created) return;
    toast(`Application created for ${candidate.first_name} ${candidate.last_name}`);
    await showRecord("applications", created);
  });
  return h("div", {}, h("h3", {}, "Create an application for this job"), form);
}

// ---------------------------------------------------------------------------------------------
// Connect form (generated from the tool's credentials_schema)

function credentialInput(field) {
  const name = `cred-${field.name}`;
  if (field.options) {
    return h(
      "select",
      { name },
      h("option", { value: "" }, "—"),
      field.options.map((o) => h("option", { value: String(o) }, String(o))),
    );
  }
  if (field.type === "boolean") return h("input", { type: "checkbox", name });
  const type = field.secret
    ? "password"
    : field.type === "integer" || field.type === "number"
      ? "number"
      : "text";
  return h("input", {
    type,
    name,
    autocomplete: "off",
    placeholder: field.type === "array" ? "comma-separated" : "",
  });
}

/** The credentials the form holds; empty fields are left out (the server validates and names what is missing). */
function credentialsOf(form, tool) {
  const credentials = {};
  for (const field of tool.credentials_schema) {
    const input = form.elements[`cred-${field.name}`];
    if (field.type === "boolean") {
      if (input.checked) credentials[field.name] = true;
      continue;
    }
    const value = input.value.trim();
    if (!value) continue;
    if (field.type === "array") credentials[field.name] = value.split(",").map((v) => v.trim());
    else if (field.type === "integer" || field.type === "number") credentials[field.name] = Number(value);
    else credentials[field.name] = value;
  }
  return credentials;
}

function renderConnect(toolId) {
  const body = document.getElementById("connect-body");
  const tool = state.tools.find((t) => t.id === toolId) ?? state.tools[0];
  if (!tool) {
    body.replaceChildren(h("p", {}, "No connectors are registered."));
    return;
  }
  const toolSelect = h(
    "select",
    { name: "tool", onchange: (event) => renderConnect(event.target.value) },
    state.tools.map((t) => h("option", { value: t.id, selected: t.id === tool.id }, t.label)),
  );
  const form = h(
    "form",
    { id: "connect-form", class: "stacked" },
    h("label", {}, "Tool", toolSelect),
    tool.credentials_schema.map((field) =>
      h(
        "label",
        { class: field.type === "boolean" ? "inline" : "" },
        `${field.name}${field.required ? " *" : ""}`,
        credentialInput(field),
        field.description ? h("small", {}, field.description) : null,
      ),
    ),
    h("label", {}, "Organization name", h("input", { name: "organization_name", placeholder: tool.label })),
    tool.capabilities.createdApplicationsOnly
      ? h(
          "label",
          { class: "inline" },
          h("input", { type: "checkbox", name: "created_only", checked: true }),
          "Sync only created applications",
          h("small", { class: "created-only-help" }, CREATED_ONLY_HELP),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      config.simulatorCredentials
        ? h(
            "button",
            { type: "button", id: "prefill-simulator", onclick: () => prefill(form) },
            "Use the demo simulator",
          )
        : null,
      h("button", { type: "submit", id: "connect-submit", class: "primary" }, "Connect"),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submit = form.querySelector("#connect-submit");
    submit.disabled = true;
    const organization = form.organization_name.value.trim();
    const created = await attempt(() =>
      api("POST", "/integrations", {
        body: {
          tool: tool.id,
          credentials: credentialsOf(form, tool),
          ...(organization ? { end_user: { organization_name: organization } } : {}),
          ...(form.created_only ? { settings: { createdApplicationsOnly: form.created_only.checked } } : {}),
        },
      }),
    );
    submit.disabled = false;
    if (!created) return;
    toast(`Connected ${created.id}; its first sync is queued`);
    await attempt(async () => {
      await refreshIntegrations();
      await selectIntegration(created.id);
    });
  });
  body.replaceChildren(
    tool.prerequisites.length > 0
      ? h(
          "div",
          {},
          h("h3", {}, "Prerequisites"),
          h(
            "ul",
            {},
            tool.prerequisites.map((p) => h("li", {}, h("strong", {}, p.title), ": ", p.description)),
          ),
        )
      : null,
    tool.connection_guide.length > 0
      ? h(
          "details",
          {},
          h("summary", {}, "Connection guide"),
          h(
            "ol",
            {},
            tool.connection_guide.map((s) => h("li", {}, h("strong", {}, s.title), h("div", {}, s.body))),
          ),
        )
      : null,
    form,
  );
}

function prefill(form) {
  for (const [name, value] of Object.entries(config.simulatorCredentials)) {
    const input = form.elements[`cred-${name}`];
    if (input) input.value = Array.isArray(value) ? value.join(",") : String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Start

async function start() {
  document
    .getElementById("api-info")
    .replaceChildren(
      "API ",
      h("code", {}, config.apiBase),
      ` · key ${config.apiKey.slice(0, 8)}… · `,
      h("a", { href: `${config.apiBase}/openapi.json` }, "OpenAPI"),
    );
  document.getElementById("record-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.cursors = [null];
    loadRecords();
  });
  document.getElementById("page-next").addEventListener("click", () => {
    if (!state.next) return;
    state.cursors.push(state.next);
    loadRecords();
  });
  document.getElementById("page-prev").addEventListener("click", () => {
    if (state.cursors.length > 1) state.cursors.pop();
    loadRecords();
  });
  renderTabs();
  state.tools = (await api("GET", "/tools/ats")).tools;
  renderConnect();
  await refreshIntegrations();
  refreshDeliveries().catch((error) => toast(error.message, true));
  const first = state.integrations[0];
  if (first) await selectIntegration(first.id);
  else schedulePoll(5000);
}

start().catch((error) => toast(error.message, true));
