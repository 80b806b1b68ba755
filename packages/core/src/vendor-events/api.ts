import type { Clock } from "../clock.js";
import type { ConnectorRegistry } from "../connector/registry.js";
import type { Logger } from "../logging.js";
import type { AtsyncStorage } from "../storage/storage.js";
import {
  type VendorEventDelivery,
  type VendorEventEndpoints,
  type VendorEventReceipt,
  VendorEventReceiver,
  type VendorEventToken,
} from "./receiver.js";
import type { RefreshRequests } from "./refresh-requests.js";

/** Host-facing vendor events (`atsync.vendorEvents`; docs/embedding.md, "Vendor events"). */
export class VendorEventsApi {
  private readonly receiver: VendorEventReceiver;

  constructor(
    private readonly storage: AtsyncStorage,
    connectors: ConnectorRegistry,
    clock: Clock,
    logger: Logger,
    private readonly refreshes: RefreshRequests,
    url: (path: string) => string,
  ) {
    this.receiver = new VendorEventReceiver(
      storage,
      connectors,
      clock,
      logger,
      (id) => refreshes.request(id),
      url,
    );
  }

  /**
   * Receives one pushed event (what `POST /vendor-events/{tool}/{routing key}` does): see
   * `VendorEventReceiver.receive` for the checks and errors. Resolves once the event is stored
   * and its refresh queued.
   */
  receive(delivery: VendorEventDelivery): Promise<VendorEventReceipt> {
    return this.receiver.receive(delivery);
  }

  /** The OAuth token endpoint of the `oauth` sender authentication (`…/oauth/token`). */
  issueToken(request: VendorEventDelivery): Promise<VendorEventToken> {
    return this.receiver.issueToken(request);
  }

  /** Where the integration's vendor sends its events, or null when its connector has none. */
  endpoints(integrationId: string): Promise<VendorEventEndpoints | null> {
    return this.receiver.endpoints(integrationId);
  }

  /** Resolves once every refresh requested in this process so far has ended (for tests and scripts). */
  idle(): Promise<void> {
    return this.refreshes.idle();
  }

  /**
   * Requests a refresh for every ACTIVE integration, so events stored before a restart (or whose
   * refresh could not be queued) are read; a refresh with nothing pending makes no vendor call.
   */
  async resume(): Promise<void> {
    for (const integration of await this.storage.integrations.list()) {
      if (integration.status !== "ACTIVE") continue;
      if ((await this.storage.vendorEvents.pending(integration.id, 1)).length === 0) continue;
      await this.refreshes.request(integration.id);
    }
  }
}
