import type { Clock } from "@atsync/core/connector";
import { binNamesByStatus, loadStatusTree, type StatusBin } from "../decisions/application-stages.js";
import type { IcimsClient } from "../http/client.js";

/** How long a loaded status tree serves applications' outcome mapping. */
const TREE_TTL_MS = 60 * 60_000;

/**
 * The session's copy of the status tree (bins and statuses), which the outcome decision needs for
 * every application. Loaded on first use and kept for an hour; reading application stages always
 * loads it fresh and refreshes the copy. Without a configured list id there is no tree.
 */
export class StatusBins {
  private names: Map<string, string | null> | null = null;
  private loadedAt = 0;

  constructor(
    private readonly client: IcimsClient,
    private readonly clock: Clock,
    private readonly statusListId: string | undefined,
  ) {}

  /** Loads the tree now (list calls) and keeps it; [] without a list id. */
  async load(signal: AbortSignal | undefined): Promise<StatusBin[]> {
    if (this.statusListId === undefined) return [];
    const tree = await loadStatusTree(this.client, this.statusListId, { signal });
    this.names = binNamesByStatus(tree);
    this.loadedAt = this.clock.now().getTime();
    return tree;
  }

  /** A lookup of a status's bin name (null when unknown), loading the tree when missing or stale. */
  async lookup(signal: AbortSignal | undefined): Promise<(statusId: string) => string | null> {
    const stale = this.clock.now().getTime() - this.loadedAt > TREE_TTL_MS;
    if (this.statusListId !== undefined && (this.names === null || stale)) await this.load(signal);
    const names = this.names;
    return (statusId) => names?.get(statusId) ?? null;
  }
}
