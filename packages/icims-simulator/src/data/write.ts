import { isDateOnly } from "../dates.js";
import type { IcimsProblem } from "../errors.js";
import { badRequest, ErrorCode, IcimsError } from "../errors.js";
import type { TenantLists } from "./lists.js";
import { LIST_IDS } from "./lists.js";
import type { AddressLink, CollectionEntry, InternalRecord, StatusLogEntry } from "./model.js";
import type { FieldDef, ProfileType, Schema } from "./schema.js";
import { TYPE_LABEL } from "./schema.js";
import type { RecordStore } from "./store.js";
import { clone } from "./store.js";

/** Who writes and when. `api` writes get required-field checks; `state` writes may set internal fields. */
export interface WriteContext {
  origin: "api" | "state";
  /** Write time (epoch ms, minute precision); becomes `updateddate`. */
  now: number;
  /** Person id recorded as `updatedBy` in the status log. */
  actor: number;
}

/** Tenant write rules. */
export interface WriteRules {
  /** Fields that must have a value after an API POST/PATCH (400 FIELD_REQUIRED otherwise). */
  requiredFields: Partial<Record<ProfileType, readonly string[]>>;
  /** What a second workflow for the same person × job does: 400, or 201 with the existing Location. */
  duplicateApplication: "error" | "existing";
  /** Configured portal names (valid values of the internal `postedto` field). */
  portals: readonly string[];
}

/** Outcome of a create/update: the record id, warnings, and whether an existing record was returned. */
export interface WriteResult {
  id: number;
  warnings: IcimsProblem[];
  existing: boolean;
}

/** One stored change, as `Writer.onChange` listeners see it. */
export interface WriteChange {
  /** Profile type of the record. */
  type: ProfileType;
  /** The record before the change (undefined for a create). */
  before: InternalRecord | undefined;
  /** The record as stored. */
  after: InternalRecord;
  /** Who wrote it. */
  ctx: WriteContext;
}

/** Maximum number of `submittalstatuslog` entries kept (newest first). */
const STATUS_LOG_CAP = 100;

const isEmptyInput = (value: unknown): boolean => value === null || value === "";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const warning = (field: string, message: string): IcimsProblem => ({
  errorMessage: `${field}: ${message}`,
  errorCode: ErrorCode.FIELD_WARNING,
  field,
});

const sameEntry = (a: CollectionEntry, b: CollectionEntry): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete("entry");
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
};

/**
 * Loads an existing, visible record or throws the iCIMS 404 (code 2 not found or hidden, code 3 access
 * denied).
 */
export function loadRecord(store: RecordStore, type: ProfileType, rawId: string | number): InternalRecord {
  const id = typeof rawId === "number" ? rawId : /^\d+$/.test(rawId) ? Number(rawId) : Number.NaN;
  const record = Number.isSafeInteger(id) ? store.get(type, id) : undefined;
  if (!record || store.hiddenIds(type).has(record.id))
    throw new IcimsError(404, ErrorCode.RESOURCE_NOT_FOUND, `${TYPE_LABEL[type]} not found.`);
  if (record.restricted) {
    throw new IcimsError(
      404,
      ErrorCode.RESOURCE_ACCESS_DENIED,
      `You do not have access to this ${TYPE_LABEL[type].toLowerCase()}.`,
    );
  }
  return record;
}

/** Validates and applies writes (POST/PATCH bodies, collection entries, `state.mutate`) to the store. */
export class Writer {
  /** Called after every stored change (API writes and `state.mutate`): the event notifier listens here. */
  readonly onChange: ((change: WriteChange) => void)[] = [];

  constructor(
    private readonly store: RecordStore,
    private readonly schema: Schema,
    private readonly lists: TenantLists,
    private readonly rules: WriteRules,
  ) {}

  /** Creates a record from a POST body; workflows need `baseprofile` and `associatedprofile`. */
  create(type: ProfileType, body: unknown, ctx: WriteContext): WriteResult {
    const record: InternalRecord = { id: 0, fields: {} };
    const warnings = this.apply(type, record, body, ctx, true);
    if (type === "applicantworkflows") {
      for (const name of ["baseprofile", "associatedprofile"]) {
        if (record.fields[name] === undefined) {
          throw new IcimsError(400, ErrorCode.FIELD_REQUIRED, `Field "${name}" is required.`, name);
        }
      }
      const job = record.fields["baseprofile"];
      const existing = this.store
        .workflowsOfPerson(record.fields["associatedprofile"] as number)
        .find((w) => this.store.field(type, w, "baseprofile") === job);
      if (existing !== undefined) {
        if (this.rules.duplicateApplication === "existing") return { id: existing, warnings, existing: true };
        throw badRequest("An applicant workflow already exists for this person and job.");
      }
      record.fields["status"] ??= this.lists.find(this.lists.statusListId, "D10100")
        ? "D10100"
        : this.lists.statusBins()[0]?.statuses[0]?.id;
    }
    this.checkRequired(type, record, ctx);
    record.id = this.store.allocateId(type);
    record.fields["createddate"] = ctx.now;
    this.touch(type, record, undefined, ctx);
    return { id: record.id, warnings, existing: false };
  }

  /** Applies a PATCH body to an existing record. */
  update(type: ProfileType, id: number | string, body: unknown, ctx: WriteContext): WriteResult {
    const record = clone(loadRecord(this.store, type, id));
    const previousStatus = record.fields["status"];
    const warnings = this.apply(type, record, body, ctx, false);
    this.checkRequired(type, record, ctx);
    this.touch(type, record, previousStatus, ctx);
    return { id: record.id, warnings, existing: false };
  }

  /** Adds a collection entry; an exact duplicate of an existing entry changes nothing and returns its id. */
  addEntry(
    type: ProfileType,
    id: number | string,
    collection: string,
    body: unknown,
    ctx: WriteContext,
  ): { entry: number; warnings: IcimsProblem[] } {
    const record = clone(loadRecord(this.store, type, id));
    const warnings: IcimsProblem[] = [];
    const entry = this.normalizeEntry(this.collectionDef(type, collection), body, warnings);
    const entries = (record.fields[collection] ?? []) as CollectionEntry[];
    const duplicate = entries.find((e) => sameEntry(e, entry));
    if (duplicate) return { entry: duplicate.entry, warnings };
    entry.entry = this.store.allocateEntryId();
    record.fields[collection] = [...entries, entry];
    this.touch(type, record, record.fields["status"], ctx);
    return { entry: entry.entry, warnings };
  }

  /** Updates one collection entry (null/"" clears a child); an update that changes nothing is a no-op. */
  updateEntry(
    type: ProfileType,
    id: number | string,
    collection: string,
    entryId: string,
    body: unknown,
    ctx: WriteContext,
  ): IcimsProblem[] {
    const record = clone(loadRecord(this.store, type, id));
    const { entries, index } = this.findEntry(type, record, collection, entryId);
    const warnings: IcimsProblem[] = [];
    const patch = this.normalizeEntry(this.collectionDef(type, collection), body, warnings);
    const current = entries[index] as CollectionEntry;
    const next: CollectionEntry = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (key !== "entry") next[key] = value;
    }
    for (const [key, value] of Object.entries(isObject(body) ? body : {})) {
      if (isEmptyInput(value) && key !== "entry") delete next[key];
    }
    if (sameEntry(current, next)) return warnings;
    entries[index] = next;
    this.touch(type, record, record.fields["status"], ctx);
    return warnings;
  }

  /** Deletes one collection entry. */
  deleteEntry(
    type: ProfileType,
    id: number | string,
    collection: string,
    entryId: string,
    ctx: WriteContext,
  ): void {
    const record = clone(loadRecord(this.store, type, id));
    const { entries, index } = this.findEntry(type, record, collection, entryId);
    entries.splice(index, 1);
    this.touch(type, record, record.fields["status"], ctx);
  }

  /** Stores a record after a change: bumps `updateddate` and logs a status change. */
  touch(type: ProfileType, record: InternalRecord, previousStatus: unknown, ctx: WriteContext): void {
    record.fields["updateddate"] = ctx.now;
    const status = record.fields["status"];
    if (type === "applicantworkflows" && status !== previousStatus && typeof status === "string") {
      const log = (record.fields["submittalstatuslog"] ?? []) as StatusLogEntry[];
      record.fields["submittalstatuslog"] = [{ status, at: ctx.now, by: ctx.actor }, ...log].slice(
        0,
        STATUS_LOG_CAP,
      );
    }
    const before = this.onChange.length > 0 && record.id !== 0 ? this.store.get(type, record.id) : undefined;
    const previous = before ? clone(before) : undefined;
    this.store.put(type, record);
    for (const listener of this.onChange) listener({ type, before: previous, after: clone(record), ctx });
  }

  private apply(
    type: ProfileType,
    record: InternalRecord,
    body: unknown,
    ctx: WriteContext,
    creating: boolean,
  ): IcimsProblem[] {
    if (!isObject(body)) throw badRequest("The request body must be a JSON object.");
    const warnings: IcimsProblem[] = [];
    for (const [key, raw] of Object.entries(body)) {
      const def = this.schema[type][key];
      if (key !== key.toLowerCase()) {
        warnings.push(warning(key, "Field names must be lowercase; the field was ignored."));
        continue;
      }
      if (!def || (def.access === "internal" && ctx.origin === "api")) {
        warnings.push(warning(key, "The field does not exist or is not accessible; it was ignored."));
        continue;
      }
      if (def.access === "system") {
        warnings.push(warning(key, "The field is read-only; it was ignored."));
        continue;
      }
      if (def.access === "create" && !creating) {
        throw badRequest(`Field "${key}" cannot be changed after the workflow is created.`, key);
      }
      if (isEmptyInput(raw) || (def.kind === "collection" && Array.isArray(raw) && raw.length === 0)) {
        delete record.fields[key];
      } else if (def.kind === "collection") {
        if (!Array.isArray(raw)) throw badRequest(`Field "${key}" must be an array of entries.`, key);
        const entries = [...((record.fields[key] ?? []) as CollectionEntry[])];
        for (const item of raw) {
          const entry = this.normalizeEntry(def, item, warnings);
          if (entries.some((e) => sameEntry(e, entry))) continue;
          entry.entry = this.store.allocateEntryId();
          entries.push(entry);
        }
        record.fields[key] = entries;
      } else if (def.kind === "source" && !this.validSource(raw)) {
        warnings.push(warning(key, `The value "${String(raw)}" is not a valid source; it was ignored.`));
      } else {
        record.fields[key] = this.normalize(def, raw, key);
      }
    }
    return warnings;
  }

  private checkRequired(type: ProfileType, record: InternalRecord, ctx: WriteContext): void {
    if (ctx.origin !== "api") return;
    for (const name of this.rules.requiredFields[type] ?? []) {
      const value = record.fields[name];
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
        throw new IcimsError(400, ErrorCode.FIELD_REQUIRED, `Field "${name}" is required.`, name);
      }
    }
  }

  private validSource(raw: unknown): boolean {
    return typeof raw === "string" && this.lists.findByValue(LIST_IDS.sources, raw) !== undefined;
  }

  private collectionDef(type: ProfileType, collection: string): FieldDef {
    const def = this.schema[type][collection];
    if (def?.kind !== "collection") throw badRequest(`Unknown collection "${collection}".`);
    return def;
  }

  private findEntry(
    type: ProfileType,
    record: InternalRecord,
    collection: string,
    entryId: string,
  ): { entries: CollectionEntry[]; index: number } {
    this.collectionDef(type, collection);
    const entries = [...((record.fields[collection] ?? []) as CollectionEntry[])];
    record.fields[collection] = entries;
    const index = entries.findIndex((e) => String(e.entry) === entryId);
    if (index < 0) throw new IcimsError(404, ErrorCode.RESOURCE_NOT_FOUND, "Collection entry not found.");
    return { entries, index };
  }

  private normalizeEntry(def: FieldDef, raw: unknown, warnings: IcimsProblem[]): CollectionEntry {
    if (!isObject(raw)) throw badRequest("A collection entry must be a JSON object.");
    const entry: CollectionEntry = { entry: 0 };
    for (const [name, child] of Object.entries(def.children ?? {})) {
      const value = raw[name];
      if (value !== undefined && !isEmptyInput(value)) entry[name] = this.normalize(child, value, name);
    }
    for (const key of Object.keys(raw)) {
      if (key !== "entry" && !def.children?.[key])
        warnings.push(warning(key, "The field does not exist; it was ignored."));
    }
    return entry;
  }

  private normalize(def: FieldDef, raw: unknown, field: string): unknown {
    const invalid = (): IcimsError => badRequest(`The value provided for "${field}" is not valid.`, field);
    switch (def.kind) {
      case "text":
      case "source":
        if (typeof raw !== "string") throw invalid();
        return raw;
      case "number": {
        const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
        if (typeof n !== "number" || !Number.isFinite(n)) throw invalid();
        return n;
      }
      case "boolean":
        if (typeof raw !== "boolean") throw invalid();
        return raw;
      case "date":
        if (typeof raw !== "string" || !isDateOnly(raw)) throw invalid();
        return raw;
      case "list":
        return this.listValue(def, raw, field);
      case "geo": {
        const spec = isObject(raw) ? raw : {};
        const key = [spec["id"], spec["abbrev"], spec["value"]].find(
          (v): v is string => typeof v === "string",
        );
        const found = key
          ? (this.lists.find(LIST_IDS.countries, key) ?? this.lists.findByValue(LIST_IDS.countries, key))
          : undefined;
        if (!found || (def.geoLevel === 1) !== (found.parent === undefined)) throw invalid();
        return found.node.id;
      }
      case "person":
      case "job": {
        const id = isObject(raw) ? raw["id"] : raw;
        const type: ProfileType = def.kind === "person" ? "people" : "jobs";
        const n = typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id;
        if (typeof n !== "number" || !this.store.exists(type, n)) {
          throw badRequest(
            `The ${TYPE_LABEL[type].toLowerCase()} referenced by "${field}" does not exist.`,
            field,
          );
        }
        return n;
      }
      case "address":
        return this.addressValue(raw, field);
      case "currency": {
        const spec = isObject(raw) ? raw : {};
        const amount = typeof spec["amount"] === "string" ? Number(spec["amount"]) : spec["amount"];
        if (typeof amount !== "number" || !Number.isFinite(amount)) throw invalid();
        const text = (key: string) => (typeof spec[key] === "string" ? { [key]: spec[key] } : {});
        return { amount, ...text("currency"), ...text("timeframe") };
      }
      case "portals":
        if (!Array.isArray(raw) || !raw.every((p) => typeof p === "string" && this.rules.portals.includes(p)))
          throw invalid();
        return [...raw];
      default:
        throw invalid();
    }
  }

  private listValue(def: FieldDef, raw: unknown, field: string): string {
    const listId = def.list ?? "";
    const spec = isObject(raw) ? raw : {};
    const id = spec["id"];
    const value = spec["value"];
    let found = typeof id === "string" ? this.lists.find(listId, id) : undefined;
    if (!found && id === undefined && typeof value === "string") {
      found = this.lists.findByValue(listId, value);
      if (!found && def.autoAdd) return this.lists.add(listId, value).id;
    }
    if (!found || found.node.children) {
      throw badRequest(`The value provided for "${field}" is not a valid option.`, field);
    }
    return found.node.id;
  }

  private addressValue(raw: unknown, field: string): AddressLink {
    const spec = isObject(raw) ? raw : {};
    const entry = Number(spec["id"]);
    const wanted = spec["companyid"] === undefined ? undefined : Number(spec["companyid"]);
    for (const companyid of this.store.idsAfter("companies", Number.NEGATIVE_INFINITY)) {
      if (wanted !== undefined && companyid !== wanted) continue;
      const entries = (this.store.field("companies", companyid, "addresses") ?? []) as CollectionEntry[];
      if (entries.some((e) => e.entry === entry)) return { companyid, entry };
    }
    throw badRequest(`The address referenced by "${field}" does not exist.`, field);
  }
}
