import { inputInvalid } from "../errors.js";
import type { ConnectorDefinition } from "./definition.js";

/**
 * An integration's connector settings (`IntegrationSettings.connector`) parsed with the
 * connector's `settings` schema, defaults applied: what `ConnectorDefinition.connect` gets. `{}`
 * for a connector without settings. Throws `PLATFORM.INPUT_INVALID` naming each bad member as
 * `connector.<member>`, or `connector` when the connector has no settings but some were given.
 */
export function parseConnectorSettings(
  connector: ConnectorDefinition<unknown, unknown>,
  settings: Record<string, unknown> | undefined,
): unknown {
  const given = settings ?? {};
  if (!connector.settings) {
    if (Object.keys(given).length === 0) return {};
    throw inputInvalid("settings", [
      { path: "connector", message: `${connector.name} has no connector settings` },
    ]);
  }
  const parsed = connector.settings.safeParse(given);
  if (parsed.success) return parsed.data;
  throw inputInvalid(
    "settings",
    parsed.error.issues.map((i) => ({
      path: ["connector", ...i.path.map(String)].join("."),
      message: i.message,
    })),
  );
}

/**
 * `current` with `patch` applied member by member: a member set to null returns to the
 * connector's default (is removed), others replace the current value.
 */
export function mergeConnectorSettings(
  current: Record<string, unknown> | undefined,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  // A Map, so a member named `__proto__` stays a member (and is refused by the schema).
  const merged = new Map(Object.entries(current ?? {}));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}
