import type { GoneRecord, RemoteRecord } from "@atsync/core/connector";
import { mapPoolPrefix } from "../api/pool.js";
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

/** What `sortPeoplePrefix` sorted: the first `through` people, and why it stopped. */
export interface SortedPeoplePrefix {
  /** `people[0..through)` sorted. */
  sorted: SortedPeople;
  /** How many of the people, from the first, were sorted (all of them when `error` is null). */
  through: number;
  /** The failure of a workflow search that stopped the sort, or null. */
  error: unknown;
}

/**
 * Sorts fetched people per the candidates decision (one workflow search per staff person). A
 * failed search stops the sort before that person: the people before them are sorted, so a read
 * can keep them rather than pay for their GETs again (a sync stopped at its quota reserve).
 */
export async function sortPeoplePrefix(
  client: IcimsClient,
  people: readonly FetchedRecord[],
  options: {
    concurrency: number;
    signal: AbortSignal | undefined;
    /** Staff already searched (person id → has a workflow): no search again. */
    applied?: ReadonlyMap<string, boolean>;
  },
): Promise<SortedPeoplePrefix> {
  const kinds = people.map((p) => ({ person: p, kind: personKind(p.id, p.json) }));
  const staff = kinds.filter((k) => k.kind.kind === "staff").map((k) => k.person);
  const { results, error } = await mapPoolPrefix(
    staff,
    options.concurrency,
    async (p) => options.applied?.get(p.id) ?? (await hasWorkflow(client, p.id, { signal: options.signal })),
  );
  const applicants = new Set(staff.filter((_, i) => results[i]).map((p) => p.id));
  const unsorted = staff[results.length];
  const through = unsorted === undefined ? people.length : people.indexOf(unsorted);
  const sorted: SortedPeople = { candidates: [], gone: [], staff: [] };
  for (const { person, kind } of kinds.slice(0, through)) {
    if (kind.kind === "gone") sorted.gone.push(kind.gone);
    else if (kind.kind === "candidate" || applicants.has(person.id)) sorted.candidates.push(person);
    else sorted.staff.push(person.id);
  }
  return { sorted, through, error };
}

/** `sortPeoplePrefix` of every person, or its failure (nothing kept). */
export async function sortPeople(
  client: IcimsClient,
  people: readonly FetchedRecord[],
  options: { concurrency: number; signal: AbortSignal | undefined },
): Promise<SortedPeople> {
  const { sorted, error } = await sortPeoplePrefix(client, people, options);
  if (error !== null) throw error;
  return sorted;
}

/**
 * The candidates read: people searches (or the tracked scope), one GET per person with the
 * tenant's person custom fields; each page's people sorted by the candidates decision —
 * candidates mapped (integration fields labelled with the schema's titles), merged and purged
 * people emitted as gone, staff left out. A staff person's workflow search follows their GET at
 * once, so a read stopped at its quota reserve keeps every person it fetched.
 */
export function candidatesModel(deps: ReaderDeps): ProfileModel {
  const { client, settings } = deps;
  return {
    type: "people",
    fields: (signal) => candidateReadFields(deps, signal),
    pager: async (request: ReadRequest) => {
      const { labels } = await deps.schemas.fields("people", request.signal);
      /** Staff people this read fetched, searched as each GET answered: do they have a workflow? */
      const applied = new Map<string, boolean>();
      return {
        async prepare({ id, json }) {
          if (personKind(id, json).kind !== "staff") return;
          applied.set(id, await hasWorkflow(client, id, { signal: request.signal }));
        },
        async page(people) {
          const { sorted, through, error } = await sortPeoplePrefix(client, people, {
            concurrency: settings.concurrency,
            signal: request.signal,
            applied,
          });
          for (const { id } of people.slice(0, through)) applied.delete(id);
          const records: RemoteRecord[] = sorted.candidates.map(({ id, json }) =>
            mapCandidate(id, json, request.windowEnd, labels),
          );
          const content =
            sorted.gone.length > 0 ? { records, gone: { candidates: sorted.gone } } : { records };
          return { content, through, error };
        },
      };
    },
  };
}
