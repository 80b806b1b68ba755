import type { PassthroughResult } from "../connector/session.js";
import type { IntegrationRuntime } from "../di/integration-runtime.js";
import { AtsyncError, inputInvalid, parseInput } from "../errors.js";
import { PassthroughRequestSchema } from "../model/actions.js";
import type { IntegrationStore } from "../storage/integrations.js";
import { requireIntegration } from "../storage/require-integration.js";

/** Headers a caller may not set: the connector injects authentication itself. */
const FORBIDDEN_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "host", "x-api-key"]);

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
 * `POST /passthrough/{tool}/{api}` (DESIGN.md §10): forwards a path-only request to the
 * integration's own API base with auth injected by the connector. Refuses absolute URLs, `..`
 * escapes, auth headers, a tool other than the integration's, and connectors without the
 * `passthrough` capability.
 */
export class PassthroughService {
  constructor(
    private readonly integrations: IntegrationStore,
    private readonly runtimeOf: (integrationId: string) => IntegrationRuntime,
  ) {}

  /** Validates and forwards one request; the vendor's non-2xx answers are returned, not thrown. */
  async forward(
    integrationId: string,
    tool: string,
    api: string,
    body: unknown,
  ): Promise<PassthroughResponse> {
    const integration = await requireIntegration(this.integrations, integrationId);
    if (tool !== integration.tool) {
      throw inputInvalid("passthrough request", [
        {
          path: "tool",
          message: `integration ${integrationId} is a ${integration.tool} integration, not ${tool}`,
        },
      ]);
    }
    const request = parseInput(PassthroughRequestSchema, body, "passthrough request");
    const forbidden = Object.keys(request.headers ?? {}).filter((h) =>
      FORBIDDEN_HEADERS.has(h.toLowerCase()),
    );
    if (forbidden.length > 0) {
      throw inputInvalid(
        "passthrough request",
        forbidden.map((h) => ({ path: `headers.${h}`, message: "is set by atsync; remove it" })),
      );
    }
    if (request.multipart_form_data !== undefined) {
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        "multipart_form_data passthrough is not supported yet",
      );
    }
    const runtime = this.runtimeOf(integrationId);
    const connector = await runtime.connector();
    const session = await runtime.session();
    if (!connector.capabilities.passthrough || !session.passthrough) {
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        `${connector.name} does not offer passthrough`,
      );
    }
    const data = await session.passthrough({
      api,
      method: request.method,
      path: request.path,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.params ? { params: request.params } : {}),
      ...(request.data === undefined ? {} : { data: request.data }),
    });
    return { status: "success", data, warnings: [] };
  }
}
