import { once } from "node:events";
import { finished } from "node:stream/promises";
import { AtsyncError, inputInvalid } from "@atsync/core/storage";
import type { Pool, PoolClient, QueryResultRow } from "pg";
import { from as copyFromStdin } from "pg-copy-streams";

/** Runs one parameterised statement; what `Db.query` and a transaction's client both offer. */
export type Query = <R extends QueryResultRow>(text: string, values?: readonly unknown[]) => Promise<R[]>;

/** Schema and table names, each already quoted and schema-qualified for use in SQL text. */
export interface Tables {
  /** The schema name, unquoted. */
  name: string;
  /** The schema name, quoted. */
  schema: string;
  integrations: string;
  records: string;
  changeFeed: string;
  /** The sequence of `change_feed.seq` (its cursors). */
  changeFeedSeq: string;
  checkpoints: string;
  syncRuns: string;
  tracked: string;
  actionLedger: string;
  apiKeys: string;
  webhookEndpoints: string;
  webhookEvents: string;
  webhookDeliveries: string;
  webhookChanges: string;
  connectLinks: string;
  integrationFields: string;
  customFieldMappings: string;
  vendorEvents: string;
  vendorEventRefreshes: string;
  schemaMigrations: string;
  parseIso: string;
}

/** Lower-case SQL identifiers only: schema names and the field names filters read from `data`. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The quoted, schema-qualified names of everything in `schema` (validated against `IDENTIFIER`). */
export function tablesOf(schema: string): Tables {
  if (!IDENTIFIER.test(schema)) {
    throw inputInvalid("storage options", [
      { path: "schema", message: "must match /^[a-z_][a-z0-9_]*$/ and be at most 63 characters" },
    ]);
  }
  const s = quoteIdent(schema);
  return {
    name: schema,
    schema: s,
    integrations: `${s}.integrations`,
    records: `${s}.records`,
    changeFeed: `${s}.change_feed`,
    changeFeedSeq: `${s}.change_feed_seq_seq`,
    checkpoints: `${s}.checkpoints`,
    syncRuns: `${s}.sync_runs`,
    tracked: `${s}.tracked`,
    actionLedger: `${s}.action_ledger`,
    apiKeys: `${s}.api_keys`,
    webhookEndpoints: `${s}.webhook_endpoints`,
    webhookEvents: `${s}.webhook_events`,
    webhookDeliveries: `${s}.webhook_deliveries`,
    webhookChanges: `${s}.webhook_changes`,
    connectLinks: `${s}.connect_links`,
    integrationFields: `${s}.integration_fields`,
    customFieldMappings: `${s}.custom_field_mappings`,
    vendorEvents: `${s}.vendor_events`,
    vendorEventRefreshes: `${s}.vendor_event_refreshes`,
    schemaMigrations: `${s}.schema_migrations`,
    parseIso: `${s}.parse_iso`,
  };
}

/** Collects bind values and hands out their `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, cast to `type` when given. */
  add(value: unknown, type?: string): string {
    this.values.push(value);
    return type ? `$${this.values.length}::${type}` : `$${this.values.length}`;
  }

  /** The placeholder of a field name read from `data` (checked against `IDENTIFIER`). */
  field(name: string, path: string): string {
    if (!IDENTIFIER.test(name)) {
      throw inputInvalid("list query", [{ path, message: `"${name}" is not a field name` }]);
    }
    return this.add(name, "text");
  }
}

/** `name` as a double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * SQL text formatting the timestamptz expression `expr` as `Date#toISOString` does
 * (`2026-01-01T00:00:00.000Z`), independent of the session's time zone and type parsers.
 */
export function iso(expr: string): string {
  return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** SQLSTATE of a `pg` error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = "23505";
/** SQLSTATE of a foreign-key violation. */
export const FOREIGN_KEY_VIOLATION = "23503";

/** Node socket errors and SQLSTATE classes that mean "try again later" (connection, conflicts, resources). */
const TRANSIENT = /^(08|40|53|57P|E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|AI_AGAIN|HOSTUNREACH)$)/;

/** SQLSTATE PostgreSQL answers for a `\u0000` in JSON it is asked to store as jsonb. */
const UNSUPPORTED_UNICODE_ESCAPE = "22P05";

/**
 * Errors of the database connection itself (refused, dropped, server shutting down, deadlock,
 * serialization failure, too many connections) become transient `AtsyncError`s so the scheduler
 * retries them; a `\u0000` in a stored string (jsonb cannot hold it) becomes
 * `PLATFORM.INPUT_INVALID`; everything else passes through unchanged.
 */
function classify(error: unknown): unknown {
  const code = sqlState(error);
  if (code === UNSUPPORTED_UNICODE_ESCAPE) {
    return new AtsyncError(
      "PLATFORM.INPUT_INVALID",
      "A string to store contains the character U+0000, which PostgreSQL cannot store",
      { cause: error },
    );
  }
  const lost = error instanceof Error && /Connection terminated|timeout exceeded/i.test(error.message);
  if ((code !== undefined && TRANSIENT.test(code)) || lost) {
    return new AtsyncError("PLATFORM.UNKNOWN_ERROR", "The storage database is unavailable; retry later", {
      kind: "transient",
      cause: error,
    });
  }
  return error;
}

function queryOn(client: Pool | PoolClient): Query {
  return async <R extends QueryResultRow>(text: string, values?: readonly unknown[]) => {
    try {
      return (await client.query<R>(text, values as unknown[] | undefined)).rows;
    } catch (error) {
      throw classify(error);
    }
  };
}

/** A value as a field of COPY's text format (`\N` for NULL; backslash, tab, newline and CR escaped). */
export function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : value;
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * Runs `COPY … FROM STDIN` (text format) on a transaction's client, writing each chunk `chunks`
 * yields as soon as it is yielded, so the server parses and stores one chunk while the next is
 * produced; then calls `beforeEnd` and completes the COPY. When producing a chunk or `beforeEnd`
 * throws, the COPY is aborted (CopyFail, which leaves the connection ready for the rollback) and
 * that error is rethrown; errors of the server are classified as `Db` classifies them.
 */
export async function copyFrom(
  client: PoolClient,
  sql: string,
  chunks: Iterable<string>,
  beforeEnd: () => void,
): Promise<void> {
  const stream = client.query(copyFromStdin(sql));
  const done = finished(stream);
  done.catch(() => {});
  try {
    let started = false;
    for (const chunk of chunks) {
      if (started) {
        // Backpressure: let the socket take what is queued before producing more.
        if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), done]);
        continue;
      }
      // The first chunk waits for the server to accept the COPY; later ones go out at once.
      const written = new Promise<void>((resolve, reject) =>
        stream.write(chunk, (error) => (error ? reject(error) : resolve())),
      );
      await Promise.race([written, done]);
      started = true;
    }
    beforeEnd();
  } catch (error) {
    if (!stream.destroyed) stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await done.catch(() => {});
    throw error;
  }
  stream.end();
  try {
    await done;
  } catch (error) {
    throw classify(error);
  }
}

/** The pool with the two ways storage talks to it: single statements and transactions. */
export class Db {
  private closed = false;
  private readonly poolQuery: Query;

  constructor(readonly pool: Pool) {
    this.poolQuery = queryOn(pool);
  }

  /** Runs one statement on any pooled connection. */
  readonly query: Query = (text, values) => {
    this.assertOpen();
    return this.poolQuery(text, values);
  };

  /**
   * Runs `work` inside BEGIN … COMMIT on one connection (also handed to `work`, for `copyFrom`);
   * rolls back and rethrows when it throws. A connection whose rollback failed is discarded
   * rather than returned to the pool.
   */
  async transaction<T>(work: (query: Query, client: PoolClient) => Promise<T>): Promise<T> {
    this.assertOpen();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw classify(error);
    }
    const query = queryOn(client);
    try {
      await query("BEGIN");
      const result = await work(query, client);
      await query("COMMIT");
      client.release();
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch (rollbackError) {
        client.release(rollbackError as Error);
      }
      throw error;
    }
  }

  /** Makes every later call throw. */
  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new AtsyncError("PLATFORM.UNKNOWN_ERROR", "This storage was closed");
  }
}
