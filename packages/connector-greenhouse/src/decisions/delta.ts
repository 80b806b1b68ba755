/**
 * Decision: how far delta reads overlap the previous read. Harvest filters `updated_at` at
 * millisecond precision on live data (no search cache is documented, REFERENCE §4), so the
 * overlap only has to cover clock skew between atsync and Greenhouse and writes committing while
 * a read runs: 5 minutes.
 */
export const DELTA_OVERLAP_MS = 5 * 60_000;
