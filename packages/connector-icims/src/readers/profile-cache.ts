import type { Clock } from "@atsync/core/connector";
import type { FetchedRecord, ProfileType } from "../api/records.js";

/**
 * How long a prefetched profile may stand in for a GET: well below the 30-minute delta overlap, so
 * a change made after the prefetch is still inside the next delta's window.
 */
const MAX_AGE_MS = 10 * 60_000;

/**
 * Profiles one read fetched for another read of the same sync (read once, feed many across
 * models): the jobs read GETs hiring-team people with the candidate fields too, and the candidates
 * read takes them from here instead of GETting them again. Each entry is used at most once and
 * only within `MAX_AGE_MS`.
 */
export class ProfileCache {
  private readonly entries = new Map<string, { json: FetchedRecord["json"]; at: number }>();

  constructor(private readonly clock: Clock) {}

  /** Keeps fetched profiles of `type` for one later use. */
  put(type: ProfileType, records: readonly FetchedRecord[]): void {
    const at = this.clock.now().getTime();
    for (const { id, json } of records) this.entries.set(`${type}/${id}`, { json, at });
  }

  /** Removes and returns the fresh prefetched profiles among `ids` (others are left to a GET). */
  take(type: ProfileType, ids: readonly string[]): FetchedRecord[] {
    const now = this.clock.now().getTime();
    const out: FetchedRecord[] = [];
    for (const id of ids) {
      const key = `${type}/${id}`;
      const entry = this.entries.get(key);
      if (!entry) continue;
      this.entries.delete(key);
      if (now - entry.at <= MAX_AGE_MS) out.push({ id, json: entry.json });
    }
    for (const [key, entry] of this.entries) if (now - entry.at > MAX_AGE_MS) this.entries.delete(key);
    return out;
  }
}
