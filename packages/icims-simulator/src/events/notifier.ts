import { createHash, createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { WriteChange } from "../data/write.js";
import { hash, saltOf, unit } from "../random.js";

/** How the simulator authenticates the event notifications it sends (the tenant's Event Notifications page). */
export type EventAuthOptions =
  /** No `Authorization` header. */
  | { mode: "none" }
  /** iCIMS' HMAC signature (`x-icims-v1-hmac-sha256`) with this key and user. */
  | { mode: "hmac"; secret: string; user?: string }
  /** `Authorization: Basic`. */
  | { mode: "basic"; username: string; password: string }
  /** OAuth client credentials: a token from `tokenUrl` (default `<url>/oauth/token`), cached until it expires. */
  | { mode: "oauth"; clientId: string; clientSecret: string; tokenUrl?: string };

/** Where and how the simulator pushes event notifications (`state.setEventNotifications`). */
export interface EventNotificationOptions {
  /** The receiver URL (http or https). */
  url: string;
  /** Sender authentication [none]. */
  auth?: EventAuthOptions;
  /** gzip the JSON body (`Content-Encoding: gzip`), as iCIMS does [true]. */
  gzip?: boolean;
  /** Share of events sent twice (the second copy right after the first is answered) [0]. */
  duplicateRate?: number;
  /**
   * Each delivery waits a random time below this (ms) before it is sent, so events close together
   * arrive out of order [0: in order].
   */
  reorderWindowMs?: number;
  /** Time before each delivery is sent (ms) [0]. */
  delayMs?: number;
  /** Time a delivery may take before it counts as failed (ms) [30,000, iCIMS' documented timeout]. */
  timeoutMs?: number;
  /** Further attempts of a delivery answered other than 2xx or not answered [2]. */
  retries?: number;
  /** Workflow statuses whose entry emits `WorkFlowStatusChangeEvent` (the tenant's trigger statuses) [every status]. */
  triggerStatuses?: readonly string[];
}

/** Counts of the notifier since it was configured. */
export interface EventDeliveryStats {
  /** Events emitted by data changes. */
  emitted: number;
  /** HTTP requests sent (attempts, duplicates included). */
  sent: number;
  /** Requests answered 2xx. */
  delivered: number;
  /** Events given up after every attempt. */
  failed: number;
  /** Extra copies sent (`duplicateRate`). */
  duplicates: number;
  /** Status of the last answer (0: none or no answer). */
  lastStatus: number;
  /** Emitted events by type. */
  byType: Record<string, number>;
}

/** An event the notifier sends: the iCIMS payload. */
export type EventPayload = Record<string, unknown>;

const EMPTY_STATS = (): EventDeliveryStats => ({
  emitted: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  duplicates: 0,
  lastStatus: 0,
  byType: {},
});

/**
 * The tenant's event notifications: turns stored changes into iCIMS events — a workflow status
 * change into `WorkFlowStatusChangeEvent`, a created workflow into `ApplicationCompletedEvent`, a
 * job added to / removed from a portal (`postedto`) into `JobPostToWebEvent` / `JobUnpostToWebEvent`
 * — and POSTs each to the configured URL (gzip JSON, `Link` header, authenticated), with optional
 * duplicates and out-of-order delivery. Sending never blocks or fails the write that caused it.
 */
export class EventNotifier {
  private options: EventNotificationOptions | null = null;
  private stats = EMPTY_STATS();
  private readonly inflight = new Set<Promise<void>>();
  private token: { value: string; expiresAt: number } | null = null;
  private counter = 0;

  constructor(
    private readonly customerId: number,
    private readonly apiBase: string,
    private readonly seed: number,
    private readonly portalUrl: (jobId: number, portal: string) => string,
  ) {}

  /** Configures (or with null, stops) notifications; resets the counters. Throws RangeError for invalid options. */
  configure(options: EventNotificationOptions | null): void {
    if (options) {
      const url = new URL(options.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new RangeError("url must be http(s)");
      const rate = options.duplicateRate ?? 0;
      if (!(rate >= 0 && rate <= 1)) throw new RangeError("duplicateRate must be in [0, 1]");
      for (const [name, v] of [
        ["reorderWindowMs", options.reorderWindowMs],
        ["delayMs", options.delayMs],
        ["timeoutMs", options.timeoutMs],
        ["retries", options.retries],
      ] as const) {
        if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be ≥ 0`);
      }
    }
    this.options = options ? { ...options } : null;
    this.stats = EMPTY_STATS();
    this.token = null;
  }

  /** Counters since the last `configure`. */
  snapshot(): EventDeliveryStats {
    return { ...this.stats, byType: { ...this.stats.byType } };
  }

  /** Resolves once every delivery started so far has ended. */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** `Writer.onChange` listener. */
  readonly listener = (change: WriteChange): void => {
    if (!this.options) return;
    for (const payload of this.eventsOf(change)) this.emit(payload);
  };

  /** The events one change causes. */
  private eventsOf({ type, before, after, ctx }: WriteChange): EventPayload[] {
    const base = { customerId: String(this.customerId), userId: String(ctx.actor) };
    const link = (rel: string, title: string, path: string) => ({
      rel,
      title,
      url: `${this.apiBase}${path}`,
    });
    if (type === "applicantworkflows") {
      const job = String(after.fields["baseprofile"] ?? "");
      const person = String(after.fields["associatedprofile"] ?? "");
      const links = [
        link("applicantWorkflow", "Applicant Workflow", `/applicantworkflows/${after.id}`),
        link("job", "Job Profile", `/jobs/${job}`),
        link("person", "Person Profile", `/people/${person}`),
      ];
      if (!before) {
        return [
          {
            ...base,
            systemId: String(after.id),
            eventType: "ApplicationCompletedEvent",
            returnUrl: `${this.apiBase}/applicantworkflows/${after.id}`,
            links,
          },
        ];
      }
      const status = after.fields["status"];
      const old = before.fields["status"];
      const triggers = this.options?.triggerStatuses;
      if (typeof status !== "string" || status === old) return [];
      if (triggers && !triggers.includes(status)) return [];
      return [
        {
          ...base,
          systemId: String(after.id),
          eventType: "WorkFlowStatusChangeEvent",
          newStatus: status,
          oldStatus: typeof old === "string" ? old : "",
          jobId: job,
          personId: person,
          links,
        },
      ];
    }
    if (type === "jobs") {
      const portals = (r: typeof after | undefined) =>
        new Set(Array.isArray(r?.fields["postedto"]) ? (r?.fields["postedto"] as string[]) : []);
      const was = portals(before);
      const now = portals(after);
      const out: EventPayload[] = [];
      for (const p of now) {
        if (!was.has(p))
          out.push({
            ...base,
            systemId: String(after.id),
            eventType: "JobPostToWebEvent",
            portalUrl: this.portalUrl(after.id, p),
          });
      }
      for (const p of was) {
        if (!now.has(p)) out.push({ ...base, systemId: String(after.id), eventType: "JobUnpostToWebEvent" });
      }
      return out;
    }
    return [];
  }

  private emit(payload: EventPayload): void {
    const options = this.options as EventNotificationOptions;
    const n = this.counter++;
    this.stats.emitted++;
    const type = String(payload["eventType"]);
    this.stats.byType[type] = (this.stats.byType[type] ?? 0) + 1;
    const duplicate = unit(hash(this.seed, saltOf("event-duplicate"), n)) < (options.duplicateRate ?? 0);
    const jitter = Math.floor(
      unit(hash(this.seed, saltOf("event-reorder"), n)) * (options.reorderWindowMs ?? 0),
    );
    const task = (async () => {
      await sleep((options.delayMs ?? 0) + jitter);
      await this.deliver(options, payload);
      if (duplicate) {
        this.stats.duplicates++;
        await this.deliver(options, payload);
      }
    })().catch(() => undefined);
    this.inflight.add(task);
    void task.finally(() => this.inflight.delete(task));
  }

  /** Sends one event with retries; counts the outcome. */
  private async deliver(options: EventNotificationOptions, payload: EventPayload): Promise<void> {
    const attempts = 1 + (options.retries ?? 2);
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (this.options !== options) return;
      this.stats.sent++;
      const status = await this.send(options, payload).catch(() => 0);
      this.stats.lastStatus = status;
      if (status >= 200 && status < 300) {
        this.stats.delivered++;
        return;
      }
      if (status === 401 && options.auth?.mode === "oauth") this.token = null;
      if (status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429) break;
      await sleep(200 * 2 ** attempt);
    }
    this.stats.failed++;
  }

  /** One POST of an event; resolves with the answer's status. */
  private async send(options: EventNotificationOptions, payload: EventPayload): Promise<number> {
    const json = Buffer.from(JSON.stringify(payload), "utf8");
    const gzip = options.gzip ?? true;
    const body = gzip ? gzipSync(json) : json;
    const url = new URL(options.url);
    const links = Array.isArray(payload["links"])
      ? (payload["links"] as { rel: string; title: string; url: string }[])
      : [];
    const headers: Record<string, string> = {
      "content-type": "application/json",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
      ...(links.length > 0
        ? { link: links.map((l) => `<${l.url}>;rel="${l.rel}";title="${l.title}"`).join(",") }
        : {}),
    };
    const auth = options.auth ?? { mode: "none" };
    if (auth.mode === "basic") {
      headers["authorization"] =
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
    } else if (auth.mode === "oauth") {
      headers["authorization"] = `Bearer ${await this.bearer(options, auth)}`;
    } else if (auth.mode === "hmac") {
      headers["x-icims-date"] = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      headers["x-icims-content-sha256"] = createHash("sha256").update(body).digest("hex");
      headers["authorization"] = signHmac("POST", url, { ...headers, host: url.host }, auth);
    }
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  }

  /** The cached bearer token of the `oauth` mode, fetched from the receiver's token endpoint when needed. */
  private async bearer(
    options: EventNotificationOptions,
    auth: Extract<EventAuthOptions, { mode: "oauth" }>,
  ): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 30_000) return this.token.value;
    const tokenUrl = auth.tokenUrl ?? `${options.url.replace(/\/+$/, "")}/oauth/token`;
    const response = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: auth.clientId,
        client_secret: auth.clientSecret,
      }).toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const answer = (await response.json().catch(() => null)) as {
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    if (!response.ok || typeof answer?.access_token !== "string")
      throw new Error(`token request answered ${response.status}`);
    const ttl = typeof answer.expires_in === "number" ? answer.expires_in : 3600;
    this.token = { value: answer.access_token, expiresAt: Date.now() + ttl * 1000 };
    return this.token.value;
  }
}

/**
 * iCIMS' HMAC `Authorization` header over the request (REFERENCE §1.2): signed headers
 * content-type, host, x-icims-content-sha256 and x-icims-date.
 */
export function signHmac(
  method: string,
  url: URL,
  headers: Record<string, string>,
  auth: { secret: string; user?: string },
): string {
  const names = ["content-type", "host", "x-icims-content-sha256", "x-icims-date"];
  const canonical = [
    method,
    url.pathname,
    url.search.replace(/^\?/, ""),
    names.map((n) => `${n}:${(headers[n] ?? "").trim()}`).join("\n"),
    "",
    names.join(";"),
  ].join("\n");
  const sts = ["x-icims-v1-hmac-sha256", headers["x-icims-date"] ?? "", sha256(canonical)].join("\n");
  const signature = createHmac("sha256", auth.secret).update(sts).digest("hex");
  return `x-icims-v1-hmac-sha256 user=${auth.user ?? ""}, signedheaders=${names.join(";")}, signature=${signature}`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
