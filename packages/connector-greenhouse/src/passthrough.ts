import {
  inputInvalid,
  joinPassthroughPath,
  type PassthroughCall,
  type PassthroughResult,
  passthroughRequestHeaders,
  passthroughResult,
} from "@atsync/core/connector";
import type { HarvestClient } from "./http/client.js";

/**
 * Forwards a path-only request to the Harvest v3 base (api `default`, the only one) with the
 * session's bearer token. Paths that are URLs or escape the base are refused
 * (`PLATFORM.INPUT_INVALID`, by `joinPassthroughPath`); vendor error statuses are returned, not
 * thrown. No `api_options` are honoured.
 */
export async function forwardPassthrough(
  client: HarvestClient,
  call: PassthroughCall,
  signal: AbortSignal,
): Promise<PassthroughResult> {
  if (call.api !== "default")
    throw inputInvalid("passthrough request", [
      { path: "api", message: 'Greenhouse has one API: "default"' },
    ]);
  const options = Object.keys(call.apiOptions ?? {});
  if (options.length > 0)
    throw inputInvalid(
      "passthrough request",
      options.map((key) => ({
        path: `api_options.${key}`,
        message: "Greenhouse passthrough honours no api_options",
      })),
    );
  const url = joinPassthroughPath(client.base, call.path);
  for (const [key, value] of Object.entries(call.params ?? {})) url.searchParams.set(key, value);
  const body =
    call.data === undefined ? {} : typeof call.data === "string" ? { body: call.data } : { json: call.data };
  const response = await client.raw(
    url,
    { method: call.method, headers: passthroughRequestHeaders(call.headers), ...body },
    signal,
  );
  return passthroughResult(url, response);
}
