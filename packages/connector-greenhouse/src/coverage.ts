import type { ConnectorCoverage } from "@atsync/core/connector";

const COMMON = ["remote_created_at", "remote_updated_at", "remote_data"] as const;

/**
 * What the Greenhouse connector reads and writes, shown to hosts — exactly the fields its
 * mappers fill (the coverage-honesty test holds every listed field filled somewhere in a synced
 * tenant and every other one always empty). Jobs come first: the conformance suite exercises
 * delta reads and error mapping on the first model listed.
 */
export const GREENHOUSE_COVERAGE: ConnectorCoverage = {
  models: {
    jobs: {
      cheapIdListing: true,
      fields: [
        "name",
        "job_code",
        "confidential",
        "employment_type",
        "status",
        "department",
        "location",
        "remote_url",
        "opened_at",
        "closed_at",
        "custom_fields",
        ...COMMON,
      ],
      notes:
        "job_code is the requisition id; status from Harvest's open/closed/draft (templates → ARCHIVED); " +
        "department is the department's name; location is the first office's location text (raw only); " +
        "employment_type from Greenhouse's employment_type job custom field. Harvest v3 has no job description " +
        "(the posts carry the content, see job postings), no salary and no hiring team endpoint, so those stay empty.",
    },
    users: {
      fields: ["first_name", "last_name", "email", "status", "system_roles", ...COMMON],
      notes:
        "From GET /v3/users without integration service accounts; status INACTIVE for deactivated users; " +
        "system_roles holds Site Admin (unified ADMIN) only — Harvest exposes no other user roles.",
    },
    application_stages: {
      fields: ["name", "index", "job_id", ...COMMON],
      notes: "Greenhouse interview stages belong to one job (job_id); index is the stage's sort_order.",
    },
    job_postings: {
      fields: ["job_id", "title", "description_html", "status", "visibility", ...COMMON],
      notes:
        "From GET /v3/job_posts: live → ACTIVE, inactive → INACTIVE, otherwise DRAFT; internal posts → INTERNAL. " +
        "Harvest gives no public posting URL (it needs the job board token).",
    },
    candidates: {
      cheapIdListing: true,
      fields: [
        "first_name",
        "last_name",
        "company",
        "title",
        "confidential",
        "phone_numbers",
        "email_addresses",
        "social_media",
        "location",
        "remote_url",
        "custom_fields",
        ...COMMON,
      ],
      notes:
        "confidential is Greenhouse's private flag; social media networks are inferred from the link's host; " +
        "location is the first address (raw only). Harvest candidates have no source (it is on applications).",
    },
    applications: {
      cheapIdListing: true,
      fields: [
        "outcome",
        "rejection_reason_name",
        "rejected_at",
        "current_stage_id",
        "job_id",
        "candidate_id",
        "screening_question_answers",
        "remote_url",
        "custom_fields",
        ...COMMON,
      ],
      notes:
        "outcome: in_process → PENDING, hired → HIRED, rejected → DECLINED. Prospects are included with no job " +
        "and no stage. Screening answers are the application's answers as TEXT (Harvest v3 gives no question ids).",
    },
  },
  actions: {
    create_candidate: {
      supported: true,
      notes:
        "Creates the candidate and its application in one call, then uploads attachments to the application. " +
        "gender, availability date, salary expectations, screening answers and GDPR consent cannot be stored.",
    },
    create_application: {
      supported: true,
      notes:
        "Reuses the Greenhouse candidate with the same e-mail address (refusing a second open application for " +
        "the job), else creates one. The source is matched by name among Greenhouse's sources (the API cannot create sources).",
    },
    add_application_attachment: {
      supported: true,
      notes: "CV → resume (replaces the candidate's previous resume).",
    },
    add_candidate_attachment: {
      supported: true,
      notes: "CV → resume (replaces the candidate's previous resume).",
    },
    get_candidate_attachments: {
      supported: true,
      notes: "data_url is Greenhouse's download link; it expires after about 7 days.",
    },
    move_application_to_stage: {
      supported: true,
      notes:
        "Only active (in process, non-prospect) applications, to a stage of their own job; Greenhouse's stage rules run (may e-mail).",
    },
    add_application_result_link: {
      supported: false,
      notes: "Harvest v3 has no assessment result or link field for applications.",
    },
    reject_application: {
      supported: true,
      notes:
        "Only active applications; rejection_reason_id is a Greenhouse rejection reason id (or remote:<id>, built-in " +
        "reasons included). The note is stored as the rejection's notes; remote_fields.greenhousev3.rejection_email is passed on.",
    },
    add_application_note: {
      supported: true,
      notes:
        "A NOTE by the acting user (actingUserId), else the service account; visibility from " +
        "remote_fields.greenhousev3.visibility (admin_only, private, public; default public).",
    },
    add_candidate_tag: {
      supported: true,
      notes:
        "The tag must exist in Greenhouse (matched by name, ignoring case): the API does not create tags here.",
    },
    remove_candidate_tag: {
      supported: true,
      notes: "The tag is matched by name, ignoring case; a tag the candidate does not have is a warning.",
    },
  },
};

/**
 * Greenhouse writes the unified action set has no action for yet (future work, not offered):
 * unreject an application.
 */
export const GREENHOUSE_FUTURE_ACTIONS = [
  "unreject application (POST /v3/applications/{id}/unreject)",
] as const;
