import type { SyncRun } from "@atsync/core";
import type { Demo } from "./demo.js";

/** The two example calls of the banner, as curl command lines. */
export function exampleCalls(demo: Pick<Demo, "apiUrl" | "apiKey" | "integrationId">): string[] {
  const headers = `-H 'Authorization: Bearer ${demo.apiKey}' -H 'X-Integration-Id: ${demo.integrationId}'`;
  return [
    `curl -s '${demo.apiUrl}/ats/jobs?page_size=2&statuses=OPEN' ${headers}`,
    `curl -s '${demo.apiUrl}/ats/applications?page_size=2' ${headers}`,
  ];
}

/**
 * The startup banner for the operator: dashboard URL, API base, API key, integration id, tenant
 * and two example curl calls. The only place the demo ever prints the API key.
 */
export function formatBanner(demo: Demo, createdApplicationsOnly: boolean): string {
  return [
    "",
    "atsync demo",
    "",
    `  Dashboard     ${demo.url}`,
    `  API           ${demo.apiUrl}  (OpenAPI: ${demo.apiUrl}/openapi.json)`,
    `  API key       ${demo.apiKey}`,
    `  Integration   ${demo.integrationId}`,
    `  Connected to  ${demo.tenant.label}`,
    ...(demo.greenhouse
      ? [
          `  Greenhouse    ${demo.greenhouse.integrationId}`,
          `  Connected to  ${demo.greenhouse.tenant.label}`,
        ]
      : []),
    `  Sync only created applications: ${createdApplicationsOnly ? "on" : "off"} (ATSYNC_DEMO_CREATED_ONLY)`,
    "",
    "The first full sync is running (watch it on the dashboard). Once it is done, try:",
    "",
    ...exampleCalls(demo).map((call) => `  ${call}`),
    "",
    "",
  ].join("\n");
}

/** One line on how the first sync ended: duration, API calls and records per model, or the error. */
export function formatFirstSync(run: SyncRun): string {
  const seconds = (
    (Date.parse(run.finished_at ?? run.created_at) - Date.parse(run.started_at ?? run.created_at)) /
    1000
  ).toFixed(1);
  if (run.status === "succeeded" || run.status === "deletion_quarantined") {
    const records = Object.entries(run.counts)
      .map(([model, c]) => `${c.inserted + c.updated + c.unchanged} ${model.replaceAll("_", " ")}`)
      .join(", ");
    return `First sync ${run.status} in ${seconds} s (${run.api_calls} API calls): ${records}.\n`;
  }
  const reason = run.error ? `: ${run.error.code} ${run.error.message}` : "";
  return `First sync ${run.status} after ${seconds} s${reason}. The scheduler retries it; see the dashboard.\n`;
}

/**
 * One line on a running sync for the terminal: per model done / total (or done alone when the
 * total is unknown), API calls so far and the estimated end.
 */
export function formatProgress(run: SyncRun): string {
  const models = Object.entries(run.progress.models)
    .map(([model, p]) => `${model.replaceAll("_", " ")} ${p.done}${p.total === null ? "" : `/${p.total}`}`)
    .join(", ");
  const eta = run.progress.eta
    ? `, done about ${new Date(run.progress.eta).toLocaleTimeString("en-GB")}`
    : "";
  return `First sync: ${models || "starting"} (${run.api_calls} API calls${eta})\n`;
}
