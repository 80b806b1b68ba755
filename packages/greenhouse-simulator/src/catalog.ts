/** The fixed, small lists every generated tenant shares (names, stages, reasons, custom fields). */

export const FIRST_NAMES = [
  "Ada",
  "Bilal",
  "Chen",
  "Dana",
  "Emeka",
  "Farah",
  "Goran",
  "Hana",
  "Ivan",
  "Jia",
  "Kofi",
  "Lena",
  "Mateo",
  "Nadia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Umar",
  "Vera",
  "Wei",
  "Yara",
] as const;

export const LAST_NAMES = [
  "Okafor",
  "Lindqvist",
  "Nakamura",
  "Fernandes",
  "Kowalski",
  "Haddad",
  "Brennan",
  "Moreau",
  "Ivanova",
  "Mensah",
  "Schmidt",
  "Castillo",
  "Novak",
  "Rahman",
  "Petrov",
  "Silva",
  "Tanaka",
  "Walsh",
] as const;

export const JOB_TITLES = [
  "Backend Engineer",
  "Product Designer",
  "Data Analyst",
  "Account Executive",
  "Recruiter",
  "Site Reliability Engineer",
  "Marketing Manager",
  "Customer Success Manager",
  "Finance Associate",
  "Engineering Manager",
  "Support Specialist",
  "Legal Counsel",
] as const;

export const CITIES = ["New York, NY", "Berlin", "London", "Toronto, ON", "Lisbon", "Remote"] as const;

/** Departments: `[name, parent index or null]`. */
export const DEPARTMENTS: readonly (readonly [string, number | null])[] = [
  ["Engineering", null],
  ["Platform", 0],
  ["Product", null],
  ["Sales", null],
  ["Marketing", null],
  ["Customer Success", null],
  ["Finance", null],
  ["Legal", null],
];

/** Offices: `[name, location]`. */
export const OFFICES: readonly (readonly [string, string])[] = [
  ["New York", "New York, NY, United States"],
  ["Berlin", "Berlin, Germany"],
  ["London", "London, United Kingdom"],
  ["Toronto", "Toronto, ON, Canada"],
  ["Lisbon", "Lisbon, Portugal"],
  ["Remote", "Anywhere"],
];

/** Rejection reasons: `[name, type key, type name]`. */
export const REJECTION_REASONS: readonly (readonly [string, string, string])[] = [
  ["Lacking skill(s)/qualification(s)", "we_rejected_them", "We rejected them"],
  ["Not a culture add", "we_rejected_them", "We rejected them"],
  ["Compensation expectations", "we_rejected_them", "We rejected them"],
  ["Position filled", "none_specified", "None specified"],
  ["Accepted another offer", "they_rejected_us", "They rejected us"],
  ["Withdrew application", "they_rejected_us", "They rejected us"],
  ["Did not respond", "none_specified", "None specified"],
  ["Location mismatch", "we_rejected_them", "We rejected them"],
];

/** Sources: `[name, type name]`. */
export const SOURCES: readonly (readonly [string, string])[] = [
  ["LinkedIn", "Social media"],
  ["Company careers page", "Company marketing"],
  ["Employee referral", "Referral"],
  ["Indeed", "Job board"],
  ["Agency: TalentCo", "Agency"],
  ["Meetup", "Event"],
  ["Sourced by recruiter", "Prospecting"],
  ["Other", "Other"],
];

export const CANDIDATE_TAGS = [
  "Silver Medalist",
  "Referral",
  "Relocation",
  "Visa Sponsorship",
  "Diversity Event",
  "Boomerang",
  "Campus",
  "Veteran",
  "Do Not Contact",
  "Top Talent",
] as const;

/** Stage templates; a job uses template `jobIndex % STAGE_TEMPLATES.length` (different lengths). */
export const STAGE_TEMPLATES: readonly (readonly string[])[] = [
  ["Application Review", "Recruiter Screen", "Onsite", "Offer"],
  ["Application Review", "Phone Screen", "Take Home Test", "Final Interview", "Offer"],
  [
    "Application Review",
    "Recruiter Screen",
    "Hiring Manager Screen",
    "Technical Interview",
    "Panel",
    "Offer",
  ],
  [
    "Application Review",
    "Portfolio Review",
    "Phone Screen",
    "Design Exercise",
    "Onsite",
    "References",
    "Offer",
  ],
];

/** Most stages any template has; stage slots per job. */
export const MAX_STAGES = 8;

/** A custom field definition of the generated tenant. */
export interface CustomFieldDefinition {
  /** Field id (also the first option id × 100 base, see `optionId`). */
  readonly id: number;
  readonly name: string;
  readonly nameKey: string;
  readonly fieldType: "job" | "candidate" | "application";
  readonly valueType: "short_text" | "single_select" | "number" | "date" | "yes_no";
  /** Option names of a single_select field (empty otherwise). */
  readonly options: readonly string[];
}

export const CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
  {
    id: 11001,
    name: "Employment Type",
    nameKey: "employment_type",
    fieldType: "job",
    valueType: "single_select",
    options: ["Full-time", "Part-time", "Contract"],
  },
  {
    id: 11002,
    name: "Salary Band",
    nameKey: "salary_band",
    fieldType: "job",
    valueType: "short_text",
    options: [],
  },
  {
    id: 11003,
    name: "Desired Salary",
    nameKey: "desired_salary",
    fieldType: "candidate",
    valueType: "number",
    options: [],
  },
  {
    id: 11004,
    name: "Willing to Relocate",
    nameKey: "willing_to_relocate",
    fieldType: "candidate",
    valueType: "yes_no",
    options: [],
  },
  {
    id: 11005,
    name: "Available From",
    nameKey: "available_from",
    fieldType: "candidate",
    valueType: "date",
    options: [],
  },
  {
    id: 11006,
    name: "Referral Note",
    nameKey: "referral_note",
    fieldType: "application",
    valueType: "short_text",
    options: [],
  },
];

/** Id of option `index` of custom field `fieldId`. */
export const optionId = (fieldId: number, index: number): number => fieldId * 10 + index;
