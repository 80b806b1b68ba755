import type { CandidateInput, ContactType } from "@atsync/core/connector";

/** iCIMS phone type labels for the unified contact types (the primary number is "Mobile"). */
const PHONE_TYPE: Readonly<Record<ContactType, string>> = { PERSONAL: "Home", WORK: "Work", OTHER: "Mobile" };

/** Candidate members iCIMS has no standard field for; named in a warning when given. */
const UNWRITTEN = [
  "additional_email_addresses",
  "company",
  "title",
  "gender",
  "availability_date",
  "salary_expectations",
  "social_links",
] as const;

/**
 * The `POST /people` body of a new candidate: names, e-mail, phones (inline collection), and the
 * source (`source` list value and free-text `sourcename` both set to the integration's source
 * name; iCIMS warns about and drops a `source` not in its list). `extra` (the
 * `remote_fields.icims.person` escape hatch) is merged last. Addresses are written separately.
 */
export function personBody(
  candidate: CandidateInput,
  sourceName: string | null,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const phones = [
    ...(candidate.phone_number
      ? [{ phonetype: { value: "Mobile" }, phonenumber: candidate.phone_number }]
      : []),
    ...(candidate.additional_phone_numbers ?? []).map((p) => ({
      phonetype: { value: PHONE_TYPE[p.type] },
      phonenumber: p.phone_number,
    })),
  ];
  return {
    firstname: candidate.first_name,
    lastname: candidate.last_name,
    email: candidate.email_address,
    ...(phones.length > 0 ? { phones } : {}),
    ...(sourceName ? { source: sourceName, sourcename: sourceName } : {}),
    ...extra,
  };
}

/** The `addresses` collection entry of the candidate's location, or null without one. */
export function addressEntry(candidate: CandidateInput): Record<string, unknown> | null {
  const location = candidate.location;
  if (!location) return null;
  return {
    addresstype: { value: "Home" },
    ...(location.street_1 ? { addressstreet1: location.street_1 } : {}),
    ...(location.city ? { addresscity: location.city } : {}),
    ...(location.state ? { addressstate: { value: location.state } } : {}),
    ...(location.zip_code ? { addresszip: location.zip_code } : {}),
    addresscountry: { abbrev: location.country },
  };
}

/** The given candidate members iCIMS cannot store, for a warning. */
export function unwrittenMembers(candidate: CandidateInput): string[] {
  return UNWRITTEN.filter((key) => {
    const value = candidate[key];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  });
}
