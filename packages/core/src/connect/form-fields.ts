import { z } from "zod";

/** The value type of one form field, from the JSON Schema of its zod schema. */
export type FormFieldType = "string" | "integer" | "number" | "boolean" | "array";

/** One field of a form generated from a zod object schema (credentials, settings). */
export interface FormField {
  /** The schema key; also the form input's name. */
  name: string;
  /** Human label: the schema's `title` (`.meta({ title })`), else the key spelt out. */
  title: string;
  /** Help text: the schema's `description` (`.meta({ description })` / `.describe()`), or null. */
  description: string | null;
  /** Value type. */
  type: FormFieldType;
  /** Allowed values of an enum, or null. */
  options: unknown[] | null;
  /** The schema's default, or null. */
  default: unknown;
  /** True when every branch requires it and it has no default. */
  required: boolean;
  /** True for secret fields (never shown back). */
  secret: boolean;
}

type JsonSchemaProperty = {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
};
type JsonSchemaObject = {
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
  anyOf?: JsonSchemaObject[];
  oneOf?: JsonSchemaObject[];
};

const TYPES: readonly FormFieldType[] = ["string", "integer", "number", "boolean", "array"];

/** `deltaIntervalMinutes` → "Delta interval minutes". */
function spelt(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The fields of a zod object schema (or a union of objects: fields of every branch, required
 * only when every branch requires them), with titles and descriptions from the schema's
 * metadata. `secretPaths` marks secret fields; `prefix` goes before every name (`connector.`).
 */
export function schemaFields(
  schema: z.ZodType,
  secretPaths: readonly string[] = [],
  prefix = "",
): FormField[] {
  const root = z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchemaObject;
  const branches = root.anyOf ?? root.oneOf ?? [root];
  const fields = new Map<string, FormField>();
  for (const branch of branches) {
    for (const [name, p] of Object.entries(branch.properties ?? {})) {
      if (fields.has(name)) continue;
      const type = TYPES.find((t) => t === p.type) ?? "string";
      fields.set(name, {
        name: `${prefix}${name}`,
        title: p.title ?? spelt(name),
        description: p.description ?? null,
        type,
        options: p.enum ?? null,
        default: p.default ?? null,
        required: p.default === undefined && branches.every((b) => b.required?.includes(name)),
        secret: secretPaths.includes(name),
      });
    }
  }
  return [...fields.values()];
}

/** What `readForm` made of a submitted form. */
export interface FormInput {
  /** Typed values of the non-empty known fields. */
  values: Record<string, unknown>;
  /** Problems found before the schema sees the values: unknown fields, required fields left empty. */
  issues: { path: string; message: string }[];
}

/**
 * Typed values of a submitted form for `fields`: empty inputs are left out, numbers parsed
 * (text that is no number is passed on for the schema to refuse), booleans from `true`/`false`,
 * arrays split at commas and line breaks. Unknown inputs and empty required fields are issues.
 */
export function readForm(fields: readonly FormField[], form: URLSearchParams): FormInput {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const values: Record<string, unknown> = {};
  const issues: FormInput["issues"] = [];
  for (const name of new Set(form.keys())) {
    if (!byName.has(name)) issues.push({ path: name, message: "is not a field of this form" });
  }
  for (const field of fields) {
    const raw = form.get(field.name) ?? "";
    if (raw.trim() === "") {
      if (field.required) issues.push({ path: field.name, message: `${field.title} is required` });
      continue;
    }
    values[field.name] = typed(field.type, raw);
  }
  return { values, issues };
}

function typed(type: FormFieldType, raw: string): unknown {
  const text = raw.trim();
  switch (type) {
    case "integer":
    case "number":
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    case "array":
      return text
        .split(/[,\n]/)
        .map((v) => v.trim())
        .filter((v) => v !== "");
    default:
      return raw;
  }
}

/** Form names of connector settings start with this (`connector.statusListId`). */
const CONNECTOR_PREFIX = "connector.";

/** The form fields of a connector's settings (`ConnectorDefinition.settings`), named `connector.<key>`; none without. */
export function connectorSettingFields(settings: z.ZodType | undefined): FormField[] {
  return settings ? schemaFields(settings, [], CONNECTOR_PREFIX) : [];
}

/**
 * Typed form values split into the others and the connector settings (`connector.<key>` names,
 * the prefix removed); `connector` is null when the form had none.
 */
export function splitConnectorValues(values: Record<string, unknown>): {
  values: Record<string, unknown>;
  connector: Record<string, unknown> | null;
} {
  const rest = new Map<string, unknown>();
  const connector = new Map<string, unknown>();
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(CONNECTOR_PREFIX)) connector.set(name.slice(CONNECTOR_PREFIX.length), value);
    else rest.set(name, value);
  }
  return {
    values: Object.fromEntries(rest),
    connector: connector.size > 0 ? Object.fromEntries(connector) : null,
  };
}

/**
 * The form field a validation issue belongs to: the top-level member of `path`, or
 * `connector.<member>` for a connector setting.
 */
export function formFieldOf(path: string): string {
  const [first = "", second] = path.split(".");
  return first === "connector" && second !== undefined ? `${CONNECTOR_PREFIX}${second}` : first;
}
