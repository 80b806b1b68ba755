import { z } from "zod";
import { inputInvalid, parseInput } from "../errors.js";

/**
 * Kombo's tool-specific application references (`@kombo-api/sdk`'s `PostAtsImportTrackedApplication`
 * variants) that name the vendor's application key directly. The SDK has no iCIMS variant: an
 * iCIMS applicant-workflow id goes in any of these, e.g. `{ "successfactors": { "id_type":
 * "application_remote_id", "application_remote_id": "100123" } }` through the SDK, or under the
 * key `icims` over plain HTTP. Variants that name no application (`candidate_and_job_remote_ids`,
 * `placement_id`) are refused.
 */
const ApplicationReference = z.discriminatedUnion("id_type", [
  z.object({ id_type: z.literal("application_remote_id"), application_remote_id: z.string().min(1) }),
  z.object({ id_type: z.literal("application_id"), application_id: z.string().min(1) }),
  z.object({
    id_type: z.literal("application_and_candidate_remote_ids"),
    application_remote_id: z.string().min(1),
    candidate_remote_id: z.string().min(1),
  }),
  z.object({
    id_type: z.literal("application_and_job_remote_ids"),
    application_remote_id: z.string().min(1),
    job_remote_id: z.string().min(1),
  }),
]);

/** The tool keys of Kombo's body (the SDK's) plus `icims`. */
export const IMPORT_TOOL_KEYS = [
  "icims",
  "erecruiter",
  "successfactors",
  "recruitee",
  "greenhouse",
  "greenhousev3",
  "onlyfy",
  "smartrecruiters",
] as const;

const trackedAt = z.iso.datetime({ offset: true }).nullable();

/** atsync's body of `POST /ats/import-tracked-application`: several vendor keys at once. */
export const AtsyncImportTrackedBody = z.strictObject({
  tracked_at: trackedAt,
  application_remote_ids: z.array(z.string().min(1)).min(1),
});

/** Kombo's body of `POST /ats/import-tracked-application`: `tracked_at` plus one tool key holding an `ApplicationReference`. */
export const KomboImportTrackedBody = z.strictObject({
  tracked_at: trackedAt,
  ...Object.fromEntries(IMPORT_TOOL_KEYS.map((key) => [key, ApplicationReference.optional()])),
});

/** What an import request asks for. */
export interface TrackedImport {
  /** Vendor keys of the applications to track. */
  remoteIds: string[];
  /** Kombo's `tracked_at` (null: now). */
  trackedAt: string | null;
  /** Kombo's reference as sent (`imported_id` of the answer), or null for atsync's form. */
  reference: Record<string, unknown> | null;
}

/** Parses either body; `PLATFORM.INPUT_INVALID` names the field (no or several tool keys: `body`). */
export function parseTrackedImport(body: unknown): TrackedImport {
  if (typeof body === "object" && body !== null && "application_remote_ids" in body) {
    const input = parseInput(AtsyncImportTrackedBody, body, "import request");
    return { remoteIds: input.application_remote_ids, trackedAt: input.tracked_at, reference: null };
  }
  const input = parseInput(KomboImportTrackedBody, body, "import request") as Record<string, unknown>;
  const trackedAt = (input["tracked_at"] as string | null) ?? null;
  const keys = IMPORT_TOOL_KEYS.filter((key) => input[key] !== undefined);
  if (keys.length !== 1) {
    throw inputInvalid("import request", [
      {
        path: "body",
        message: `needs exactly one of ${IMPORT_TOOL_KEYS.join(", ")} (or application_remote_ids)`,
      },
    ]);
  }
  const key = keys[0] as string;
  const ref = input[key] as z.infer<typeof ApplicationReference>;
  const remoteId = ref.id_type === "application_id" ? ref.application_id : ref.application_remote_id;
  return { remoteIds: [remoteId], trackedAt, reference: { [key]: ref } };
}
