import type { CandidateInput, CreateApplicationInput } from "@atsync/core/connector";
import { harvestContactType } from "../decisions/contact-types.js";

/** Members of a create body Harvest has no place for, with what the caller is told. */
const NOT_STORED: [keyof CandidateInput, string][] = [
  ["gender", "gender"],
  ["availability_date", "availability_date"],
  ["salary_expectations", "salary_expectations"],
];

/**
 * The `POST /v3/candidates` body of a unified candidate (REFERENCE §6, decision 26): names,
 * company, title, the primary and additional e-mails and phones (types by
 * `harvestContactType`), the location as one `home` address, social links as social media
 * addresses. Members Harvest cannot store are listed in `warnings`.
 */
export function harvestCandidateBody(candidate: CandidateInput): {
  body: Record<string, unknown>;
  warnings: string[];
} {
  const warnings: string[] = [];
  const body: Record<string, unknown> = {
    first_name: candidate.first_name,
    last_name: candidate.last_name,
    email_addresses: [
      { value: candidate.email_address, type: harvestContactType.email("PRIMARY") },
      ...(candidate.additional_email_addresses ?? []).map((e) => ({
        value: e.email_address,
        type: harvestContactType.email(e.type),
      })),
    ],
  };
  if (candidate.company !== undefined && candidate.company.trim() !== "") body.company = candidate.company;
  if (candidate.title !== undefined && candidate.title.trim() !== "") body.title = candidate.title;
  const phones = [
    ...(candidate.phone_number
      ? [{ value: candidate.phone_number, type: harvestContactType.phone("PRIMARY") }]
      : []),
    ...(candidate.additional_phone_numbers ?? []).map((p) => ({
      value: p.phone_number,
      type: harvestContactType.phone(p.type),
    })),
  ].filter((p) => p.value.trim() !== "");
  if (phones.length > 0) body.phone_numbers = phones;
  if (candidate.location) {
    const l = candidate.location;
    const cityLine = [l.zip_code, l.city].filter(Boolean).join(" ");
    const value = [l.street_1, cityLine, l.state, l.country].filter(Boolean).join(", ");
    body.addresses = [{ value, type: "home" }];
  }
  if (candidate.social_links && candidate.social_links.length > 0)
    body.social_media_addresses = candidate.social_links.map((s) => ({ value: s.url }));
  for (const [key, label] of NOT_STORED) {
    if (candidate[key] !== undefined)
      warnings.push(`Greenhouse has no candidate field for ${label}; it was not stored`);
  }
  return { body, warnings };
}

/** Warnings for members of a create body (besides the candidate) the connector does not write. */
export function unwrittenMembers(
  body: Omit<CreateApplicationInput, "attachments" | "candidate" | "stage_id">,
): string[] {
  const warnings: string[] = [];
  if (body.screening_question_answers?.length)
    warnings.push(
      "Greenhouse's API does not take application answers; screening_question_answers were not stored",
    );
  if (body.gdpr_consent !== undefined)
    warnings.push("Greenhouse's API has no consent field; gdpr_consent was not stored");
  if (body.sourced_by !== undefined)
    warnings.push("Greenhouse's API has no sourcer field; sourced_by was not stored");
  if (body.remote_fields?.greenhouse !== undefined)
    warnings.push("remote_fields.greenhouse is not supported yet; it was ignored");
  return warnings;
}
