import { AtsyncError } from "../errors.js";
import type { ModelKey } from "../model/common.js";
import type { ActionKey, ConnectorDefinition } from "./definition.js";
import type { ConnectorSession, ReadOptions } from "./session.js";

/**
 * The session a connector opened, held to what its definition declares, so no connector has to
 * remember these rules itself: reads, listings and confirmations of a model the coverage does not
 * list, and reads with `since` without `deltaSync`, with `until` of a model without
 * `windowedRead` or with `scope` without `createdApplicationsOnly`, throw `INTEGRATION.MODEL_NOT_AVAILABLE`; only the actions coverage
 * marks supported are offered; `passthrough` is offered only with its capability. Core applies it
 * to every session it opens.
 */
export function enforceCapabilities(
  definition: ConnectorDefinition<unknown>,
  session: ConnectorSession,
): ConnectorSession {
  const { capabilities, coverage, name } = definition;
  const covered = (model: ModelKey): void => {
    if (coverage.models[model] === undefined)
      throw new AtsyncError("INTEGRATION.MODEL_NOT_AVAILABLE", `${name} does not provide ${model}`);
  };
  const readable = (model: ModelKey, options: ReadOptions): void => {
    covered(model);
    if (options.since !== undefined && !capabilities.deltaSync)
      throw new AtsyncError(
        "INTEGRATION.MODEL_NOT_AVAILABLE",
        `${name} cannot read only what changed since a time (no deltaSync capability)`,
      );
    if (options.until !== undefined && coverage.models[model]?.windowedRead !== true)
      throw new AtsyncError(
        "INTEGRATION.MODEL_NOT_AVAILABLE",
        `${name} cannot read ${model} in change-date windows (no windowedRead coverage)`,
      );
    if (options.scope !== undefined && !capabilities.createdApplicationsOnly)
      throw new AtsyncError(
        "INTEGRATION.MODEL_NOT_AVAILABLE",
        `${name} cannot scope reads to tracked records (no createdApplicationsOnly capability)`,
      );
  };
  const actions = Object.fromEntries(
    Object.entries(session.actions).filter(([key]) => coverage.actions[key as ActionKey]?.supported === true),
  ) as ConnectorSession["actions"];
  const { confirmGone, describeFields, passthrough, close } = session;
  return {
    check: () => session.check(),
    async *read(model, options = {}) {
      readable(model, options);
      yield* session.read(model, options);
    },
    async *listRemoteIds(model, options) {
      covered(model);
      yield* session.listRemoteIds(model, options);
    },
    ...(confirmGone
      ? {
          confirmGone: async (
            model: ModelKey,
            remoteIds: readonly string[],
            options?: { signal?: AbortSignal },
          ) => {
            covered(model);
            return confirmGone.call(session, model, remoteIds, options);
          },
        }
      : {}),
    ...(describeFields ? { describeFields: describeFields.bind(session) } : {}),
    actions,
    ...(passthrough && capabilities.passthrough ? { passthrough: passthrough.bind(session) } : {}),
    ...(close ? { close: () => close.call(session) } : {}),
  };
}
