import {
  type ClaimedDelivery,
  type CredentialCipher,
  type DeliveryOutcome,
  type DeliveryPage,
  type DeliveryQuery,
  decodeCursor,
  encodeCursor,
  inputInvalid,
  MODEL_KEYS,
  type ModelKey,
  type OutboxEvent,
  type OutboxEvents,
  openWebhookSecret,
  sealWebhookSecret,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookOutbox,
} from "@atsync/core/storage";
import { type Db, iso, type Query, type Tables } from "./sql.js";

const ENDPOINT_COLUMNS = `id, url, events, ${iso("created_at")} AS created_at,
  ${iso("disabled_at")} AS disabled_at, disabled_reason`;

/** The columns of a `WebhookDelivery` from `webhook_deliveries d` joined with `webhook_events ev`. */
const DELIVERY_COLUMNS = `d.id, d.endpoint_id, ev.id AS event_id, ev.type AS event_type,
  NULLIF(d.lane, '') AS integration_id, d.status, d.attempts,
  ${iso("d.next_attempt_at")} AS next_attempt_at, ${iso("d.retrying_since")} AS retrying_since,
  ${iso("d.last_attempt_at")} AS last_attempt_at, d.last_status, d.last_error,
  ${iso("d.created_at")} AS created_at, ${iso("d.delivered_at")} AS delivered_at`;

/** Endpoints (columns prefixed with `alias`) taking an event of type `param`: enabled, and all types or this one. */
const takes = (param: string, alias = "") =>
  `${alias}disabled_at IS NULL AND (${alias}events IS NULL OR ${param} = ANY(${alias}events))`;

/** The oldest pending delivery of every lane (endpoint × integration). */
const headsSql = (t: Tables) => `
  SELECT DISTINCT ON (d.endpoint_id, d.lane) d.seq, d.endpoint_id, d.next_attempt_at, d.lease_until
  FROM ${t.webhookDeliveries} AS d WHERE d.status = 'pending'
  ORDER BY d.endpoint_id, d.lane, d.event_seq`;

/**
 * Appends events in the caller's transaction (see `WebhookOutbox.append`): one statement per
 * event inserts it (when an endpoint takes it and its id is new) and its deliveries.
 */
export async function appendEvents(query: Query, t: Tables, events: readonly OutboxEvent[]): Promise<void> {
  for (const { payload, integration_id, created_at } of events) {
    await query(
      `WITH ev AS (
         INSERT INTO ${t.webhookEvents} (id, type, body, created_at)
         SELECT $1, $2, $3, $4::timestamptz
         WHERE EXISTS (SELECT 1 FROM ${t.webhookEndpoints} WHERE ${takes("$2")})
         ON CONFLICT (id) DO NOTHING
         RETURNING seq
       )
       INSERT INTO ${t.webhookDeliveries} (id, event_seq, endpoint_id, lane, status, next_attempt_at, created_at)
       SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), ev.seq, e.id, $5, 'pending', $4::timestamptz, $4::timestamptz
       FROM ev CROSS JOIN ${t.webhookEndpoints} AS e WHERE ${takes("$2", "e.")}
       ORDER BY e.seq`,
      [payload.id, payload.type, JSON.stringify(payload), created_at, integration_id ?? ""],
    );
  }
}

/**
 * SQL recording a pending `data-changed` input of an integration's model (placeholders for the
 * integration id, model and time), run as part of `commitPage`'s statements.
 */
export function noteChangesSql(t: Tables, integration: string, model: string, at: string): string {
  return `INSERT INTO ${t.webhookChanges} (integration_id, model, since) VALUES (${integration}, ${model}, ${at})
    ON CONFLICT DO NOTHING`;
}

/**
 * Runs `work` in a transaction when `events` is given (then appending what `events` returns for
 * the work's result), as a single statement on the pool otherwise.
 */
export async function withEvents<T>(
  db: Db,
  t: Tables,
  events: OutboxEvents<T> | undefined,
  work: (query: Query) => Promise<T>,
): Promise<T> {
  if (!events) return work(db.query);
  return db.transaction(async (query) => {
    const result = await work(query);
    await appendEvents(query, t, events(result));
    return result;
  });
}

/** `WebhookOutbox` on the `webhook_*` tables; claims are serialised by a transaction advisory lock. */
export function createWebhookOutbox(db: Db, t: Tables, cipher: CredentialCipher): WebhookOutbox {
  const claimLock = `atsync:webhook-claim:${t.name}`;
  const getDelivery = async (query: Query, id: string): Promise<WebhookDelivery | null> => {
    const [row] = await query<WebhookDelivery>(
      `SELECT ${DELIVERY_COLUMNS} FROM ${t.webhookDeliveries} AS d
       JOIN ${t.webhookEvents} AS ev ON ev.seq = d.event_seq WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  };
  const dropOrphanEvents = (query: Query) =>
    query(
      `DELETE FROM ${t.webhookEvents} AS ev
       WHERE NOT EXISTS (SELECT 1 FROM ${t.webhookDeliveries} AS d WHERE d.event_seq = ev.seq)`,
    );
  const requeue = `status = 'pending', next_attempt_at = $1::timestamptz, retrying_since = NULL,
    delivered_at = NULL, lease = NULL, lease_until = NULL`;

  return {
    putEndpoint: async (endpoint, secret) => {
      if (secret === "") {
        throw inputInvalid("webhook endpoint", [{ path: "secret", message: "must not be empty" }]);
      }
      const [row] = await db.query<WebhookEndpoint>(
        `INSERT INTO ${t.webhookEndpoints} (id, url, events, secret, created_at, disabled_at, disabled_reason)
         VALUES ($1, $2, $3::text[], $4, $5::timestamptz, $6::timestamptz, $7)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, events = excluded.events, secret = excluded.secret
         RETURNING ${ENDPOINT_COLUMNS}`,
        [
          endpoint.id,
          endpoint.url,
          endpoint.events,
          sealWebhookSecret(cipher, endpoint.id, secret),
          endpoint.created_at,
          endpoint.disabled_at,
          endpoint.disabled_reason,
        ],
      );
      return row as WebhookEndpoint;
    },

    listEndpoints: () =>
      db.query<WebhookEndpoint>(
        `SELECT ${ENDPOINT_COLUMNS} FROM ${t.webhookEndpoints} ORDER BY created_at, seq`,
      ),

    getEndpoint: async (id) => {
      const [row] = await db.query<WebhookEndpoint>(
        `SELECT ${ENDPOINT_COLUMNS} FROM ${t.webhookEndpoints} WHERE id = $1`,
        [id],
      );
      return row ?? null;
    },

    setEndpointDisabled: async (id, disabled) => {
      const [row] = await db.query<WebhookEndpoint>(
        `UPDATE ${t.webhookEndpoints} SET disabled_at = $2::timestamptz, disabled_reason = $3
         WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
        [id, disabled?.at ?? null, disabled?.reason ?? null],
      );
      return row ?? null;
    },

    deleteEndpoint: (id) =>
      db.transaction(async (query) => {
        const rows = await query(`DELETE FROM ${t.webhookEndpoints} WHERE id = $1 RETURNING 1`, [id]);
        if (rows.length === 0) return false;
        await dropOrphanEvents(query);
        return true;
      }),

    append: (events) => db.transaction((query) => appendEvents(query, t, events)),

    takeChanges: (integrationId, events) =>
      db.transaction(async (query) => {
        const rows = await query<{ model: ModelKey }>(
          `DELETE FROM ${t.webhookChanges} WHERE integration_id = $1 RETURNING model`,
          [integrationId],
        );
        const taken = new Set(rows.map((r) => r.model));
        const models = MODEL_KEYS.filter((m) => taken.has(m));
        if (models.length > 0) await appendEvents(query, t, events(models));
        return models;
      }),

    changesPendingSince: async (before) => {
      const rows = await db.query<{ integration_id: string }>(
        `SELECT integration_id FROM ${t.webhookChanges} GROUP BY integration_id
         HAVING min(since) < $1::timestamptz ORDER BY min(since)`,
        [before],
      );
      return rows.map((r) => r.integration_id);
    },

    claim: (now, limit, leaseUntil) =>
      db.transaction(async (query) => {
        await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [claimLock]);
        const leased = await query<{ id: string; lease: string; url: string; secret: string; body: string }>(
          `WITH heads AS (${headsSql(t)}),
           picked AS (
             SELECT h.seq FROM heads AS h JOIN ${t.webhookEndpoints} AS e ON e.id = h.endpoint_id
             WHERE e.disabled_at IS NULL AND h.next_attempt_at <= $1::timestamptz
               AND (h.lease_until IS NULL OR h.lease_until <= $1::timestamptz)
             ORDER BY h.seq LIMIT $2
           )
           UPDATE ${t.webhookDeliveries} AS d
           SET lease = gen_random_uuid()::text, lease_until = $3::timestamptz
           FROM picked, ${t.webhookEndpoints} AS e, ${t.webhookEvents} AS ev
           WHERE d.seq = picked.seq AND e.id = d.endpoint_id AND ev.seq = d.event_seq
           RETURNING d.id, d.seq, d.lease, e.url, e.secret, ev.body`,
          [now, limit, leaseUntil],
        );
        const ordered = (leased as ((typeof leased)[number] & { seq: string })[]).sort(
          (a, b) => Number(a.seq) - Number(b.seq),
        );
        const out: ClaimedDelivery[] = [];
        for (const row of ordered) {
          const delivery = (await getDelivery(query, row.id)) as WebhookDelivery;
          out.push({
            delivery,
            lease: row.lease,
            url: row.url,
            secret: openWebhookSecret(cipher, delivery.endpoint_id, row.secret),
            body: row.body,
          });
        }
        return out;
      }),

    settle: (deliveryId, lease, outcome: DeliveryOutcome) =>
      db.transaction(async (query) => {
        const effect =
          outcome.result === "delivered"
            ? `status = 'delivered', delivered_at = $3::timestamptz, next_attempt_at = NULL,
               retrying_since = NULL, last_error = NULL`
            : outcome.result === "retry"
              ? `next_attempt_at = $6::timestamptz, retrying_since = coalesce(retrying_since, $3::timestamptz),
                 last_error = $5`
              : `status = 'dead', next_attempt_at = NULL, last_error = $5`;
        const rows = await query<{ endpoint_id: string }>(
          `UPDATE ${t.webhookDeliveries} SET attempts = attempts + 1, last_attempt_at = $3::timestamptz,
             last_status = $4::integer, lease = NULL, lease_until = NULL, ${effect}
           WHERE id = $1 AND lease = $2 RETURNING endpoint_id`,
          [
            deliveryId,
            lease,
            outcome.at,
            outcome.status,
            ...(outcome.result === "delivered" ? [] : [outcome.error]),
            ...(outcome.result === "retry" ? [outcome.next_attempt_at] : []),
          ],
        );
        const row = rows[0];
        if (!row) return false;
        if (outcome.result === "dead" && outcome.disable_endpoint) {
          await query(
            `UPDATE ${t.webhookEndpoints} SET disabled_at = $2::timestamptz, disabled_reason = $3 WHERE id = $1`,
            [row.endpoint_id, outcome.at, outcome.error],
          );
        }
        return true;
      }),

    nextDueAt: async () => {
      const [row] = await db.query<{ at: string | null }>(
        `SELECT ${iso("min(greatest(h.next_attempt_at, coalesce(h.lease_until, h.next_attempt_at)))")} AS at
         FROM (${headsSql(t)}) AS h JOIN ${t.webhookEndpoints} AS e ON e.id = h.endpoint_id
         WHERE e.disabled_at IS NULL`,
      );
      return row?.at ?? null;
    },

    listDeliveries: async (query: DeliveryQuery = {}): Promise<DeliveryPage> => {
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
        throw inputInvalid("delivery query", [
          { path: "limit", message: "must be an integer from 1 to 250" },
        ]);
      }
      let before: number | null = null;
      if (query.cursor) {
        const { seq } = decodeCursor(query.cursor);
        if (typeof seq !== "number") {
          throw inputInvalid("delivery query", [{ path: "cursor", message: "not a cursor of this list" }]);
        }
        before = seq;
      }
      const rows = await db.query<WebhookDelivery & { seq: string }>(
        `SELECT ${DELIVERY_COLUMNS}, d.seq FROM ${t.webhookDeliveries} AS d
         JOIN ${t.webhookEvents} AS ev ON ev.seq = d.event_seq
         WHERE ($1::bigint IS NULL OR d.seq < $1) AND ($2::text IS NULL OR d.endpoint_id = $2)
           AND ($3::text IS NULL OR d.status = $3) AND ($4::text IS NULL OR ev.id = $4)
           AND ($5::text IS NULL OR d.lane = $5)
         ORDER BY d.seq DESC LIMIT $6`,
        [
          before,
          query.endpoint_id ?? null,
          query.status ?? null,
          query.event_id ?? null,
          query.integration_id ?? null,
          limit + 1,
        ],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        results: page.map(({ seq: _seq, ...delivery }) => delivery),
        next: rows.length > limit && last ? encodeCursor({ seq: Number(last.seq) }) : null,
      };
    },

    getDelivery: (id) => getDelivery(db.query, id),

    redeliver: async (id, at) => {
      const rows = await db.query(`UPDATE ${t.webhookDeliveries} SET ${requeue} WHERE id = $2 RETURNING 1`, [
        at,
        id,
      ]);
      return rows.length === 0 ? null : getDelivery(db.query, id);
    },

    replayDead: async (at, endpointId) => {
      const rows = await db.query(
        `UPDATE ${t.webhookDeliveries} SET ${requeue}
         WHERE status = 'dead' AND ($2::text IS NULL OR endpoint_id = $2) RETURNING 1`,
        [at, endpointId ?? null],
      );
      return rows.length;
    },

    prune: (before) =>
      db.transaction(async (query) => {
        const rows = await query(
          `DELETE FROM ${t.webhookDeliveries} WHERE status = 'delivered' AND delivered_at < $1::timestamptz
           RETURNING 1`,
          [before],
        );
        if (rows.length > 0) await dropOrphanEvents(query);
        return rows.length;
      }),
  };
}
