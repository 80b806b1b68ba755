import type { GoneRecord, RemoteRecord } from "@atsync/core/connector";
import { mapPool } from "../api/pool.js";
import type { FetchedRecord } from "../api/records.js";
import { hasWorkflow, PERSON_FOLDER_FIELD, personKind } from "../decisions/candidates.js";
import type { IcimsClient } from "../http/client.js";
import { CANDIDATE_FIELDS, mapCandidate } from "../mappers/candidates.js";
import type { ProfileModel } from "./profile-reader.js";
import type { ReaderDeps, ReadRequest } from "./types.js";

/** Person fields of one candidates GET: the candidate's fields plus what classifies the person. */
const CANDIDATE_READ_FIELDS = [...CANDIDATE_FIELDS, PERSON_FOLDER_FIELD] as const;

/** `CANDIDATE_READ_FIELDS` plus the tenant's person custom fields (one Schema API call per session). */
export async function candidateReadFields(
  deps: ReaderDeps,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  return [...CANDIDATE_READ_FIELDS, ...(await deps.schemas.fields("people", signal)).custom];
}

/** Fetched people sorted by the candidates decision: candidates, gone markers, and the rest. */
export interface SortedPeople {
  /** People who are candidates. */
  candidates: FetchedRecord[];
  /** People iCIMS marks merged or purged. */
  gone: GoneRecord[];
  /** Ids of people who are not candidates (staff without an applicant workflow). */
  staff: string[];
}

/** Sorts fetched people per the candidates decision (one workflow search per staff person). */
export async function sortPeople(
  client: IcimsClient,
  people: readonly FetchedRecord[],
  options: { concurrency: number; signal: AbortSignal | undefined },
): Promise<SortedPeople> {
  const sorted: SortedPeople = { candidates: [], gone: [], staff: [] };
  const kinds = people.map((p) => ({ person: p, kind: personKind(p.id, p.json) }));
  const staff = kinds.filter((k) => k.kind.kind === "staff").map((k) => k.person);
  const applied = await mapPool(staff, options.concurrency, (p) =>
    hasWorkflow(client, p.id, { signal: options.signal }),
  );
  const applicants = new Set(staff.filter((_, i) => applied[i]).map((p) => p.id));
  for (const { person, kind } of kinds) {
    if (kind.kind === "gone") sorted.gone.push(kind.gone);
    else if (kind.kind === "candidate" || applicants.has(person.id)) sorted.candidates.push(person);
    else sorted.staff.push(person.id);
  }
  return sorted;
}

/**
 * The candidates read: people searches (or the tracked scope), one GET per person with the
 * tenant's person custom fields; each page's people sorted by the candidates decision —
 * candidates mapped (integration fields labelled with the schema's titles), merged and purged
 * people emitted as gone, staff left out.
 */
export function candidatesModel(deps: ReaderDeps): ProfileModel {
  const { client, settings } = deps;
  return {
    type: "people",
    fields: (signal) => candidateReadFields(deps, signal),
    pager: async (request: ReadRequest) => {
      const { labels } = await deps.schemas.fields("people", request.signal);
      return {
        async page(people) {
          const sorted = await sortPeople(client, people, {
            concurrency: settings.concurrency,
            signal: request.signal,
          });
          const records: RemoteRecord[] = sorted.candidates.map(({ id, json }) =>
            mapCandidate(id, json, request.windowEnd, labels),
          );
          return sorted.gone.length > 0 ? { records, gone: { candidates: sorted.gone } } : { records };
        },
      };
    },
  };
}
