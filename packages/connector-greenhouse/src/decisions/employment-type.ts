import type { EmploymentType } from "@atsync/core/connector";

/**
 * Decision: Harvest jobs have no employment type attribute; Greenhouse ships a job custom field
 * `employment_type` (a single select of option names such as "Full-time", "Part-time",
 * "Contract", "Intern", "Temporary"), read here by name; other values → null.
 */
export function employmentTypeOf(optionName: unknown): EmploymentType | null {
  if (typeof optionName !== "string") return null;
  const key = optionName.toLowerCase().replace(/[^a-z]/g, "");
  const table: Record<string, EmploymentType> = {
    fulltime: "FULL_TIME",
    parttime: "PART_TIME",
    contract: "CONTRACT",
    contractor: "CONTRACT",
    intern: "INTERNSHIP",
    internship: "INTERNSHIP",
    temporary: "SEASONAL",
    seasonal: "SEASONAL",
  };
  return table[key] ?? null;
}
