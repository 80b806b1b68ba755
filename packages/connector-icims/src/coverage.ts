import type { ConnectorCoverage } from "@atsync/core/connector";

const TIMESTAMPS_NOTE =
  "remote_created_at / remote_updated_at come from createddate / updateddate when iCIMS returns them; " +
  "otherwise remote_updated_at is the end of the delta window that found the record.";

/**
 * What the iCIMS connector reads and writes, shown to hosts. Jobs come first: the conformance
 * suite exercises delta reads and error mapping on the first model listed.
 */
export const ICIMS_COVERAGE: ConnectorCoverage = {
  models: {
    jobs: {
      cheapIdListing: true,
      fields: [
        "name",
        "job_code",
        "description",
        "employment_type",
        "status",
        "category",
        "department",
        "experience_level",
        "remote_work_status",
        "salary_amount_from",
        "salary_amount_to",
        "salary_currency",
        "salary_period",
        "location",
        "contact_id",
        "custom_fields",
        "integration_fields",
        "opened_at",
        "closed_at",
        "remote_created_at",
        "remote_updated_at",
        "remote_data",
      ],
      notes:
        "status from the job folder (unknown folders → null); remote_work_status inferred from the location " +
        "label and title ('hybrid' → HYBRID, 'remote' → REMOTE); location is the location label only (raw); " +
        "opened_at / closed_at from startdate / enddate; contact is the recruiter. The tenant's custom fields " +
        "(fieldNNNNN) are discovered with the Schema API (one call per session), asked for in fields= and " +
        `labelled with their titles in integration_fields. ${TIMESTAMPS_NOTE}`,
    },
    users: {
      fields: [
        "first_name",
        "last_name",
        "email",
        "status",
        "remote_created_at",
        "remote_updated_at",
        "remote_data",
      ],
      fedBy: "jobs",
      notes:
        "iCIMS has no users API: users are the people jobs name as recruiter, secondary recruiter, hiring " +
        "manager or account manager, plus members of the configured login groups, read with the jobs. A " +
        "delta refreshes the users of changed jobs and every user whose profile changed. status from the " +
        "person's folder: a former, inactive or terminated folder → INACTIVE, any other → ACTIVE.",
    },
    application_stages: {
      fields: ["name", "index"],
      refreshMinutes: 60,
      notes:
        "The statuses of the recruiting-workflow bins-and-statuses list (statusListId); without it, the " +
        "distinct statuses seen on applications (reads every application). No change dates: deltas re-read " +
        "the list at most hourly.",
    },
    job_postings: {
      fields: ["job_id", "status", "url", "remote_updated_at", "remote_data"],
      notes:
        "One posting per job listed on each configured career portal (default 'jobs'); status ACTIVE while " +
        "listed, deleted once it disappears from the portal.",
    },
    screening_questions: {
      fields: ["title", "remote_data"],
      refreshMinutes: 60,
      notes:
        "iCIMS publishes no screening-question API: the library is read from a list (screeningQuestionListId). " +
        "Only titles are known; format is null. No change dates: deltas re-read the list at most hourly.",
    },
    job_screening_questions: {
      fields: ["job_id", "question_id", "index", "required", "remote_data"],
      fedBy: "jobs",
      notes: "From each job's screeningquestions collection field (a design choice), read with the jobs.",
    },
    job_hiring_team_members: {
      fedBy: "jobs",
      fields: ["job_id", "user_id", "hiring_team_roles", "job_roles", "remote_data"],
      notes:
        "recruiter / secondaryrecruiter → RECRUITER, hiringmanager → HIRING_MANAGER, accountmanager → " +
        "COORDINATOR; one row per job and user with all roles, read with the jobs.",
    },
    candidates: {
      cheapIdListing: true,
      windowedRead: true,
      fields: [
        "first_name",
        "last_name",
        "company",
        "title",
        "source",
        "phone_numbers",
        "email_addresses",
        "social_media",
        "location",
        "custom_fields",
        "integration_fields",
        "remote_created_at",
        "remote_updated_at",
        "remote_data",
      ],
      notes:
        "Custom fields (fieldNNNNN) are discovered with the Schema API and labelled with their titles, as on jobs. " +
        "iCIMS uses one profile type for candidates and staff: a person is a candidate when in a candidate " +
        "folder ('Candidate…') or no folder, or — in any other folder (Employee, Recruiter, Hiring Manager) — " +
        "when they have an application. Merged and purged people are deleted. company / title " +
        `from the work-history collection and social_media from URL fields where the tenant has them. ${TIMESTAMPS_NOTE}`,
    },
    applications: {
      cheapIdListing: true,
      windowedRead: true,
      fields: [
        "current_stage_id",
        "job_id",
        "candidate_id",
        "outcome",
        "rejected_at",
        "remote_created_at",
        "remote_updated_at",
        "remote_data",
      ],
      notes:
        "Recruiting workflows. outcome from the status's bin: Hired → HIRED, Not Selected / Withdrawn / " +
        "Rejected → DECLINED, else PENDING; rejected_at is when a declined workflow entered its status " +
        "(submittalstatuslog). remote_created_at falls back to the first status change.",
    },
  },
  actions: {
    create_candidate: {
      supported: true,
      notes:
        "Creates the person (or reuses the one with the same e-mail) and its application; the source is " +
        "written on create; the first CV becomes the resume; other files and screening answers are skipped " +
        "with a warning.",
    },
    create_application: {
      supported: true,
      notes:
        "Reuses an existing person matched by e-mail (left unchanged); a second application to the same job is refused.",
    },
    add_application_attachment: {
      supported: true,
      notes:
        "Only type CV: iCIMS has no application files, so the CV is stored as the candidate's resume (with a warning).",
    },
    add_candidate_attachment: {
      supported: true,
      notes: "Only type CV, stored as the resume (replacing an earlier one).",
    },
    get_candidate_attachments: { supported: true, notes: "Only the resume (type CV)." },
    move_application_to_stage: { supported: true, notes: "Sets the recruiting-workflow status." },
    add_application_result_link: {
      supported: true,
      notes: "Adds an assessment-results entry to the application (label, URL, date, attributes as notes).",
    },
  },
};
