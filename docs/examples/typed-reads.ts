/**
 * What a strict TypeScript host gets from atsync's readers: every `list`/`get` result is typed with
 * Kombo's read shape (`JobResult`, `CandidateResult`, `ApplicationResult`, … — the unified model's
 * fields inferred from its zod schema plus the nested members), and queries are checked against
 * each endpoint's parameters. Compile-only: type-checked in this repository and, against the
 * published packages, by `scripts/consumer-check.mjs` (which fails if a result type degrades to
 * `any` or `unknown`).
 */
import type {
  ApplicationResult,
  ApplicationStageResult,
  AtsApi,
  CandidateResult,
  JobResult,
  UserResult,
} from "@atsync/core";

/** One line per open job: its name, stages in order and hiring team. */
export async function openJobsReport(ats: AtsApi): Promise<string[]> {
  const page = await ats.jobs.list({ statuses: ["OPEN"], page_size: 50 });
  return page.results.map((job) => {
    const stages = job.stages.map((stage) => stage.name ?? "?").join(" → ");
    const team = job.hiring_team.map(
      (member) => `${member.first_name} (${member.hiring_team_roles.join("/")})`,
    );
    return `${job.name ?? job.id} [${stages}] ${team.join(", ")}`;
  });
}

/** Where a candidate's applications stand, found by email address. */
export async function applicationsOf(ats: AtsApi, email: string): Promise<string[]> {
  const [candidate] = (await ats.candidates.list({ email })).results;
  if (!candidate) return [];
  return candidate.applications.map(
    (application) =>
      `${application.job?.name ?? "?"}: ${application.current_stage?.name ?? application.outcome}`,
  );
}

/** The candidate's first email address of one application, read by id. */
export async function contactOf(ats: AtsApi, applicationId: string): Promise<string | null> {
  const application = await ats.applications.get(applicationId);
  return application?.candidate?.email_addresses?.[0]?.email_address ?? null;
}

/** True when `A` and `B` are the same type (and neither is `any`). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type ResultOf<Reader extends { get(id: string): Promise<unknown> }> = NonNullable<
  Awaited<ReturnType<Reader["get"]>>
>;
type PageItem<Reader extends { list(): Promise<{ results: unknown[] }> }> = Awaited<
  ReturnType<Reader["list"]>
>["results"][number];

/** Fails to compile when a reader's result type is not the named read shape. */
export const READ_TYPES_ARE_EXACT: [
  Equal<PageItem<AtsApi["jobs"]>, JobResult>,
  Equal<ResultOf<AtsApi["candidates"]>, CandidateResult>,
  Equal<PageItem<AtsApi["applications"]>, ApplicationResult>,
  Equal<ResultOf<AtsApi["applicationStages"]>, ApplicationStageResult>,
  Equal<PageItem<AtsApi["users"]>, UserResult>,
  Equal<JobResult["stages"][number]["name"], string | null>,
] = [true, true, true, true, true, true];
