import { fetchRecords } from "../api/records.js";
import { SEARCH_PAGE_SIZE, searchPages, updatedSince } from "../api/search.js";
import { hiringTeamPersonIds } from "../decisions/hiring-team.js";
import { loginGroupFilter, USER_SOURCE_JOB_FIELDS } from "../decisions/users.js";
import { mapUser, USER_FIELDS } from "../mappers/users.js";
import { byId, checkCheckpoint, chunks, ID_CHECKPOINT, pagesOfIds } from "./checkpoint.js";
import type { ModelReader, ReaderDeps } from "./types.js";

/**
 * Reads users per the users decision: the person ids jobs reference as hiring team (job searches
 * + one GET per job for the four person-link fields) plus the members of the configured login
 * groups (person searches), then one `GET /people/{id}` per user, ascending. On deltas only jobs
 * and login-group members updated since count. Checkpoint: the page's last person id (a resumed
 * read collects the ids again and continues after it).
 */
export function usersReader(deps: ReaderDeps): ModelReader {
  const { client, settings } = deps;

  async function userIds(since: Date | null, signal: AbortSignal | undefined): Promise<string[]> {
    const ids = new Set<string>();
    const options = { signal };
    for await (const page of searchPages(client, "jobs", updatedSince("jobs", since), "0", options)) {
      const jobs = await fetchRecords(
        client,
        "jobs",
        page.rows.map((row) => row.id),
        { fields: USER_SOURCE_JOB_FIELDS, concurrency: settings.concurrency, signal },
      );
      for (const { json } of jobs) for (const id of hiringTeamPersonIds(json)) ids.add(id);
    }
    const members = loginGroupFilter(settings.loginGroupIds);
    if (members !== null) {
      for await (const page of searchPages(
        client,
        "people",
        [members, ...updatedSince("people", since)],
        "0",
        options,
      )) {
        for (const row of page.rows) ids.add(row.id);
      }
    }
    return [...ids].sort(byId);
  }

  return {
    async *read(request) {
      const after = Number(request.resume === null ? "0" : checkCheckpoint(request.resume, ID_CHECKPOINT));
      const ids = (await userIds(request.since, request.signal)).filter(
        (id) => Number(id) > after && (request.scope?.has(id) ?? true),
      );
      yield* pagesOfIds(ids, async (page) => {
        const people = await fetchRecords(client, "people", page, {
          fields: USER_FIELDS,
          concurrency: settings.concurrency,
          signal: request.signal,
        });
        return people.map(({ id, json }) => mapUser(id, json, request.windowEnd));
      });
    },
    async *listIds(request) {
      const ids = (await userIds(null, request.signal)).filter((id) => request.scope?.has(id) ?? true);
      for (const page of chunks(ids, SEARCH_PAGE_SIZE)) yield page;
    },
  };
}
