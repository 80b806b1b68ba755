import {
  AtsyncError,
  assertModelKey,
  decodeCursor,
  encodeCursor,
  inputInvalid,
  type ListQuery,
  type ModelKey,
  type RecordFilter,
  type RecordStore,
  type StoredRecordWithTree,
  validateListQuery,
} from "@atsync/core/storage";
import { type Db, iso, Params, type Tables } from "./sql.js";

/** A stored record row as selected by `recordColumns`. */
interface RecordRow {
  data: Record<string, unknown>;
  remote_data: Record<string, unknown> | null;
  changed_at: string;
  remote_deleted_at: string | null;
  tree_changed_at: string;
}

/** The select list that `toRecord` turns into a record, for rows of `records` aliased `alias`. */
function recordColumns(alias: string): string {
  return `${alias}.data, ${alias}.remote_data, ${iso(`${alias}.changed_at`)} AS changed_at,
    ${iso(`${alias}.remote_deleted_at`)} AS remote_deleted_at, ${iso(`${alias}.tree_changed_at`)} AS tree_changed_at`;
}

function toRecord(row: RecordRow): StoredRecordWithTree {
  return {
    ...row.data,
    remote_data: row.remote_data,
    changed_at: row.changed_at,
    remote_deleted_at: row.remote_deleted_at,
    tree_changed_at: row.tree_changed_at,
  } as StoredRecordWithTree;
}

/** JSON texts of `values`, for a `jsonb[]` parameter compared with `data -> field`. */
function jsonbArray(values: readonly unknown[]): string[] {
  return values.map((v) => JSON.stringify(v));
}

/**
 * SQL condition of one filter on the record aliased `r` of the integration in placeholder
 * `integration`, with the semantics documented on `RecordFilter`.
 */
function filterSql(t: Tables, f: RecordFilter, i: number, p: Params, integration: string): string {
  const path = `filters.${i}`;
  switch (f.op) {
    case "in": {
      const value = `(r.data -> ${p.field(f.field, `${path}.field`)})`;
      const match = `${value} = ANY(${p.add(jsonbArray(f.values), "jsonb[]")})`;
      return f.values.includes(null) ? `(${match} OR ${value} IS NULL)` : match;
    }
    case "equals_ci": {
      const field = p.field(f.field, `${path}.field`);
      return `(jsonb_typeof(r.data -> ${field}) = 'string'
        AND lower(r.data ->> ${field}) = lower(${p.add(f.value, "text")}))`;
    }
    case "contains_ci": {
      const field = p.field(f.field, `${path}.field`);
      const pattern = `%${f.value.replace(/[\\%_]/g, "\\$&")}%`;
      return `(jsonb_typeof(r.data -> ${field}) = 'string' AND (r.data ->> ${field}) ILIKE ${p.add(pattern, "text")})`;
    }
    case "after":
      return `${t.parseIso}(r.data ->> ${p.field(f.field, `${path}.field`)}) > ${p.add(f.value, "timestamptz")}`;
    case "array_has_ci": {
      const field = p.field(f.field, `${path}.field`);
      const key = p.field(f.key, `${path}.key`);
      return `EXISTS (
        SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.data -> ${field}) = 'array'
          THEN r.data -> ${field} ELSE '[]'::jsonb END) AS e
        WHERE jsonb_typeof(e -> ${key}) = 'string'
          AND lower(e ->> ${key}) IN (SELECT lower(v) FROM unnest(${p.add(f.values, "text[]")}) AS v))`;
    }
    case "has_related": {
      const foreignKey = p.field(f.foreignKey, `${path}.foreignKey`);
      return `r.id IN (
        SELECT rel.data ->> ${foreignKey} FROM ${t.records} AS rel
        WHERE rel.integration_id = ${integration} AND rel.model = ${p.add(f.model, "text")}
          AND rel.remote_deleted_at IS NULL AND jsonb_typeof(rel.data -> ${foreignKey}) = 'string'
          AND (rel.data -> ${p.field(f.field, `${path}.field`)}) = ANY(${p.add(jsonbArray(f.values), "jsonb[]")}))`;
    }
    default:
      throw inputInvalid("list query", [
        { path: `${path}.op`, message: `unknown filter op "${(f as { op: string }).op}"` },
      ]);
  }
}

/** The id after which a list page starts, from a cursor made by `list`. */
function cursorId(cursor: string): string {
  const { after } = decodeCursor(cursor);
  if (typeof after !== "string") {
    throw new AtsyncError(
      "PLATFORM.INPUT_INVALID",
      "Invalid cursor: pass back the `next` value of the previous page",
    );
  }
  return after;
}

/** `RecordStore` on the `records` table. */
export function createRecordStore(db: Db, t: Tables): RecordStore {
  const byIds = async (integrationId: string, model: ModelKey, ids: readonly string[]) => {
    assertModelKey(model);
    const rows = await db.query<RecordRow>(
      `SELECT ${recordColumns("r")} FROM ${t.records} AS r
       WHERE r.integration_id = $1 AND r.model = $2 AND r.id = ANY($3::text[])`,
      [integrationId, model, ids],
    );
    return rows.map(toRecord);
  };

  return {
    get: async (integrationId, model, id) => (await byIds(integrationId, model, [id]))[0] ?? null,

    getMany: (integrationId, model, ids) => byIds(integrationId, model, ids),

    list: async (integrationId, model, query: ListQuery) => {
      validateListQuery(model, query);
      const p = new Params();
      const integration = p.add(integrationId, "text");
      const where = [`r.integration_id = ${integration}`, `r.model = ${p.add(model, "text")}`];
      if (!query.include_deleted) where.push("r.remote_deleted_at IS NULL");
      if (query.updated_after !== undefined) {
        where.push(`r.tree_changed_at > ${p.add(query.updated_after, "timestamptz")}`);
      }
      if (query.ids !== undefined) where.push(`r.id = ANY(${p.add(query.ids, "text[]")})`);
      if (query.remote_ids !== undefined) {
        where.push(`r.remote_id = ANY(${p.add(query.remote_ids, "text[]")})`);
      }
      if (query.cursor) where.push(`r.id > ${p.add(cursorId(query.cursor), "text")}`);
      (query.filters ?? []).forEach((f, i) => {
        where.push(filterSql(t, f, i, p, integration));
      });
      const rows = await db.query<RecordRow>(
        `SELECT ${recordColumns("r")} FROM ${t.records} AS r
         WHERE ${where.join(" AND ")}
         ORDER BY r.id LIMIT ${p.add(query.page_size + 1, "integer")}`,
        p.values,
      );
      const results = rows.slice(0, query.page_size).map(toRecord);
      const last = results[results.length - 1];
      return {
        results,
        next: rows.length > query.page_size && last ? encodeCursor({ after: last.id }) : null,
      };
    },

    listRemoteIds: (integrationId, model, pageSize = 1000) => {
      assertModelKey(model);
      return (async function* () {
        let after: string | null = null;
        for (;;) {
          const rows: { remote_id: string }[] = await db.query<{ remote_id: string }>(
            `SELECT remote_id FROM ${t.records}
             WHERE integration_id = $1 AND model = $2 AND remote_deleted_at IS NULL
               AND ($3::text IS NULL OR remote_id > $3::text)
             ORDER BY remote_id LIMIT $4`,
            [integrationId, model, after, pageSize],
          );
          if (rows.length === 0) return;
          const page = rows.map((r) => r.remote_id);
          yield page;
          if (page.length < pageSize) return;
          after = page[page.length - 1] as string;
        }
      })();
    },

    count: async (integrationId, model, options = {}) => {
      assertModelKey(model);
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM ${t.records}
         WHERE integration_id = $1 AND model = $2 AND ($3::boolean OR remote_deleted_at IS NULL)`,
        [integrationId, model, options.includeDeleted === true],
      );
      return rows[0]?.n ?? 0;
    },
  };
}
