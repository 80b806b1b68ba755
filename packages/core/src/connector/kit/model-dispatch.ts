import { AtsyncError } from "../../errors.js";
import type { ModelKey } from "../../model/common.js";

/**
 * A per-model lookup of a connector's readers (or any per-model handler): `dispatch(model)`
 * returns the handler registered for the model, or throws `INTEGRATION.MODEL_NOT_AVAILABLE`
 * ("<vendor> does not provide <model>") for a model without one, so read, listing and
 * confirmation paths refuse uncovered models the same way.
 */
export type ModelDispatch<Handler> = (model: ModelKey) => Handler;

/** Builds a `ModelDispatch` over `handlers`; `vendor` is the display name used in the refusal. */
export function modelDispatch<Handler>(
  vendor: string,
  handlers: Partial<Record<ModelKey, Handler>>,
): ModelDispatch<Handler> {
  return (model) => {
    const handler = Object.hasOwn(handlers, model) ? handlers[model] : undefined;
    if (handler === undefined)
      throw new AtsyncError("INTEGRATION.MODEL_NOT_AVAILABLE", `${vendor} does not provide ${model}`);
    return handler;
  };
}
