import type { EndUser } from "./integrations.js";

/**
 * What a link opens: connecting a new integration (`POST /connect/create-link`), replacing an
 * integration's credentials (`POST /integrations/{id}/relink`) or editing its settings
 * (`POST /integrations/{id}/setup-link`).
 */
export type ConnectLinkKind = "connect" | "relink" | "setup";

/** One link of the connect flow, as stored: the token itself is never stored, only its hash. */
export interface ConnectLinkRecord {
  /** Lower-case hex SHA-256 of the token (the key of the link). */
  token_hash: string;
  /** What the link opens. */
  kind: ConnectLinkKind;
  /** Connector slug the link connects; null lets the end user choose (connect links only). */
  tool: string | null;
  /**
   * The integration the link is about: for relink and setup links the one it edits; for connect
   * links the one the completed flow created (null until then).
   */
  integration_id: string | null;
  /** The end user the link is bound to; a connect link's integration is created for them. */
  end_user: EndUser;
  /** ISO timestamp of creation. */
  created_at: string;
  /** ISO timestamp after which the link can no longer be used. */
  expires_at: string;
  /** ISO timestamp at which the link was claimed for completion (single use); null while open. */
  used_at: string | null;
}

/**
 * Links of the connect flow. Tokens are single-use: `claim` takes an open link exactly once
 * (also under concurrent calls); `release` reopens a claimed link whose flow failed.
 */
export interface ConnectLinkStore {
  /** Stores a new link. Throws `PLATFORM.INPUT_INVALID` when a link with its `token_hash` exists. */
  create(link: ConnectLinkRecord): Promise<void>;
  /** The link, or null when none has this hash (or it was pruned). */
  get(tokenHash: string): Promise<ConnectLinkRecord | null>;
  /**
   * Atomically sets `used_at = at` on the link when it is unused and `expires_at > at`, returning
   * it as updated; null (changing nothing) otherwise. Of concurrent claims at most one succeeds.
   */
  claim(tokenHash: string, at: string): Promise<ConnectLinkRecord | null>;
  /**
   * Reopens a link claimed at `claimedAt` (`used_at = null`) whose flow failed, unless it was
   * completed meanwhile (`complete` on a connect link). Other links are left unchanged.
   */
  release(tokenHash: string, claimedAt: string): Promise<void>;
  /** Records the integration a claimed connect link created (`integration_id`). */
  complete(tokenHash: string, integrationId: string): Promise<void>;
  /** Deletes links that expired before `before` (ISO); returns how many. */
  prune(before: string): Promise<number>;
}
