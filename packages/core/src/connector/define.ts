import { z } from "zod";
import { AtsyncError } from "../errors.js";
import { isModelKey } from "../model/common.js";
import { MODELS } from "../model/registry.js";
import { ACTION_KEYS, type ConnectorDefinition } from "./definition.js";

/**
 * Checks a connector definition and returns it frozen. Throws `PLATFORM.INPUT_INVALID` listing
 * every inconsistency: bad slug, unknown model or field in coverage, a `fedBy` that is not a covered
 * model read on its own, `windowedRead` without `deltaSync` or on a model that is fed or feeds
 * others, unknown action, a secret path the credentials schema does not have, an empty connection
 * guide, a settings schema that `{}` does not satisfy, a `vendorEvents` capability without its
 * definition (or the reverse).
 */
export function defineConnector<Credentials, Settings = Record<string, never>>(
  definition: ConnectorDefinition<Credentials, Settings>,
): ConnectorDefinition<Credentials, Settings> {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9_-]*$/.test(definition.slug))
    problems.push(`slug "${definition.slug}" must be lowercase [a-z0-9_-]`);
  if (!definition.name) problems.push("name is empty");
  for (const [model, cov] of Object.entries(definition.coverage.models)) {
    if (!isModelKey(model)) {
      problems.push(`coverage.models: unknown model "${model}"`);
      continue;
    }
    const known = Object.keys(MODELS[model].schema.shape);
    for (const field of cov?.fields ?? []) {
      if (!known.includes(field)) problems.push(`coverage.models.${model}: unknown field "${field}"`);
    }
    const feeder = cov?.fedBy;
    if (feeder !== undefined) {
      const feederCoverage = (definition.coverage.models as Record<string, { fedBy?: string } | undefined>)[
        feeder
      ];
      if (feederCoverage === undefined || feederCoverage.fedBy !== undefined)
        problems.push(`coverage.models.${model}: fedBy "${feeder}" is not a covered model read on its own`);
    }
    if (cov?.windowedRead === true) {
      const feeds = Object.values(definition.coverage.models).some((c) => c?.fedBy === model);
      if (!definition.capabilities.deltaSync || feeder !== undefined || feeds)
        problems.push(
          `coverage.models.${model}: windowedRead needs deltaSync and a model that neither feeds nor is fed`,
        );
    }
    if (cov?.refreshMinutes !== undefined && !(cov.refreshMinutes > 0))
      problems.push(`coverage.models.${model}: refreshMinutes must be positive`);
  }
  for (const action of Object.keys(definition.coverage.actions)) {
    if (!(ACTION_KEYS as readonly string[]).includes(action))
      problems.push(`coverage.actions: unknown action "${action}"`);
  }
  const shape =
    definition.credentials instanceof z.ZodObject ? Object.keys(definition.credentials.shape) : null;
  for (const path of definition.secretPaths) {
    if (shape && !shape.includes(path)) problems.push(`secretPaths: "${path}" is not a credentials field`);
  }
  if ((definition.capabilities.vendorEvents === true) !== (definition.vendorEvents !== undefined))
    problems.push("vendorEvents: the capability flag and the vendorEvents definition go together");
  if (definition.connectionGuide.length === 0) problems.push("connectionGuide is empty");
  if (definition.settings && !definition.settings.safeParse({}).success)
    problems.push("settings: every member must be optional or have a default ({} must parse)");
  if (problems.length > 0) {
    throw new AtsyncError(
      "PLATFORM.INPUT_INVALID",
      `Invalid connector "${definition.slug}": ${problems.join("; ")}`,
    );
  }
  return Object.freeze(definition);
}
