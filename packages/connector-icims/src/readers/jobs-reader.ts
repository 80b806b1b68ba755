import type { RemoteRecord } from "@atsync/core/connector";
import { fetchRecords } from "../api/records.js";
import { type SearchFilter, searchPages, updatedWithin } from "../api/search.js";
import { HIRING_TEAM_FIELD_IDS, hiringTeamOf, hiringTeamPersonIds } from "../decisions/hiring-team.js";
import { JOB_SCREENING_QUESTIONS_FIELD, jobQuestionsOf } from "../decisions/screening-questions.js";
import { loginGroupFilter } from "../decisions/users.js";
import { JOB_FIELDS, mapJob } from "../mappers/jobs.js";
import { mapUser } from "../mappers/users.js";
import { candidateReadFields } from "./candidates-reader.js";
import { byId } from "./checkpoint.js";
import type { ProfileModel, ProfilePager } from "./profile-reader.js";
import type { ReaderDeps, ReadRequest } from "./types.js";

/** Job fields of one job GET: everything the jobs and the models it feeds need. */
const JOB_READ_FIELDS = [
  ...new Set([...JOB_FIELDS, JOB_SCREENING_QUESTIONS_FIELD, ...HIRING_TEAM_FIELD_IDS]),
];

/**
 * The jobs read, which feeds job screening questions, the hiring team and users (read once, feed
 * many): one GET per job with every field those need and the tenant's job custom fields
 * (integration fields labelled with the Schema API's titles); per page, one `GET /people/{id}` for each
 * hiring-team person not yet read in this read. The read's last page adds the users found only by
 * person searches: members of the configured login groups (on deltas: those changed since) and,
 * on deltas, stored users whose profile changed since (a changed email reaches `users` in the next
 * delta even when no job of theirs changed).
 */
export function jobsModel(deps: ReaderDeps): ProfileModel {
  return {
    type: "jobs",
    fields: async (signal) => [...JOB_READ_FIELDS, ...(await deps.schemas.fields("jobs", signal)).custom],
    pager: async (request) =>
      jobsPager(deps, request, (await deps.schemas.fields("jobs", request.signal)).labels),
  };
}

/** The pager of one jobs read: remembers the users it read, so each is read once. */
function jobsPager(
  deps: ReaderDeps,
  request: ReadRequest,
  labels: ReadonlyMap<string, string>,
): ProfilePager {
  const { client, settings } = deps;
  const usersRead = new Set<string>();
  const readUsers = async (ids: Iterable<string>): Promise<RemoteRecord[]> => {
    const fresh = [...new Set(ids)].filter((id) => !usersRead.has(id)).sort(byId);
    if (fresh.length === 0) return [];
    for (const id of fresh) usersRead.add(id);
    // With the candidates' fields too: the candidates read then takes these instead of a GET.
    const people = await fetchRecords(client, "people", fresh, {
      fields: await candidateReadFields(deps, request.signal),
      concurrency: settings.concurrency,
      signal: request.signal,
    });
    deps.prefetched.put("people", people);
    return people.map(({ id, json }) => mapUser(id, json, request.windowEnd));
  };
  const personIds = async (filters: readonly SearchFilter[]): Promise<string[]> => {
    const ids: string[] = [];
    for await (const page of searchPages(client, "people", filters, "0", { signal: request.signal })) {
      ids.push(...page.rows.map((row) => row.id));
    }
    return ids;
  };
  return {
    async page(jobs) {
      const content = {
        records: jobs.map(({ id, json }) => mapJob(id, json, request.windowEnd, labels)),
        related: {
          job_screening_questions: jobs.flatMap(({ id, json }) => jobQuestionsOf(id, json)),
          job_hiring_team_members: jobs.flatMap(({ id, json }) => hiringTeamOf(id, json)),
          users: await readUsers(jobs.flatMap(({ json }) => hiringTeamPersonIds(json))),
        },
      };
      return { content, through: jobs.length, error: null };
    },
    async tail() {
      const since = updatedWithin("people", request.since);
      const ids: string[] = [];
      const members = loginGroupFilter(settings.loginGroupIds);
      if (members !== null) ids.push(...(await personIds([members, ...since])));
      if (request.since !== null && request.stored !== null) {
        const changed = (await personIds(since)).filter((id) => !usersRead.has(id));
        ids.push(...(await request.stored("users", changed)));
      }
      return ids.length === 0 ? null : { records: [], related: { users: await readUsers(ids) } };
    },
  };
}
