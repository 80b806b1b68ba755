import { AtsyncError } from "../errors.js";
import type { ConnectorDefinition } from "./definition.js";

/** The connectors one atsync instance knows, by slug. */
export class ConnectorRegistry {
  private readonly bySlug = new Map<string, ConnectorDefinition<unknown>>();

  constructor(connectors: readonly ConnectorDefinition<unknown>[] = []) {
    for (const c of connectors) this.register(c);
  }

  /** Adds a connector; throws `PLATFORM.INPUT_INVALID` when its slug is taken. */
  register(connector: ConnectorDefinition<unknown>): void {
    if (this.bySlug.has(connector.slug)) {
      throw new AtsyncError("PLATFORM.INPUT_INVALID", `Connector "${connector.slug}" is registered twice`);
    }
    this.bySlug.set(connector.slug, connector);
  }

  /** The connector with this slug; throws `PLATFORM.INPUT_INVALID` naming the known slugs otherwise. */
  get(slug: string): ConnectorDefinition<unknown> {
    const c = this.bySlug.get(slug);
    if (!c) {
      throw new AtsyncError(
        "PLATFORM.INPUT_INVALID",
        `Unknown tool "${slug}"; registered: ${[...this.bySlug.keys()].join(", ") || "none"}`,
      );
    }
    return c;
  }

  /** All registered connectors, in registration order. */
  list(): ConnectorDefinition<unknown>[] {
    return [...this.bySlug.values()];
  }
}
