import { type Atsync, type IntegrationRecord, MODEL_KEYS, type ModelKey } from "@atsync/core";
import type { HttpResponseObservation } from "@atsync/core/http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** How old the per-model record counts may be before a scrape counts again. */
export const RECORD_COUNTS_MAX_AGE_MS = 30_000;

/** Options of `createServerMetrics`. */
export interface ServerMetricsOptions {
  /** The atsync instance whose events, budgets and storage are measured. */
  atsync: Atsync;
  /**
   * Whether this process exposes `atsync_records` (counted from storage, shared by all processes):
   * true for the processes serving the API, so a cluster reports each count once.
   */
  countRecords: boolean;
}

/** This process's Prometheus metrics (see the metrics list in docs/operations.md). */
export interface ServerMetrics {
  /** The `onResponse` hook of the API's HTTP handler: one latency observation per answer. */
  observeHttp(observation: HttpResponseObservation): void;
  /** Refreshes the gauges and renders every metric in Prometheus' text format. */
  render(): Promise<{ contentType: string; body: string }>;
  /** Unsubscribes from atsync's events. */
  detach(): void;
}

/** Counts of one integration's live records per model, and when they were taken. */
interface RecordCounts {
  at: number;
  rows: { integration: IntegrationRecord; model: ModelKey; count: number }[];
}

/**
 * Builds the metrics of one server process on a registry of its own: process defaults
 * (`process_*`, `nodejs_*`), sync outcomes from `sync-finished` events, vendor calls and quota from
 * the integrations' call budgets in this process, API latency by route template, and (with
 * `countRecords`) live records per model, counted at most every `RECORD_COUNTS_MAX_AGE_MS`.
 */
export function createServerMetrics({ atsync, countRecords }: ServerMetricsOptions): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const syncs = new Counter({
    name: "atsync_syncs_total",
    help: "Sync runs this process finished, by connector, sync type and final status",
    labelNames: ["tool", "type", "status"] as const,
    registers,
  });
  const syncSeconds = new Histogram({
    name: "atsync_sync_duration_seconds",
    help: "Duration of the sync runs this process finished",
    labelNames: ["tool", "type", "status"] as const,
    buckets: [1, 5, 15, 60, 300, 900, 3_600, 4 * 3_600, 24 * 3_600],
    registers,
  });
  const vendorCalls = new Gauge({
    name: "atsync_vendor_calls",
    help: "Vendor API calls this process made for an integration since it started (syncs, actions, passthrough)",
    labelNames: ["integration_id", "tool"] as const,
    registers,
  });
  const quotaRemaining = new Gauge({
    name: "atsync_vendor_quota_remaining",
    help: "Vendor calls left in the integration's current quota window, as last reported to this process",
    labelNames: ["integration_id", "tool"] as const,
    registers,
  });
  const quotaLimit = new Gauge({
    name: "atsync_vendor_quota_limit",
    help: "Vendor calls allowed per quota window for the integration, as last reported to this process",
    labelNames: ["integration_id", "tool"] as const,
    registers,
  });
  const records = countRecords
    ? new Gauge({
        name: "atsync_records",
        help: `Live (not deleted) records stored per integration and model, counted at most every ${RECORD_COUNTS_MAX_AGE_MS / 1000} s`,
        labelNames: ["integration_id", "tool", "model"] as const,
        registers,
      })
    : null;
  const httpSeconds = new Histogram({
    name: "atsync_http_request_duration_seconds",
    help: "Latency of the Kombo-compatible API's answers, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  const offFinished = atsync.events.on("sync-finished", async ({ data }) => {
    // The event does not carry the run's type; the run is stored before the event is emitted.
    const run = await atsync.storage.syncState.getRun(data.integration_id, data.sync_id);
    const labels = {
      tool: data.integration_tool,
      type: run?.type ?? "unknown",
      status: data.sync_state.toLowerCase(),
    };
    syncs.inc(labels);
    syncSeconds.observe(labels, data.sync_duration_seconds);
  });

  let counts: RecordCounts | null = null;
  let counting: Promise<RecordCounts> | null = null;
  const countNow = async (integrations: readonly IntegrationRecord[]): Promise<RecordCounts> => {
    const at = Date.now();
    const rows: RecordCounts["rows"] = [];
    for (const integration of integrations) {
      for (const model of MODEL_KEYS) {
        const count = await atsync.storage.records.count(integration.id, model);
        if (count > 0) rows.push({ integration, model, count });
      }
    }
    return { at, rows };
  };
  /** Fresh counts, or the ones being taken; one count at a time however many scrapes wait. */
  const recordCounts = (integrations: readonly IntegrationRecord[]): Promise<RecordCounts> => {
    if (counts && Date.now() - counts.at < RECORD_COUNTS_MAX_AGE_MS) return Promise.resolve(counts);
    counting ??= countNow(integrations)
      .then((taken) => {
        counts = taken;
        return taken;
      })
      .finally(() => {
        counting = null;
      });
    return counting;
  };

  const refresh = async (): Promise<void> => {
    const integrations = await atsync.storage.integrations.list();
    vendorCalls.reset();
    quotaRemaining.reset();
    quotaLimit.reset();
    for (const integration of integrations) {
      const { calls, remaining, limit } = atsync.quota(integration.id);
      const labels = { integration_id: integration.id, tool: integration.tool };
      // Integrations this process never called have nothing to report.
      if (calls > 0) vendorCalls.set(labels, calls);
      if (remaining !== null) quotaRemaining.set(labels, remaining);
      if (limit !== null) quotaLimit.set(labels, limit);
    }
    if (records) {
      const taken = await recordCounts(integrations);
      records.reset();
      for (const { integration, model, count } of taken.rows) {
        records.set({ integration_id: integration.id, tool: integration.tool, model }, count);
      }
    }
  };

  return {
    observeHttp: ({ method, route, status, durationMs }) => {
      httpSeconds.observe({ method, route: route ?? "unmatched", status: String(status) }, durationMs / 1000);
    },
    render: async () => {
      await refresh();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    detach: offFinished,
  };
}
