import { fileInHand, MAX_ATTACHMENT_BYTES } from "../actions/attachment-files.js";
import type { PassthroughResult } from "../connector/session.js";
import { AtsyncError, inputInvalid, parseInput } from "../errors.js";
import { type PassthroughRequest, PassthroughRequestSchema } from "../model/actions.js";
import { formatBytes, type GuardedFetcher } from "../net/guarded-fetch.js";
import type { IntegrationRuntime } from "../runtime/integration-runtime.js";
import type { IntegrationStore } from "../storage/integrations.js";
import { requireIntegration } from "../storage/require-integration.js";

/** Headers a caller may not set: the connector injects authentication itself. */
const FORBIDDEN_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "host", "x-api-key"]);

/** An RFC 9110 header name (a token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters a header value must not hold (CR and LF would split the request; tab is allowed). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const HEADER_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Characters beyond Latin-1, which an HTTP/1.1 header cannot carry. */
const BEYOND_LATIN1 = /[^\t\u0020-\u00ff]/;

/** One problem per header a vendor request could not carry as given (name, then value). */
function headerIssues(headers: Record<string, string>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const path = `headers.${name}`;
    if (!HEADER_NAME.test(name))
      issues.push({ path, message: "is not a valid header name (RFC 9110 token)" });
    else if (FORBIDDEN_HEADERS.has(name.toLowerCase()))
      issues.push({ path, message: "is set by atsync; remove it" });
    else if (HEADER_CONTROL.test(value))
      issues.push({ path, message: "value must not contain control characters (CR, LF, NUL, …)" });
    else if (BEYOND_LATIN1.test(value))
      issues.push({
        path,
        message: "value must contain only Latin-1 characters (encode others, e.g. RFC 8187)",
      });
  }
  return issues;
}

/** Largest total of the files of one `multipart_form_data` body (inline or downloaded): 10 MiB. */
export const MAX_MULTIPART_FILE_BYTES = MAX_ATTACHMENT_BYTES;

/** What the request's `data` / `multipart_form_data` combination gets wrong, one issue each. */
function bodyIssues(request: PassthroughRequest): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (request.data !== undefined && request.method === "GET")
    issues.push({ path: "data", message: "must be absent for GET requests" });
  if (request.multipart_form_data === undefined) return issues;
  if (request.data !== undefined)
    issues.push({ path: "multipart_form_data", message: "must not be combined with data; send one body" });
  if (request.method === "GET")
    issues.push({ path: "multipart_form_data", message: "must be absent for GET requests" });
  for (const name of Object.keys(request.headers ?? {})) {
    if (name.toLowerCase() === "content-type")
      issues.push({
        path: `headers.${name}`,
        message: "is set by atsync for multipart_form_data (with its boundary); remove it",
      });
  }
  return issues;
}

/**
 * The `multipart/form-data` body of `parts`, in order: strings as text fields, files (decoded or
 * downloaded through `fetcher`, together at most `MAX_MULTIPART_FILE_BYTES`) as file parts with
 * their name and content type. Refusals are `PLATFORM.INPUT_INVALID` naming
 * `multipart_form_data.<i>.value.data` / `.data_url`.
 */
async function multipartBody(
  fetcher: GuardedFetcher,
  parts: NonNullable<PassthroughRequest["multipart_form_data"]>,
  signal: AbortSignal,
): Promise<FormData> {
  const form = new FormData();
  let budget = MAX_MULTIPART_FILE_BYTES;
  for (const [i, { name, value }] of parts.entries()) {
    if (typeof value === "string") {
      form.append(name, value);
      continue;
    }
    const where = { field: `multipart_form_data.${i}.value`, what: "passthrough request" };
    if (budget <= 0) {
      throw inputInvalid(where.what, [
        {
          path: where.field,
          message: `the files together are larger than ${formatBytes(MAX_MULTIPART_FILE_BYTES)}`,
        },
      ]);
    }
    const file = await fileInHand(fetcher, value, where, signal, budget);
    budget -= file.bytes.byteLength;
    form.append(name, new Blob([file.bytes], { type: file.content_type }), file.name);
  }
  return form;
}

/** Kombo's passthrough success envelope. */
export interface PassthroughResponse {
  /** Always `success`. */
  status: "success";
  /** The vendor's answer: assembled URL, status, headers, body. */
  data: PassthroughResult;
  /** Notes for the caller's logs. */
  warnings: { message: string }[];
}

/**
 * `POST /passthrough/{tool}/{api}` (Kombo's passthrough): forwards a path-only request to the
 * integration's own API base with auth injected by the connector. Refuses absolute URLs, `..`
 * escapes, auth headers, header names that are not tokens and values with control or non-Latin-1
 * characters (`PLATFORM.INPUT_INVALID` naming the header), a tool other than the integration's,
 * a disabled (`INTEGRATION.INACTIVE`) or invalid integration before any vendor call, and connectors
 * without the `passthrough` capability. `response_as_base64` answers the vendor body's bytes
 * base64-encoded in `data`; `api_options` go to the connector (`PassthroughCall.apiOptions`).
 * `multipart_form_data` becomes a `multipart/form-data` body (`PassthroughCall.form`): text
 * fields as given, files decoded or downloaded through the guarded fetcher (its SSRF rules; the
 * files together at most `MAX_MULTIPART_FILE_BYTES`). It is refused together with `data`, on a
 * GET, with a caller's `Content-Type` header, and for a part without a name; every refusal is
 * `PLATFORM.INPUT_INVALID` naming the field, and comes before any vendor call.
 */
export class PassthroughService {
  constructor(
    private readonly integrations: IntegrationStore,
    private readonly runtimeOf: (integrationId: string) => IntegrationRuntime,
    /** Downloads the `data_url` files of `multipart_form_data`. */
    private readonly fetcher: GuardedFetcher,
  ) {}

  /** Validates and forwards one request; the vendor's non-2xx answers are returned, not thrown. */
  async forward(
    integrationId: string,
    tool: string,
    api: string,
    body: unknown,
  ): Promise<PassthroughResponse> {
    const integration = await requireIntegration(this.integrations, integrationId, {
      enabled: true,
      valid: true,
    });
    if (tool !== integration.tool) {
      throw inputInvalid("passthrough request", [
        {
          path: "tool",
          message: `integration ${integrationId} is a ${integration.tool} integration, not ${tool}`,
        },
      ]);
    }
    const request = parseInput(PassthroughRequestSchema, body, "passthrough request");
    const issues = [...headerIssues(request.headers ?? {}), ...bodyIssues(request)];
    if (issues.length > 0) throw inputInvalid("passthrough request", issues);
    const runtime = this.runtimeOf(integrationId);
    const connector = await runtime.connector();
    const session = await runtime.session();
    if (!connector.capabilities.passthrough || !session.passthrough) {
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        `${connector.name} does not offer passthrough`,
      );
    }
    const form =
      request.multipart_form_data === undefined
        ? undefined
        : await multipartBody(this.fetcher, request.multipart_form_data, runtime.signal);
    const { body: bytes, ...answer } = await session.passthrough({
      api,
      method: request.method,
      path: request.path,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.params ? { params: request.params } : {}),
      ...(request.data === undefined ? {} : { data: request.data }),
      ...(form === undefined ? {} : { form }),
      ...(request.api_options ? { apiOptions: request.api_options } : {}),
    });
    if (!request.response_as_base64) return { status: "success", data: answer, warnings: [] };
    if (bytes === undefined) {
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        `${connector.name} passthrough cannot answer response_as_base64`,
      );
    }
    const data = { ...answer, data: Buffer.from(bytes).toString("base64") };
    return { status: "success", data, warnings: [] };
  }
}
