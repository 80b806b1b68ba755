import {
  inputInvalid,
  joinPassthroughPath,
  type PassthroughCall,
  type PassthroughResult,
  passthroughRequestHeaders,
  passthroughResult,
} from "@atsync/core/connector";
import type { IcimsClient } from "./http/client.js";

/**
 * Forwards a path-only request to the tenant's API base (`https://<host>/customers/{customerId}`;
 * api `default`, the only one iCIMS has) with authentication injected. Paths that are URLs or
 * escape the base are refused (`PLATFORM.INPUT_INVALID`); vendor error statuses are returned, not
 * thrown. JSON answers are parsed, others returned as text (the bytes too, for
 * `response_as_base64`). A `form` goes as a `multipart/form-data` body (its boundary in the
 * `Content-Type` the encoder sets), e.g. a resume `PATCH …/fields/resume/binary`. iCIMS' adapter
 * has no options: any `api_options` key is refused.
 */
export async function forwardPassthrough(
  client: IcimsClient,
  call: PassthroughCall,
  signal: AbortSignal,
): Promise<PassthroughResult> {
  if (call.api !== "default") {
    throw inputInvalid("passthrough request", [{ path: "api", message: 'iCIMS has one API: "default"' }]);
  }
  const options = Object.keys(call.apiOptions ?? {});
  if (options.length > 0) {
    throw inputInvalid(
      "passthrough request",
      options.map((key) => ({
        path: `api_options.${key}`,
        message: "iCIMS passthrough honours no api_options",
      })),
    );
  }
  const url = joinPassthroughPath(client.base, call.path);
  for (const [key, value] of Object.entries(call.params ?? {})) url.searchParams.set(key, value);
  const headers = passthroughRequestHeaders(call.headers);
  const body =
    call.form !== undefined
      ? { body: call.form }
      : call.data === undefined
        ? {}
        : typeof call.data === "string"
          ? { body: call.data }
          : { json: call.data };
  const response = await client.raw(url, { method: call.method, headers, ...body }, signal);
  return passthroughResult(url, response);
}
