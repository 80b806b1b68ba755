import { type ConnectLinkRecord, type ConnectLinkStore, inputInvalid } from "@atsync/core/storage";

/** `ConnectLinkStore` in memory; each method changes the map synchronously, so claims are atomic. */
export class MemoryConnectLinks implements ConnectLinkStore {
  private readonly links = new Map<string, ConnectLinkRecord>();

  /** Every stored link (token hashes only), for `MemoryStorage.dumpAtRest`. */
  dump(): ConnectLinkRecord[] {
    return [...this.links.values()];
  }

  async create(link: ConnectLinkRecord): Promise<void> {
    if (this.links.has(link.token_hash)) {
      throw inputInvalid("connect link", [{ path: "token_hash", message: "a link with this token exists" }]);
    }
    this.links.set(link.token_hash, structuredClone(link));
  }

  async get(tokenHash: string): Promise<ConnectLinkRecord | null> {
    const link = this.links.get(tokenHash);
    return link ? structuredClone(link) : null;
  }

  async claim(tokenHash: string, at: string): Promise<ConnectLinkRecord | null> {
    const link = this.links.get(tokenHash);
    if (!link || link.used_at !== null || Date.parse(link.expires_at) <= Date.parse(at)) return null;
    link.used_at = at;
    return structuredClone(link);
  }

  async release(tokenHash: string, claimedAt: string): Promise<void> {
    const link = this.links.get(tokenHash);
    const completed = link?.kind === "connect" && link.integration_id !== null;
    if (link && !completed && link.used_at === claimedAt) link.used_at = null;
  }

  async complete(tokenHash: string, integrationId: string): Promise<void> {
    const link = this.links.get(tokenHash);
    if (link) link.integration_id = integrationId;
  }

  async prune(before: string): Promise<number> {
    let pruned = 0;
    for (const [hash, link] of this.links) {
      if (Date.parse(link.expires_at) < Date.parse(before)) {
        this.links.delete(hash);
        pruned++;
      }
    }
    return pruned;
  }
}
