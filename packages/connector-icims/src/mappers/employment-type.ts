import type { EmploymentType } from "@atsync/core/connector";

const RULES: readonly [RegExp, EmploymentType][] = [
  [/\bintern(ship)?\b/i, "INTERNSHIP"],
  [/\bpart[\s-]?time\b/i, "PART_TIME"],
  [/\bfull[\s-]?time\b/i, "FULL_TIME"],
  [/\b(contract|contractor|freelance)\b/i, "CONTRACT"],
  [/\b(seasonal|temporary|temp)\b/i, "SEASONAL"],
];

/**
 * The employment type of a job's `positiontype` label ("Full-Time Regular" → FULL_TIME,
 * "Part-Time Regular" → PART_TIME, "Contract" → CONTRACT, "Temporary"/"Seasonal" → SEASONAL,
 * "Internship" → INTERNSHIP); null for any other label (the raw value stays in `remote_data`).
 */
export function employmentTypeOf(positionType: string | null): EmploymentType | null {
  if (positionType === null) return null;
  return RULES.find(([pattern]) => pattern.test(positionType))?.[1] ?? null;
}
