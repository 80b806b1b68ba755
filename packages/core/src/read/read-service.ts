import { inject, injectable } from "tsyringe";
import type { KomboPage } from "../api/ats.js";
import type { ConnectorCoverage } from "../connector/definition.js";
import { inputInvalid } from "../errors.js";
import { TOKENS } from "../runtime/tokens.js";
import type { RecordStore, StoredRecord } from "../storage/records.js";
import { Composer } from "./compose.js";
import { planFilters, unsupportedFilterWarnings } from "./filters.js";
import {
  isReadResource,
  parseReadQuery,
  READ_RESOURCE_DEFINITIONS,
  READ_RESOURCES,
  type ReadQueryInput,
  type ReadResource,
  type ReadResourceDefinition,
  type ReadResult,
} from "./resources.js";

/** Options of `ReadService.list`. */
export interface ReadListOptions {
  /**
   * The integration's connector coverage. When given, a filter on a field the coverage does not
   * list for its model is unsupported: the list is empty unless the query sets
   * `ignore_unsupported_filters`, which drops such filters; either way the page's `warnings` name
   * them. Without it every filter is honoured.
   */
  coverage?: ConnectorCoverage;
}

/**
 * Kombo's read API over stored records: parses a list endpoint's query, turns its filters into
 * storage filters, and composes Kombo's nested result shapes with batched storage calls.
 */
@injectable()
export class ReadService {
  constructor(@inject(TOKENS.RecordStore) private readonly records: RecordStore) {}

  /**
   * One page of `resource` for the integration, in ascending id order, in Kombo's result shape.
   * `query` holds Kombo's query parameters as HTTP strings or typed values (see
   * `READ_QUERY_SCHEMAS`); omitted → defaults. `next` is an opaque cursor to pass back as
   * `cursor`, null on the last page; a walk returns every record that matches throughout it
   * exactly once. Throws `PLATFORM.INPUT_INVALID` naming every invalid parameter, for an unknown
   * resource, or for a cursor storage cannot read.
   */
  async list<R extends ReadResource>(
    integrationId: string,
    resource: R,
    query?: ReadQueryInput<R>,
    options: ReadListOptions = {},
  ): Promise<KomboPage<ReadResult<R>>> {
    const definition = definitionOf(resource);
    const parsed = parseReadQuery(resource, query);
    const plan = planFilters(definition.filters, parsed, integrationId, options.coverage);
    const ignored = parsed.ignore_unsupported_filters;
    const warnings = unsupportedFilterWarnings(plan.unsupported, ignored);
    if (plan.unsupported.length > 0 && !ignored) return { results: [], next: null, warnings };

    const rows: StoredRecord[] = [];
    let cursor = parsed.cursor ?? null;
    do {
      // Asking storage for no more than the rows still missing keeps its cursor exact even when
      // checks drop rows, so no row is skipped or repeated.
      const page = await this.records.list(integrationId, definition.model, {
        updated_after: parsed.updated_after,
        include_deleted: parsed.include_deleted,
        ids: parsed.ids,
        remote_ids: parsed.remote_ids,
        filters: plan.filters,
        cursor,
        page_size: parsed.page_size - rows.length,
      });
      rows.push(...page.results.filter((row) => plan.checks.every((check) => check(row))));
      cursor = page.next;
    } while (cursor !== null && rows.length < parsed.page_size);

    const results = await new Composer(this.records, integrationId).compose(definition.shape, rows);
    return { results: results as ReadResult<R>[], next: cursor, warnings };
  }

  /**
   * The record of `resource` with unified id `id`, in Kombo's result shape, or null when the
   * integration has none. A record marked deleted is returned with `remote_deleted_at` set.
   * Throws `PLATFORM.INPUT_INVALID` for an unknown resource.
   */
  async get<R extends ReadResource>(
    integrationId: string,
    resource: R,
    id: string,
  ): Promise<ReadResult<R> | null> {
    const definition = definitionOf(resource);
    const record = await this.records.get(integrationId, definition.model, id);
    if (!record) return null;
    const [result] = await new Composer(this.records, integrationId).compose(definition.shape, [record]);
    return (result ?? null) as ReadResult<R> | null;
  }
}

function definitionOf(resource: string): ReadResourceDefinition {
  if (!isReadResource(resource)) {
    throw inputInvalid("resource", [
      { path: "resource", message: `"${resource}" is not one of ${READ_RESOURCES.join(", ")}` },
    ]);
  }
  return READ_RESOURCE_DEFINITIONS[resource];
}
