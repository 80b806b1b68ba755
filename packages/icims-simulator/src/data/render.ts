import { formatDateTime } from "../dates.js";
import { hash, saltOf, unit } from "../random.js";
import type { ListNode, TenantLists } from "./lists.js";
import { LIST_IDS } from "./lists.js";
import type { AddressLink, CollectionEntry, InternalRecord, StatusLogEntry } from "./model.js";
import type { FieldDef, ProfileType, Schema } from "./schema.js";
import type { RecordStore } from "./store.js";

/** How to render a record. */
export interface RenderOptions {
  /** `<origin>/customers/<customerId>`, the prefix of every URL in the JSON. */
  apiBase: string;
  /** Requested field ids (`fields=`); undefined = the default field set. */
  fields?: ReadonlySet<string> | undefined;
  /** Field ids hidden from the API user (silently omitted). */
  hidden?: ReadonlySet<string> | undefined;
  /** Render `createddate` / `updateddate` (off by default: iCIMS documents them only as search filters). */
  exposeTimestamps: boolean;
  /** Append the `links` array. */
  links: boolean;
  /** Also render internal fields (`postedto`, `logingroup`), which iCIMS would not return. */
  internal?: boolean;
  /** Share of records (chosen by id) that carry an unknown extra key. */
  extraKeysRate: number;
}

const EXTRA_KEYS: readonly [string, unknown][] = [
  ["profilescore", 87],
  ["dataprivacystatus", { id: "D99001", value: "Consent Pending", formattedvalue: "Consent Pending" }],
  ["lastsyncsource", "icims-platform"],
];

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/** Renders internal records as iCIMS JSON: lowercase keys, empty fields omitted, list nodes and links expanded. */
export class Renderer {
  constructor(
    private readonly store: RecordStore,
    private readonly schema: Schema,
    private readonly lists: TenantLists,
    private readonly seed: number,
  ) {}

  /** The JSON of `GET /{type}/{id}` for a record. */
  record(type: ProfileType, record: InternalRecord, options: RenderOptions): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(this.schema[type])) {
      if ((def.access === "internal" && !options.internal) || options.hidden?.has(name)) continue;
      if (options.fields ? !options.fields.has(name) : def.onRequest) continue;
      if ((name === "createddate" || name === "updateddate") && !options.exposeTimestamps) continue;
      const value = record.fields[name];
      if (isEmpty(value)) continue;
      out[name] = this.value(def, value, options.apiBase, `${type}/${record.id}/fields/${name}`);
    }
    if (
      options.extraKeysRate > 0 &&
      unit(hash(this.seed, saltOf(`extra.${type}`), record.id)) < options.extraKeysRate
    ) {
      const [key, value] = EXTRA_KEYS[
        hash(this.seed, saltOf("extra.key"), record.id) % EXTRA_KEYS.length
      ] ?? ["", null];
      out[key] = value;
    }
    if (options.links) out["links"] = this.links(type, record, options.apiBase);
    return out;
  }

  /** One collection entry as returned by `GET …/fields/{collection}/{entry}`. */
  entry(
    type: ProfileType,
    collection: string,
    entry: CollectionEntry,
    apiBase: string,
  ): Record<string, unknown> {
    const def = this.schema[type][collection];
    return this.collectionEntry(def?.children ?? {}, entry, apiBase);
  }

  /** A status log as returned inline and by the `submittalstatuslog` sub-path. */
  statusLog(log: readonly StatusLogEntry[], apiBase: string): Record<string, unknown>[] {
    return log.map((item) => ({
      status: this.listNode(this.lists.statusListId, item.status),
      updatedDate: formatDateTime(item.at),
      updatedBy: this.personLink(item.by, apiBase),
    }));
  }

  private value(def: FieldDef, value: unknown, apiBase: string, path: string): unknown {
    switch (def.kind) {
      case "datetime":
        return formatDateTime(value as number);
      case "list":
        return this.listNode(def.list ?? "", value as string);
      case "geo":
        return this.geoNode(value as string);
      case "person":
        return this.personLink(value as number, apiBase);
      case "job": {
        const id = value as number;
        const title = this.store.exists("jobs", id) ? this.store.field("jobs", id, "jobtitle") : undefined;
        return { id, ...(title ? { value: title } : {}), profile: `${apiBase}/jobs/${id}` };
      }
      case "address":
        return this.addressLink(value as AddressLink, apiBase);
      case "collection":
        return (value as CollectionEntry[]).map((entry) =>
          this.collectionEntry(def.children ?? {}, entry, apiBase),
        );
      case "file":
        return { file: `${apiBase}/${path}/binary` };
      case "statuslog":
        return this.statusLog(value as StatusLogEntry[], apiBase);
      default:
        return value;
    }
  }

  private collectionEntry(
    children: Record<string, FieldDef>,
    entry: CollectionEntry,
    apiBase: string,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = { entry: entry.entry };
    for (const [name, def] of Object.entries(children)) {
      const value = entry[name];
      if (!isEmpty(value)) out[name] = this.value(def, value, apiBase, "");
    }
    return out;
  }

  private listNode(listId: string, id: string): Record<string, unknown> {
    const node = this.lists.find(listId, id)?.node;
    return node ? { id, value: node.value, formattedvalue: node.value } : { id };
  }

  private geoNode(id: string): Record<string, unknown> {
    const node: ListNode | undefined = this.lists.find(LIST_IDS.countries, id)?.node;
    return node ? { id, abbrev: node.abbrev, value: node.value } : { id };
  }

  private personLink(id: number, apiBase: string): Record<string, unknown> {
    const exists = this.store.exists("people", id);
    const name = exists
      ? [this.store.field("people", id, "firstname"), this.store.field("people", id, "lastname")]
          .filter(Boolean)
          .join(" ")
      : "";
    return { id, ...(name ? { value: name } : {}), profile: `${apiBase}/people/${id}` };
  }

  private addressLink(link: AddressLink, apiBase: string): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: link.entry,
      companyid: link.companyid,
      address: `${apiBase}/companies/${link.companyid}/fields/addresses/${link.entry}`,
    };
    if (!this.store.exists("companies", link.companyid)) return out;
    const entries = (this.store.field("companies", link.companyid, "addresses") ?? []) as CollectionEntry[];
    const entry = entries.find((e) => e.entry === link.entry);
    const name = this.store.field("companies", link.companyid, "name") as string | undefined;
    if (!entry || !name) return out;
    const geo = (id: unknown) =>
      typeof id === "string" ? this.lists.find(LIST_IDS.countries, id)?.node.value : undefined;
    const state = geo(entry["addressstate"]);
    const city = entry["addresscity"] as string | undefined;
    const parts = [
      entry["addressstreet1"],
      city && state ? `${city},` : city,
      state,
      entry["addresszip"],
      geo(entry["addresscountry"]),
    ];
    out["value"] = `${name} - ${parts.filter(Boolean).join(" ")} `;
    return out;
  }

  private links(type: ProfileType, record: InternalRecord, apiBase: string): Record<string, string>[] {
    const links = [
      { rel: "self", title: "The current profile being viewed.", url: `${apiBase}/${type}/${record.id}` },
    ];
    if (type === "applicantworkflows") {
      links.push(
        {
          rel: "self",
          title: "The base profile of this workflow.",
          url: `${apiBase}/jobs/${record.fields["baseprofile"]}`,
        },
        {
          rel: "self",
          title: "The associated profile of this workflow.",
          url: `${apiBase}/people/${record.fields["associatedprofile"]}`,
        },
      );
    }
    return links;
  }
}
