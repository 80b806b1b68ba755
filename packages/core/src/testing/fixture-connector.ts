import { z } from "zod";
import { defineConnector } from "../connector/define.js";
import type { ConnectorContext } from "../connector/definition.js";
import { toAtsyncError } from "../connector/http.js";
import { joinPassthroughPath } from "../connector/passthrough-path.js";
import type { ConnectorSession, RecordPage, RemoteRecord } from "../connector/session.js";
import { AtsyncError } from "../errors.js";
import type { ModelKey } from "../model/common.js";
import { FIXTURE_MODELS } from "./fixture-vendor.js";

/** Credentials of the fixture connector. */
export const FixtureCredentialsSchema = z.object({
  /** The fixture vendor's base URL. */
  baseUrl: z.url(),
  /** Its API key. */
  apiKey: z.string().min(1),
});

/** Settings of the fixture connector (`IntegrationSettings.connector`). */
export const FixtureSettingsSchema = z.strictObject({
  /** Records asked for per page (the vendor's own page size caps it); default: the vendor's. */
  pageSize: z.number().int().min(1).max(100).optional().meta({
    title: "Page size",
    description: "Records asked for per page, 1 to 100 (the vendor's page size caps it).",
  }),
});

const isFixtureModel = (model: ModelKey) => (FIXTURE_MODELS as readonly string[]).includes(model);

/**
 * A small connector for core's own tests and for connector authors to read: it talks to
 * `startFixtureVendor` over loopback HTTP, covers five models, one action and passthrough.
 */
export const fixtureConnector = defineConnector({
  slug: "fixture",
  name: "Fixture ATS",
  category: "ats",
  credentials: FixtureCredentialsSchema,
  secretPaths: ["apiKey"],
  settings: FixtureSettingsSchema,
  capabilities: { sourceWriting: false, createdApplicationsOnly: true, passthrough: true, deltaSync: true },
  coverage: {
    models: {
      users: { fields: ["first_name", "last_name", "email", "status"], cheapIdListing: true },
      application_stages: { fields: ["name", "index"], cheapIdListing: true },
      jobs: { fields: ["name", "status"], cheapIdListing: true },
      candidates: {
        fields: ["first_name", "last_name", "email_addresses", "confidential"],
        cheapIdListing: true,
      },
      applications: {
        fields: ["candidate_id", "job_id", "current_stage_id", "outcome"],
        cheapIdListing: true,
      },
    },
    actions: { create_application: { supported: true }, move_application_to_stage: { supported: true } },
  },
  connectionGuide: [{ title: "Copy the API key", body: "Settings → API → copy the key." }],
  prerequisites: [{ title: "API access", description: "The account needs API access enabled." }],
  connect: (ctx, credentials, settings) => new FixtureSession(ctx, credentials, settings),
});

class FixtureSession implements ConnectorSession {
  constructor(
    private readonly ctx: ConnectorContext,
    private readonly credentials: z.infer<typeof FixtureCredentialsSchema>,
    private readonly settings: z.infer<typeof FixtureSettingsSchema>,
  ) {}

  private async get<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    try {
      return await this.ctx.http
        .get(`${this.credentials.baseUrl}${path}`, {
          headers: { "x-api-key": this.credentials.apiKey },
          searchParams: params,
          signal: this.ctx.signal,
        })
        .json<T>();
    } catch (error) {
      throw toAtsyncError(error, { integrationId: this.ctx.integrationId, vendor: "Fixture ATS" });
    }
  }

  async check(): Promise<void> {
    await this.get("/ping");
  }

  async *read(
    model: ModelKey,
    options: { since?: Date; scope?: readonly string[]; resume?: string | null } = {},
  ): AsyncIterable<RecordPage> {
    if (!isFixtureModel(model)) {
      throw new AtsyncError("INTEGRATION.MODEL_NOT_AVAILABLE", `Fixture ATS does not provide ${model}`);
    }
    let after = options.resume ?? "";
    for (;;) {
      const params: Record<string, string> = { after };
      if (this.settings.pageSize !== undefined) params.limit = String(this.settings.pageSize);
      if (options.since) params.since = options.since.toISOString();
      if (options.scope) params.ids = options.scope.join(",");
      const page = await this.get<{ records: RemoteRecord[]; next_after: string | null }>(
        `/records/${model}`,
        params,
      );
      yield { records: page.records, checkpoint: page.next_after };
      if (page.next_after === null) return;
      after = page.next_after;
    }
  }

  async *listRemoteIds(
    model: ModelKey,
    options: { scope?: readonly string[] } = {},
  ): AsyncIterable<string[]> {
    if (!isFixtureModel(model)) {
      throw new AtsyncError("INTEGRATION.MODEL_NOT_AVAILABLE", `Fixture ATS does not provide ${model}`);
    }
    let after = "";
    for (;;) {
      const params: Record<string, string> = { after };
      if (options.scope) params.ids = options.scope.join(",");
      const page = await this.get<{ ids: string[]; next_after: string | null }>(`/ids/${model}`, params);
      yield page.ids;
      if (page.next_after === null) return;
      after = page.next_after;
    }
  }

  private async send<T>(method: "POST" | "PUT", path: string, json: unknown): Promise<T> {
    try {
      return await this.ctx
        .http(`${this.credentials.baseUrl}${path}`, {
          method,
          headers: { "x-api-key": this.credentials.apiKey },
          json,
          signal: this.ctx.signal,
        })
        .json<T>();
    } catch (error) {
      throw toAtsyncError(error, { integrationId: this.ctx.integrationId, vendor: "Fixture ATS" });
    }
  }

  readonly actions: ConnectorSession["actions"] = {
    create_application: async ({ body, job_remote_id }) => {
      const created = await this.send<{ candidate: RemoteRecord; application: RemoteRecord }>(
        "POST",
        "/applications",
        {
          job: job_remote_id,
          email: body.candidate.email_address,
          first_name: body.candidate.first_name,
          last_name: body.candidate.last_name,
        },
      );
      return {
        records: [
          { model: "candidates", record: created.candidate },
          { model: "applications", record: created.application },
        ],
        warnings: [],
      };
    },
    move_application_to_stage: async ({ application_remote_id, stage_remote_id }) => {
      const record = await this.send<RemoteRecord>(
        "PUT",
        `/applications/${encodeURIComponent(application_remote_id)}/stage`,
        { stage: stage_remote_id },
      );
      return { records: [{ model: "applications", record }], warnings: [] };
    },
  };

  async passthrough(call: Parameters<NonNullable<ConnectorSession["passthrough"]>>[0]) {
    const url = joinPassthroughPath(`${this.credentials.baseUrl}/raw`, call.path);
    for (const [k, v] of Object.entries(call.params ?? {})) url.searchParams.set(k, v);
    const response = await this.ctx.http(url, {
      method: call.method,
      headers: { ...call.headers, "x-api-key": this.credentials.apiKey },
      throwHttpErrors: false,
      retry: { limit: 0 },
      ...(call.form !== undefined
        ? { body: call.form }
        : call.data === undefined
          ? {}
          : typeof call.data === "string"
            ? { body: call.data }
            : { json: call.data }),
    });
    const { "set-cookie": _cookie, ...headers } = response.headers;
    let data: unknown = response.body;
    try {
      data = JSON.parse(response.body);
    } catch {
      // not JSON: keep the text
    }
    return {
      url: url.toString(),
      status: response.statusCode,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
      data,
      body: Buffer.from(response.body, "utf8"),
    };
  }
}
