// The atsync demo dashboard: a small vanilla module that talks to the `/v1` API with the key the
// demo server injected into the page (#demo-config).

const config = JSON.parse(document.getElementById("demo-config").textContent);

/** The record browser's resources: Kombo path segment, label, read model id and table columns. */
const RESOURCES = {
  jobs: {
    label: "Jobs",
    model: "ats_jobs",
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
    model: "ats_candidates",
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
    model: "ats_applications",
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
    model: "ats_application_stages",
    columns: [
      ["Name", (r) => r.name],
      ["Remote id", (r) => r.remote_id],
      ["Changed", (r) => when(r.changed_at)],
    ],
  },
  users: {
    label: "Users",
    model: "ats_users",
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
  /** The selected integration's settings (from the demo's settings route), or null. */
  settings: null,
  runs: [],
  pending: null,
  /** Run id → whether its details row is open (unset: open while it runs or is paused). */
  expanded: new Map(),
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

/** A model key in words: `application_stages` → "application stages". */
const modelWords = (model) => model.replaceAll("_", " ");

/** Plain words for the API's integration and setup statuses (the code stays in the badge's title). */
const STATUS_WORDS = {
  ACTIVE: "Active",
  INACTIVE: "Disabled — no syncs run",
  INVALID: "Credentials rejected — update them to sync again",
  INCOMPLETE: "Setup incomplete — the connection flow was not finished",
  FINAL_SYNC_PENDING: "First sync pending — data appears when it finishes",
  COMPLETED: "Synced — reads available",
};

/** FINAL_SYNC_PENDING while the integration's first sync is running. */
const FIRST_SYNC_RUNNING = "First sync running — data appears when it finishes";

/**
 * A badge of an integration or setup status in plain words; `running` says a sync of the
 * integration is running (FINAL_SYNC_PENDING then reads "First sync running …").
 */
function statusBadge(code, running = false) {
  const words = code === "FINAL_SYNC_PENDING" && running ? FIRST_SYNC_RUNNING : STATUS_WORDS[code];
  return h("span", { class: `badge ${toneOf(code)}`, title: code, "data-code": code }, words ?? code);
}

/** What the created-only setting means, shown where it is chosen. */
const CREATED_ONLY_HELP =
  "When on, only candidates and applications created through atsync are synced, so a new integration shows none until you create one here.";

function toneOf(status) {
  if (["ACTIVE", "COMPLETED", "succeeded"].includes(status)) return "ok";
  if (["INVALID", "failed", "deletion_quarantined"].includes(status)) return "bad";
  return "warn";
}

/** Longest a message stays: errors stay until dismissed or this long. */
const TOAST_MS = { info: 4000, error: 12000 };
/** Most messages shown at once (the oldest goes). */
const TOAST_LIMIT = 3;

/**
 * Shows a message in the header's message area (never over a form): one per text — the same
 * message again counts up (×2) and stays longer — each with a dismiss button. Field errors are
 * never toasts; they are shown at their field (`showErrors`).
 */
function toast(message, isError = false) {
  const region = document.getElementById("toast");
  let el = [...region.children].find((t) => t.dataset.message === message);
  if (el) {
    const count = Number(el.dataset.count) + 1;
    el.dataset.count = String(count);
    el.querySelector(".count").textContent = ` ×${count}`;
  } else {
    el = h(
      "div",
      { class: isError ? "error" : "", "data-message": message, "data-count": "1" },
      h("span", { class: "text" }, message),
      h("span", { class: "count" }),
      h("button", { type: "button", class: "dismiss", "aria-label": "Dismiss", title: "Dismiss" }, "×"),
    );
    const dismiss = () => {
      clearTimeout(Number(el.dataset.timer));
      el.remove();
    };
    el.querySelector(".dismiss").addEventListener("click", dismiss);
    region.append(el);
    while (region.children.length > TOAST_LIMIT) region.firstElementChild.remove();
  }
  clearTimeout(Number(el.dataset.timer));
  const target = el;
  el.dataset.timer = String(setTimeout(() => target.remove(), TOAST_MS[isError ? "error" : "info"]));
}

/** An error answered by the API (Kombo's envelope): `detail` is the envelope's message. */
class ApiError extends Error {
  constructor(status, code, detail) {
    super(code ? `${code}: ${detail}` : detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
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

/**
 * An error in words for a message: the API's message without the code a general route appends
 * ("… is disabled (INTEGRATION.INACTIVE)"); anything else as it is.
 */
function plainError(error) {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  return error.detail.replace(/ \([A-Z]+\.[A-Z_]+\)$/, "");
}

/** Runs `fn`, showing its error as a message in the header; returns its result or undefined on error. */
async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    toast(plainError(error), true);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Field errors: a PLATFORM.INPUT_INVALID names each bad field and why; shown at the field.

/** A field path segment as the API writes it (`candidate.first_name`, `portals.0`). */
const PATH = "[\\w$-]+(?:\\.[\\w$-]+)*";

/**
 * The field problems of an input error. Its message is `Invalid <what>: <path>: <why>; …` (core's
 * `inputInvalid`); a problem without a path has an empty one. Empty for other errors.
 */
function issuesOf(error) {
  if (!(error instanceof ApiError) || error.code !== "PLATFORM.INPUT_INVALID") return [];
  const list = /^Invalid [^:]+: ([\s\S]*)$/.exec(error.detail)?.[1];
  if (!list) return [];
  return list.split(new RegExp(`; (?=${PATH}: )`)).map((part) => {
    const issue = new RegExp(`^(${PATH}): ([\\s\\S]*)$`).exec(part);
    return issue ? { path: issue[1], message: issue[2] } : { path: "", message: part };
  });
}

/** zod's wording of a problem in words after a field's label ("is required", "must be one of us, eu"). */
function plainWhy(message, key) {
  let why = message.trim();
  if (why.startsWith(`${key} `)) why = why.slice(key.length + 1);
  if (/^Invalid input: expected \w+, received undefined$/.test(why)) return "is required";
  const type = /^Invalid input: expected (\w+), received \w+$/.exec(why)?.[1];
  if (type) return `must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
  const options = /^Invalid option: expected one of (.+)$/.exec(why)?.[1];
  if (options) return `must be one of ${options.replaceAll('"', "").split("|").join(", ")}`;
  if (/^Too small: expected string to have >=1 characters?$/.test(why)) return "must not be empty";
  if (/^Invalid (email|e-mail)/i.test(why)) return "must be a valid email address";
  if (/^Invalid URL/i.test(why)) return "must be a valid URL";
  return why;
}

/** "Region must be one of us, eu" or "Stage: no stage with id x". */
function fieldSentence(label, why) {
  return /^(must|is|are|should|cannot|needs|has)\b/.test(why) ? `${label} ${why}` : `${label}: ${why}`;
}

/**
 * The field of `fields` (API path → `{ input, label }`) a problem's path names: the path itself,
 * else without trailing segments (`portals.0` → `portals`), else without leading ones
 * (`candidate.first_name` → `first_name`).
 */
function fieldOf(fields, path) {
  const parts = path.split(".");
  for (let end = parts.length; end > 0; end--) {
    for (let start = 0; start < end; start++) {
      const field = fields[parts.slice(start, end).join(".")];
      if (field) return field;
    }
  }
  return null;
}

/** Removes the field and form errors `showErrors` put into `container`. */
function clearErrors(container) {
  for (const el of container.querySelectorAll(".field-error, .form-error")) el.remove();
  for (const input of container.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

let errorIds = 0;

/**
 * Shows `error` inside `container`: each field problem once, under its field's input, labelled
 * with the field's label; anything else (a vendor refusal, a problem of no field here) as one
 * message at the top of `container`. Replaces what an earlier call showed.
 */
function showErrors(container, fields, error) {
  clearErrors(container);
  const unplaced = [];
  const shown = new Set();
  const issues = issuesOf(error);
  for (const issue of issues) {
    const field = fieldOf(fields, issue.path);
    const why = plainWhy(issue.message, issue.path.split(".").at(-1));
    if (!field) {
      unplaced.push(issue.path ? fieldSentence(issue.path, why) : why);
      continue;
    }
    if (shown.has(field)) continue;
    shown.add(field);
    const id = `field-error-${++errorIds}`;
    field.input.setAttribute("aria-invalid", "true");
    field.input.setAttribute("aria-describedby", id);
    field.input.after(h("p", { class: "field-error", id }, fieldSentence(field.label, why)));
  }
  if (issues.length === 0) unplaced.push(plainError(error));
  if (unplaced.length > 0)
    container.prepend(h("p", { class: "form-error", role: "alert" }, unplaced.join(" · ")));
}

/**
 * Runs `fn` for a form in `container`, showing its error there (see `showErrors`); undefined on
 * error. `container` is `aria-busy` until the answer is shown.
 */
async function submitIn(container, fields, fn) {
  clearErrors(container);
  container.setAttribute("aria-busy", "true");
  try {
    return await fn();
  } catch (error) {
    showErrors(container, fields, error);
    return undefined;
  } finally {
    container.removeAttribute("aria-busy");
  }
}
// ---------------------------------------------------------------------------------------------
// Integrations

/** True when a run of the selected integration `id` is running (known only for the selected one). */
const isRunning = (id) => id === state.selected && state.runs.some((r) => r.status === "running");

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
        h(
          "td",
          { class: "statuses" },
          h("div", {}, statusBadge(i.status)),
          h("div", {}, statusBadge(i.setup_status, isRunning(i.id))),
        ),
      ),
    ),
  );
  if (state.integrations.length === 0) tbody.append(h("tr", {}, h("td", { colSpan: 3 }, "None yet.")));
}

/** What of an integration the panel and the records depend on. */
const stateKey = (i) => (i ? `${i.status} ${i.setup_status}` : null);

/**
 * Reloads the integrations; when the selected one changed state (disabled, enabled, first sync
 * finished, credentials rejected) its panel and records are shown afresh.
 */
async function refreshIntegrations() {
  const before = stateKey(selectedIntegration());
  state.integrations = (await api("GET", "/integrations")).results;
  renderIntegrations();
  renderRecordsCoverage();
  const after = stateKey(selectedIntegration());
  if (after && before && before !== after) {
    // A record opened before may no longer be readable (disabled) or current.
    document.getElementById("record").hidden = true;
    await renderIntegrationPanel();
    await loadRecords();
  }
}

async function selectIntegration(id) {
  state.selected = id;
  state.cursors = [null];
  state.runs = [];
  state.pending = null;
  state.expanded.clear();
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
  header.replaceChildren(
    statusBadge(integration.status),
    " ",
    statusBadge(integration.setup_status, isRunning(integration.id)),
  );
}

/** The created-only checkbox, saved on change; a refusal is shown at it. */
function createdOnlyControl(integration, checked) {
  const input = h("input", { type: "checkbox", id: "created-only", checked });
  const label = h(
    "label",
    { class: "inline created-only" },
    input,
    "Sync only created applications",
    h("small", { class: "created-only-help" }, CREATED_ONLY_HELP),
  );
  const fields = { createdApplicationsOnly: { input, label: "Sync only created applications" } };
  input.addEventListener("change", async () => {
    const value = input.checked;
    const saved = await submitIn(label, fields, () =>
      api("PATCH", `${integrationPath(integration.id)}/settings`, {
        body: { createdApplicationsOnly: value },
      }),
    );
    if (!saved) {
      input.checked = !value;
      return;
    }
    state.settings = saved.settings;
    toast(`"Sync only created applications" ${value ? "on" : "off"}: applies from the next sync`);
  });
  return label;
}

async function renderIntegrationPanel() {
  const integration = selectedIntegration();
  const section = document.getElementById("integration");
  if (!integration) return;
  const tool = toolOf(integration);
  const { settings, fields } = await api("GET", `${integrationPath(integration.id)}/settings`, {
    base: "/demo",
  });
  if (integration.id !== state.selected) return;
  state.settings = settings;
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
  const setEnabled = async (value) => {
    if (await attempt(() => api("PUT", `${integrationPath(integration.id)}/enabled`, { body: { value } })))
      await refreshIntegrations();
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
      h(
        "button",
        {
          type: "button",
          id: "force-sync",
          class: "primary",
          onclick: forceSync,
          disabled: integration.status === "INACTIVE",
          title: integration.status === "INACTIVE" ? "Enable the integration to sync it" : undefined,
        },
        "Force sync",
      ),
      integration.status === "INACTIVE"
        ? h("button", { type: "button", id: "enable", onclick: () => setEnabled(true) }, "Enable")
        : h("button", { type: "button", id: "disable", onclick: () => setEnabled(false) }, "Disable"),
      tool?.capabilities.createdApplicationsOnly ? createdOnlyControl(integration, createdOnly) : null,
    ),
    settingsForm(integration, settings, fields),
    coverageOf(integration, tool),
  );
  renderIntegrationHeader();
}

/** A setting's current value as its input shows it (`connector.<key>` from `settings.connector`). */
function settingValue(settings, name) {
  return name.startsWith("connector.")
    ? settings.connector?.[name.slice("connector.".length)]
    : settings[name];
}

/**
 * The settings form, generated from the fields the demo's settings route lists (labels and help
 * from the schemas): saving sends only the fields changed, connector settings under `connector`.
 */
function settingsForm(integration, settings, fields) {
  const inputs = {};
  const form = h(
    "form",
    { id: "settings-form", class: "stacked", novalidate: true },
    fields.map((field) => {
      const value = settingValue(settings, field.name);
      const input = schemaInput(field, `setting-${field.name}`, value, "default");
      inputs[field.name] = { input, label: field.title, field, initial: input.value };
      return h("label", {}, field.title, input, field.description ? h("small", {}, field.description) : null);
    }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save settings")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    for (const [name, { input, field, initial }] of Object.entries(inputs)) {
      if (input.value === initial || input.value.trim() === "") continue;
      const value = typedValue(field, input.value);
      if (name.startsWith("connector.")) {
        body.connector ??= {};
        body.connector[name.slice("connector.".length)] = value;
      } else body[name] = value;
    }
    if (Object.keys(body).length === 0) {
      showErrors(form, inputs, new Error("Nothing changed."));
      return;
    }
    const saved = await submitIn(form, inputs, () =>
      api("PATCH", `${integrationPath(integration.id)}/settings`, { body }),
    );
    if (!saved) return;
    state.settings = saved.settings;
    for (const entry of Object.values(inputs)) entry.initial = entry.input.value;
    toast("Settings saved: they apply from the next sync");
  });
  return h("details", { id: "settings" }, h("summary", {}, "Settings"), form);
}

function coverageOf(integration, tool) {
  return h(
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
  );
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
    refreshDeliveries().catch((error) => toast(plainError(error), true));
  } catch (error) {
    toast(plainError(error), true);
  }
  schedulePoll(isBusy() ? 1000 : 5000);
}

/** "3 min", "45 s", "2 h 5 min": the time from now until `iso`. */
function timeUntil(iso) {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** When a paused run resumes: the resume the scheduler queued, else the quota window's reset. */
function resumesAt(run) {
  const newest = state.runs[0]?.id === run.id;
  if (newest && state.pending?.reason === "resume") return state.pending.runAt;
  return run.progress?.quota_resets_at ?? null;
}

/** A run's status: a short word for the badge and a sentence saying what it means. */
function runStatusWords(run) {
  switch (run.status) {
    case "queued":
      return ["Queued", "waits for a worker"];
    case "running":
      return ["Running", run.current_model ? `reading ${modelWords(run.current_model)}` : "starting"];
    case "succeeded":
      return ["Succeeded", null];
    case "failed":
      return ["Failed", run.error ? run.error.message : "no error recorded"];
    case "cancelled":
      return [
        "Cancelled",
        "stopped before it finished (atsync shut down); the next run resumes from its checkpoints",
      ];
    case "paused": {
      const at = resumesAt(run);
      return [
        "Paused",
        `the vendor's call quota is used up (a reserve is kept for writes); resumes ${
          at ? `at ${when(at)}, in ${timeUntil(at)}` : "when the quota window resets"
        }`,
      ];
    }
    case "deletion_quarantined":
      return [
        "Deletions held back",
        "the vendor's listing would have deleted more records than the safety threshold allows, so nothing was deleted; everything else was synced",
      ];
    default:
      return [run.status, null];
  }
}

/** "400 new · 2 changed · 1 deleted" of one model's counts, or null without a change. */
function changesOf(c) {
  const parts = [
    c.inserted ? `${c.inserted} new` : null,
    c.updated ? `${c.updated} changed` : null,
    c.deleted ? `${c.deleted} deleted` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** The models a run changed, one line each; "No changes" when it changed none. */
function changedModels(run) {
  const changed = Object.entries(run.counts)
    .map(([model, c]) => [model, changesOf(c)])
    .filter(([, text]) => text !== null);
  if (changed.length === 0)
    return h("span", { class: "muted" }, run.status === "running" ? "none yet" : "No changes");
  return h(
    "ul",
    { class: "counts" },
    changed.map(([model, text]) => h("li", { "data-model": model }, `${modelWords(model)}: ${text}`)),
  );
}

/** Every model's counts of a run, unchanged records included. */
function countsTable(run) {
  const entries = Object.entries(run.counts);
  if (entries.length === 0) return null;
  return h(
    "table",
    { class: "run-counts" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Model", "New", "Changed", "Unchanged", "Deleted"].map((t) => h("th", {}, t)),
      ),
    ),
    h(
      "tbody",
      {},
      entries.map(([model, c]) =>
        h(
          "tr",
          { "data-model": model },
          h("td", {}, modelWords(model)),
          [c.inserted, c.updated, c.unchanged, c.deleted].map((n) => h("td", {}, n)),
        ),
      ),
    ),
  );
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
          total === null ? `${modelWords(model)}: ${done}` : `${modelWords(model)}: ${done} / ${total}`,
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
  const seconds = (end - Date.parse(run.started_at)) / 1000;
  return seconds < 120
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Whether a run's details show: as the operator left them, else open while it runs or is paused. */
const isExpanded = (run) => state.expanded.get(run.id) ?? ["running", "paused"].includes(run.status);

/** One run: a line (start, type, status in words, duration, calls, changed models) and its details. */
function runRows(run) {
  const [word, sentence] = runStatusWords(run);
  const open = isExpanded(run);
  const toggle = () => {
    state.expanded.set(run.id, !open);
    renderRuns();
  };
  const line = h(
    "tr",
    {
      class: "run clickable",
      "data-run-id": run.id,
      "data-status": run.status,
      "aria-expanded": String(open),
      title: open ? "Hide details" : "Show details",
      onclick: toggle,
    },
    h(
      "td",
      {},
      h("span", { class: "disclosure" }, open ? "▾" : "▸"),
      " ",
      when(run.started_at ?? run.created_at),
    ),
    h("td", {}, run.type.replace("_", " ")),
    h(
      "td",
      { class: "run-status" },
      h("span", { class: `badge ${toneOf(run.status)}`, title: run.status }, word),
      sentence ? h("span", { class: "status-words" }, ` ${sentence}`) : null,
    ),
    h("td", {}, duration(run)),
    h("td", {}, run.api_calls),
    h("td", {}, changedModels(run)),
  );
  if (!open) return [line];
  return [
    line,
    h(
      "tr",
      { class: "run-details", "data-run-id": run.id },
      h(
        "td",
        { colSpan: 6 },
        progressOf(run),
        countsTable(run),
        run.error ? h("p", { class: "muted" }, h("code", {}, run.error.code), ` ${run.error.message}`) : null,
        h("p", { class: "muted" }, "run ", h("code", {}, run.id)),
      ),
    ),
  ];
}

function renderRuns() {
  const running = state.runs.find((r) => r.status === "running");
  const { pending } = state;
  const next = pending ? `Next: ${pending.type} sync (${pending.reason}) at ${when(pending.runAt)}.` : null;
  document.getElementById("pending").textContent = running
    ? [`A ${running.type.replace("_", " ")} sync is running.`, next].filter(Boolean).join(" ")
    : (next ?? "Nothing queued.");
  document.querySelector("#runs tbody").replaceChildren(...state.runs.flatMap(runRows));
}

async function refreshRuns() {
  const id = state.selected;
  const { results, pending } = await api("GET", `${integrationPath(id)}/sync-runs?limit=10`);
  if (id !== state.selected) return;
  const wasRunning = state.runs.filter((r) => r.status === "running").map((r) => r.id);
  state.runs = results;
  state.pending = pending;
  renderRuns();
  renderIntegrations();
  renderIntegrationHeader();
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

/** Why a list the API refused shows no rows, in words. */
function recordsRefusal(error) {
  switch (error.code) {
    case "INTEGRATION.SETUP_SYNC_PENDING":
      return "The first sync has not finished yet — records appear when it finishes.";
    case "INTEGRATION.INACTIVE":
      return "This integration is disabled — enable it to browse its records.";
    default:
      return plainError(error);
  }
}

/** Why an unfiltered list is empty when "sync only created applications" is on, or null. */
function emptyBecauseCreatedOnly(resource) {
  if (!["candidates", "applications"].includes(resource) || !state.settings?.createdApplicationsOnly)
    return null;
  return `None: "Sync only created applications" is on, so only candidates and applications created through atsync are synced. Open a job and create an application, or turn the setting off and force a full sync.`;
}

/**
 * How far the shown resource's sync has come, in words, from the integration's `read_models`:
 * while a first read taken newest first is under way, from when on its records are all here.
 */
function renderRecordsCoverage() {
  const el = document.getElementById("records-coverage");
  const def = RESOURCES[state.resource];
  const sync = selectedIntegration()?.read_models.find((m) => m.id === def.model)?.sync;
  const what = def.label.toLowerCase();
  el.textContent = !sync
    ? ""
    : sync.complete
      ? sync.synced_at
        ? `All ${what} read; the last complete read started ${when(sync.synced_at)}.`
        : ""
      : sync.covered_since
        ? `Still reading ${what}, newest first: all changed since ${when(sync.covered_since)} are here; older ones follow.`
        : `Not read completely yet: the first sync is still reading ${what}.`;
}

/** Sequence number of the newest records load: an older answer arriving later is dropped. */
let recordsLoad = 0;

/**
 * Shows a page of the selected resource: the resource's columns and rows, or — when the API
 * refuses (first sync pending, disabled) — why, with no rows and no columns of another resource.
 */
async function loadRecords() {
  const load = ++recordsLoad;
  const id = state.selected;
  const resource = state.resource;
  const def = RESOURCES[resource];
  const table = document.getElementById("records-table");
  const message = document.getElementById("records-message");
  const pageIndex = state.cursors.length - 1;
  const query = recordQuery(state.cursors[pageIndex]);
  let page = null;
  let refusal = null;
  try {
    page = await api("GET", `/ats/${resource}?${query}`, { integrationId: id });
  } catch (error) {
    refusal = recordsRefusal(error);
  }
  if (load !== recordsLoad) return;
  renderRecordsCoverage();
  // Which integration and resource the rows show (tabs and polls reload asynchronously).
  table.dataset.resource = resource;
  table.dataset.integrationId = id;
  state.next = page?.next ?? null;
  const filtered = query.has("updated_after") || query.has("cursor");
  message.textContent =
    refusal ??
    (page.results.length > 0
      ? ""
      : ((!filtered && emptyBecauseCreatedOnly(resource)) ?? "No records match."));
  table.querySelector("thead").replaceChildren(
    ...(page
      ? [
          h(
            "tr",
            {},
            def.columns.map(([title]) => h("th", {}, title)),
          ),
        ]
      : []),
  );
  table.querySelector("tbody").replaceChildren(
    ...(page?.results ?? []).map((record) =>
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
  document.getElementById("page-number").textContent = page ? `Page ${pageIndex + 1}` : "";
  document.getElementById("page-prev").disabled = !page || pageIndex === 0;
  document.getElementById("page-next").disabled = !page?.next;
}
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

/** Sequence number of the newest record shown: a slower earlier one never replaces it. */
let recordShown = 0;

/**
 * Shows one record with its actions. The section names the record it shows (`data-resource`,
 * `data-record-id`) only once it shows it, so whoever waits for them reads the right content.
 */
async function showRecord(resource, record) {
  const shown = ++recordShown;
  const section = document.getElementById("record");
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
  if (shown !== recordShown) return;
  section.replaceChildren(...parts);
  section.dataset.resource = resource;
  section.dataset.recordId = record.id;
  section.hidden = false;
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
  const label = h("label", {}, "Move to stage", select);
  const actions = h(
    "div",
    { class: "actions", id: "move-stage" },
    label,
    h("button", { type: "button", id: "move-stage-submit", class: "primary", onclick: () => move() }, "Move"),
  );
  const move = async () => {
    const moved = await submitIn(actions, { stage_id: { input: select, label: "Stage" } }, () =>
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
    actions,
  ];
}

/** The create-application form's inputs: API field → label. */
const APPLICANT_FIELDS = [
  ["first_name", "First name"],
  ["last_name", "Last name"],
  ["email_address", "Email"],
];

function createApplicationForm(job) {
  const fields = {};
  const form = h(
    "form",
    { id: "create-application", novalidate: true },
    APPLICANT_FIELDS.map(([name, label]) => {
      const input = h("input", { name, type: name === "email_address" ? "email" : "text" });
      fields[name] = { input, label };
      return h("label", {}, label, input);
    }),
    h("button", { type: "submit", class: "primary" }, "Create application"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const candidate = Object.fromEntries(new FormData(form));
    const created = await submitIn(form, fields, () =>
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
// Forms generated from schema fields (the tool's credentials_schema, the settings route's fields)

/** A value as an input shows it: arrays comma-separated, nothing for null. */
const inputText = (value) =>
  value === undefined || value === null ? "" : Array.isArray(value) ? value.join(", ") : String(value);

/**
 * The input of a schema field named `name`: a select for enums and booleans, else a text input
 * (numbers too: the server checks what was typed and names the field). `value` prefills it (never
 * a secret's); `empty` is the label of "not set".
 */
function schemaInput(field, name, value, empty = "—") {
  const text = field.secret ? "" : inputText(value);
  if (field.options || field.type === "boolean") {
    const options = field.options ?? [true, false];
    return h(
      "select",
      { name },
      h("option", { value: "" }, empty),
      options.map((o) =>
        h(
          "option",
          { value: String(o), selected: String(o) === text },
          field.type === "boolean" ? (o ? "yes" : "no") : String(o),
        ),
      ),
    );
  }
  const numeric = field.type === "integer" || field.type === "number";
  const fallback = field.default === null ? empty : `${empty}: ${inputText(field.default)}`;
  return h("input", {
    type: field.secret ? "password" : "text",
    name,
    value: text,
    inputMode: numeric ? "decimal" : undefined,
    autocomplete: "off",
    placeholder: field.type === "array" ? "comma-separated" : empty === "—" ? "" : fallback,
  });
}

/** What an input of a schema field holds, typed (text that is no number goes as typed, for the server to refuse). */
function typedValue(field, raw) {
  const text = raw.trim();
  if (field.type === "array")
    return text
      .split(/[,\n]/)
      .map((v) => v.trim())
      .filter((v) => v !== "");
  if (field.type === "integer" || field.type === "number")
    return Number.isFinite(Number(text)) ? Number(text) : text;
  if (field.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

/** The credentials the form holds; empty fields are left out (the server validates and names what is missing). */
function credentialsOf(form, tool) {
  const credentials = {};
  for (const field of tool.credentials_schema) {
    const value = form.elements[`cred-${field.name}`].value;
    if (value.trim() !== "") credentials[field.name] = typedValue(field, value);
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
  // API path of each input → the input and its label, for errors at their field.
  const fields = { tool: { input: toolSelect, label: "Tool" } };
  const credentialLabels = tool.credentials_schema.map((field) => {
    const input = schemaInput(field, `cred-${field.name}`);
    // The API names a credential by its key ("Invalid credentials: customerId: …").
    fields[field.name] = { input, label: field.title };
    return h(
      "label",
      {},
      h(
        "span",
        {},
        field.title,
        field.required ? h("span", { class: "required", title: "required" }, " *") : null,
      ),
      input,
      field.description ? h("small", {}, field.description) : null,
    );
  });
  const organization = h("input", { name: "organization_name", placeholder: tool.label });
  fields["end_user.organization_name"] = { input: organization, label: "Organization name" };
  const createdOnly = tool.capabilities.createdApplicationsOnly
    ? h("input", { type: "checkbox", name: "created_only", checked: true })
    : null;
  if (createdOnly)
    fields["settings.createdApplicationsOnly"] = {
      input: createdOnly,
      label: "Sync only created applications",
    };
  const form = h(
    "form",
    { id: "connect-form", class: "stacked", novalidate: true },
    h("label", {}, "Tool", toolSelect),
    credentialLabels,
    h("label", {}, "Organization name", organization),
    createdOnly
      ? h(
          "label",
          { class: "inline created-only" },
          createdOnly,
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
    const name = organization.value.trim();
    const created = await submitIn(form, fields, () =>
      api("POST", "/integrations", {
        body: {
          tool: tool.id,
          credentials: credentialsOf(form, tool),
          ...(name ? { end_user: { organization_name: name } } : {}),
          ...(createdOnly ? { settings: { createdApplicationsOnly: createdOnly.checked } } : {}),
        },
      }),
    );
    submit.disabled = false;
    if (!created) return;
    toast(
      createdOnly?.checked
        ? `Connected ${created.id}; its first sync is queued. "Sync only created applications" is on: it shows no candidates or applications until you create one.`
        : `Connected ${created.id}; its first sync is queued`,
    );
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
  refreshDeliveries().catch((error) => toast(plainError(error), true));
  const first = state.integrations[0];
  if (first) await selectIntegration(first.id);
  else schedulePoll(5000);
}

start().catch((error) => toast(plainError(error), true));
