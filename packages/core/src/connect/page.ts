import type { ConnectionGuideStep, Prerequisite } from "../connector/definition.js";
import type { FormField } from "./form-fields.js";

/** `text` with HTML's special characters escaped (safe in element content and quoted attributes). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:40rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.5rem;margin-top:0}h2{font-size:1.15rem}
fieldset{border:1px solid #ccd;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.field{margin:.9rem 0}label{display:block;font-weight:600}
.help{margin:.1rem 0 .3rem;color:#4a5360;font-size:.9rem}
.error{margin:.1rem 0 .3rem;color:#b00020;font-weight:600}
input,select{font:inherit;width:100%;box-sizing:border-box;padding:.45rem;border:1px solid #889;border-radius:4px}
[aria-invalid=true]{border:2px solid #b00020}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;cursor:pointer}
button:focus,input:focus,select:focus,a:focus{outline:3px solid #f4b400;outline-offset:1px}
.alert{border:2px solid #b00020;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.done{border:2px solid #1e7d32;border-radius:6px;padding:.5rem 1rem}`;

/** A complete HTML document with `heading` as its title and first heading. */
export function renderDocument(heading: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(heading)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** A page that only tells something (a used or expired link, a completed flow). */
export function renderMessage(heading: string, message: string, kind: "done" | "alert"): string {
  const role = kind === "alert" ? ` role="alert"` : ` role="status"`;
  return renderDocument(heading, `<div class="${kind}"${role}><p>${escapeHtml(message)}</p></div>`);
}

/** What `renderForm` shows. */
export interface FormPage {
  /** Title and first heading. */
  heading: string;
  /** A sentence under the heading (who the connection is for). */
  intro: string;
  /** Prerequisites to show before the form (may be empty). */
  prerequisites: readonly Prerequisite[];
  /** Connection guide steps to show before the form (may be empty). */
  guide: readonly ConnectionGuideStep[];
  /** Legend of the required fields' fieldset. */
  requiredLegend: string;
  /** Legend of the optional fields' fieldset. */
  optionalLegend: string;
  /** The fields, in schema order. */
  fields: readonly FormField[];
  /** Values to show in the fields (secret fields are never shown back). */
  values: Readonly<Record<string, string>>;
  /** Problems by field name (an unknown name is shown in the summary only). */
  errors: readonly { path: string; message: string }[];
  /** A problem of the whole submission (e.g. the vendor refused the credentials), or null. */
  formError: string | null;
  /** URL the form posts to (the page's own, with its token). */
  action: string;
  /** Label of the submit button. */
  submit: string;
}

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;

function renderInput(field: FormField, value: string, describedBy: string, invalid: boolean): string {
  const id = fieldId(field.name);
  const common = `id="${id}" name="${escapeHtml(field.name)}"${describedBy ? ` aria-describedby="${describedBy}"` : ""}${invalid ? ` aria-invalid="true"` : ""}${field.required ? " required" : ""}`;
  const choices: [string, string][] | null =
    field.type === "boolean"
      ? [
          ["true", "Yes"],
          ["false", "No"],
        ]
      : field.options
        ? field.options.map((o) => [String(o), String(o)])
        : null;
  if (choices) {
    const empty = field.required ? "Choose…" : "(default)";
    const options = ([["", empty], ...choices] as [string, string][])
      .map(
        ([v, label]) =>
          `<option value="${escapeHtml(v)}"${v === value ? " selected" : ""}>${escapeHtml(label)}</option>`,
      )
      .join("");
    return `<select ${common}>${options}</select>`;
  }
  if (field.secret) return `<input ${common} type="password" autocomplete="new-password" value="">`;
  const type = field.type === "integer" || field.type === "number" ? "number" : "text";
  const step = field.type === "number" ? ` step="any"` : "";
  return `<input ${common} type="${type}"${step} autocomplete="off" spellcheck="false" value="${escapeHtml(value)}">`;
}

function renderField(field: FormField, value: string, error: string | undefined): string {
  const id = fieldId(field.name);
  const help = [
    field.description,
    field.type === "array" ? "Separate several values with commas." : null,
    field.default !== null && field.default !== undefined && !field.required
      ? `Default: ${Array.isArray(field.default) ? field.default.join(", ") || "none" : String(field.default)}.`
      : null,
  ]
    .filter((t): t is string => t !== null)
    .join(" ");
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return `<div class="field">
<label for="${id}">${escapeHtml(field.title)}${field.required ? " (required)" : ""}</label>
${help ? `<p class="help" id="${id}-help">${escapeHtml(help)}</p>` : ""}
${error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : ""}
${renderInput(field, field.secret ? "" : value, describedBy, error !== undefined)}
</div>`;
}

/**
 * A form page that works without any script: a plain POST to `action`, every input labelled,
 * help and errors tied to their input with `aria-describedby`, required and optional fields in
 * their own fieldset, an error summary linking to the fields. Secret fields are always empty.
 */
export function renderForm(page: FormPage): string {
  const byField = new Map<string, string>();
  for (const e of page.errors) if (!byField.has(e.path)) byField.set(e.path, e.message);
  const titles = new Map(page.fields.map((f) => [f.name, f.title]));
  const summaryItems = page.errors.map((e) =>
    titles.has(e.path)
      ? `<li><a href="#${fieldId(e.path)}">${escapeHtml(`${titles.get(e.path)} (${e.path}): ${e.message}`)}</a></li>`
      : `<li>${escapeHtml(e.path ? `${e.path}: ${e.message}` : e.message)}</li>`,
  );
  const problems = [
    ...(page.formError ? [`<p>${escapeHtml(page.formError)}</p>`] : []),
    ...(summaryItems.length ? [`<ul>${summaryItems.join("")}</ul>`] : []),
  ];
  const summary = problems.length
    ? `<div class="alert" role="alert" aria-labelledby="problem-h"><h2 id="problem-h">There is a problem</h2>${problems.join("")}</div>`
    : "";
  const prerequisites = page.prerequisites.length
    ? `<section aria-labelledby="prerequisites-h"><h2 id="prerequisites-h">Before you start</h2><ul>${page.prerequisites
        .map((p) => `<li><strong>${escapeHtml(p.title)}</strong>: ${escapeHtml(p.description)}</li>`)
        .join("")}</ul></section>`
    : "";
  const guide = page.guide.length
    ? `<section aria-labelledby="guide-h"><h2 id="guide-h">How to connect</h2><ol>${page.guide
        .map((s) => `<li><strong>${escapeHtml(s.title)}</strong>: ${escapeHtml(s.body)}</li>`)
        .join("")}</ol></section>`
    : "";
  const group = (legend: string, fields: readonly FormField[]) =>
    fields.length
      ? `<fieldset><legend>${escapeHtml(legend)}</legend>${fields
          .map((f) => renderField(f, page.values[f.name] ?? "", byField.get(f.name)))
          .join("\n")}</fieldset>`
      : "";
  return renderDocument(
    page.heading,
    `<p>${escapeHtml(page.intro)}</p>
${summary}
${prerequisites}
${guide}
<form method="post" action="${escapeHtml(page.action)}">
${group(
  page.requiredLegend,
  page.fields.filter((f) => f.required),
)}
${group(
  page.optionalLegend,
  page.fields.filter((f) => !f.required),
)}
<button type="submit">${escapeHtml(page.submit)}</button>
</form>`,
  );
}

/** A page listing the connectors a link may connect, each a link to its form. */
export function renderToolChoice(
  heading: string,
  intro: string,
  tools: { name: string; href: string }[],
): string {
  const items = tools
    .map((t) => `<li><a href="${escapeHtml(t.href)}">${escapeHtml(t.name)}</a></li>`)
    .join("");
  return renderDocument(
    heading,
    `<p>${escapeHtml(intro)}</p><nav aria-labelledby="tools-h"><h2 id="tools-h">Choose your system</h2><ul>${items}</ul></nav>`,
  );
}
