/** The stored result of a write action, replayed for a repeated `Idempotency-Key`. */
export interface ActionOutcome {
  /** HTTP-style status the action answered with. */
  status: number;
  /** The response body (JSON-serialisable). */
  body: unknown;
}

/** Answer of `ActionLedger.reserve`. */
export type ReserveResult =
  /** The key is new and now reserved for this request; run the action, then `complete` or `release`. */
  | { state: "reserved" }
  /** The key was used by an identical request that finished: replay `outcome`, do not call the vendor. */
  | { state: "completed"; outcome: ActionOutcome }
  /** An identical request with this key is still running. */
  | { state: "in_progress" }
  /** The key was used with a different request (fingerprint differs). */
  | { state: "mismatch" };

/** Idempotency keys of write actions, per integration. */
export interface ActionLedger {
  /**
   * Reserves `key` for a request with `fingerprint` (a hash of action + input), or reports what
   * the key already holds. Atomic: of two concurrent reserves of one key exactly one gets
   * `reserved`.
   */
  reserve(integrationId: string, key: string, fingerprint: string, at: string): Promise<ReserveResult>;
  /** Stores the outcome of a reserved key; later reserves with the same fingerprint replay it. */
  complete(integrationId: string, key: string, outcome: ActionOutcome): Promise<void>;
  /** Drops a reservation whose action failed in a way worth retrying, so the key can be used again. */
  release(integrationId: string, key: string): Promise<void>;
}
