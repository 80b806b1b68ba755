import { z } from "zod";
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

/**
 * Connector settings found inside stored credentials: integrations connected before their
 * connector had a settings schema kept members such as iCIMS' `statusListId` or `portals` with
 * the credentials. Returns the members of the connector's settings schema that `credentials` holds
 * and its credentials schema does not define (`{}` when there are none), so they keep applying;
 * `settings.connector` overrides them.
 */
export function settingsInCredentials(
  connector: ConnectorDefinition<unknown, unknown>,
  credentials: unknown,
): Record<string, unknown> {
  if (!(connector.settings instanceof z.ZodObject) || typeof credentials !== "object" || credentials === null)
    return {};
  const credentialKeys =
    connector.credentials instanceof z.ZodObject
      ? new Set(Object.keys(connector.credentials.shape))
      : new Set();
  const settingKeys = new Set(Object.keys(connector.settings.shape));
  return Object.fromEntries(
    Object.entries(credentials).filter(([key]) => settingKeys.has(key) && !credentialKeys.has(key)),
  );
}
