import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AddAttachmentInputSchema,
  AddResultLinkInputSchema,
  AttachmentSchema,
  CreateApplicationInputSchema,
  CreateCandidateInputSchema,
  MoveApplicationToStageInputSchema,
  PassthroughRequestSchema,
} from "./index.js";

/** `path → message` of every issue, for exact comparison. */
function issues(schema: z.ZodType, body: unknown): Record<string, string> {
  const result = schema.safeParse(body);
  return Object.fromEntries(
    (result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]),
  );
}

const candidate = { first_name: "Ada", last_name: "Lovelace", email_address: "ada@example.com" };
const cv = { name: "cv.pdf", type: "CV", data_url: "https://files.example.com/cv.pdf" };

describe("action inputs: minimal valid bodies", () => {
  const cases: [string, z.ZodType, unknown][] = [
    ["create application", CreateApplicationInputSchema, { candidate }],
    ["create candidate", CreateCandidateInputSchema, { candidate, application: { job_id: "remote:123" } }],
    ["add attachment (data_url)", AddAttachmentInputSchema, { attachment: cv }],
    [
      "add attachment (data)",
      AddAttachmentInputSchema,
      { attachment: { name: "cv.pdf", type: "CV", data: "JVBERi0xLjQ=", content_type: "application/pdf" } },
    ],
    ["move application to stage", MoveApplicationToStageInputSchema, { stage_id: "stage1" }],
    [
      "add result link",
      AddResultLinkInputSchema,
      { label: "Assessment", url: "https://assess.example.com/r/1" },
    ],
    ["passthrough", PassthroughRequestSchema, { method: "GET", path: "/jobs?status=open" }],
  ];
  for (const [name, schema, body] of cases) {
    it(name, () => {
      expect(issues(schema, body)).toEqual({});
      expect(schema.parse(body)).toEqual(body);
    });
  }

  it("a fully populated create-application body passes and keeps every member", () => {
    const body = {
      stage_id: "stage1",
      candidate: {
        ...candidate,
        additional_email_addresses: [{ type: "WORK", email_address: "ada@work.example.com" }],
        company: "Engines Ltd",
        title: "Engineer",
        phone_number: "+49 30 1234",
        additional_phone_numbers: [{ type: "PERSONAL", phone_number: "+49 170 1234" }],
        location: {
          city: "Berlin",
          country: "DE",
          state: "BE",
          street_1: "Unter den Linden 1",
          zip_code: "10117",
        },
        gender: "FEMALE",
        availability_date: "2025-06-01T00:00:00.000Z",
        salary_expectations: { period: "YEAR", amount: 70000 },
        social_links: [{ url: "https://linkedin.com/in/ada" }],
      },
      attachments: [cv],
      screening_question_answers: [
        { question_id: "q1", answer: "text" },
        { question_id: "q2", answer: ["opt1", "opt2"] },
        { question_id: "q3", answer: true },
        { question_id: "q4", answer: 7 },
        { question_id: "q5", answer: { name: "portfolio.pdf", data_url: "https://files.example.com/p.pdf" } },
      ],
      source: { name: "Example Job Board" },
      sourced_by: { user_id: "remote:42" },
      gdpr_consent: { expires_at: "2026-01-01T00:00:00Z", given: true },
      remote_fields: { icims: { assessment_package_id: "7" } },
    };
    expect(CreateApplicationInputSchema.parse(body)).toEqual(body);
  });
});

describe("action inputs: invalid bodies list every issue", () => {
  it("create application", () => {
    const body = {
      stage_id: "",
      candidate: {
        first_name: "",
        email_address: "not-an-email",
        location: { country: "Germany" },
        gender: "X",
        availability_date: "tomorrow",
        social_links: [{ url: "linkedin" }],
      },
      attachments: [
        { name: "cv.pdf", type: "CV" },
        { name: "photo.png", type: "PHOTO", data: "aGk=" },
        { name: "x", type: "OTHER", data_url: "ftp://files.example.com/x" },
      ],
      screening_question_answers: [{ answer: null }],
      remote_fields: { icims: "x" },
    };
    expect(issues(CreateApplicationInputSchema, body)).toEqual({
      stage_id: "stage_id must not be empty",
      "candidate.first_name": "first_name must not be empty",
      "candidate.last_name": "Invalid input: expected string, received undefined",
      "candidate.email_address": "email_address must be a valid email address",
      "candidate.location.country": "country must be an uppercase ISO 3166-1 alpha-2 code, e.g. DE",
      "candidate.gender": 'Invalid option: expected one of "MALE"|"FEMALE"|"OTHER"',
      "candidate.availability_date": "Invalid ISO datetime",
      "candidate.social_links.0.url": "url must be an http(s) URL",
      "attachments.0.data_url":
        "provide the file as `data_url` (a URL to download it from) or `data` (base64 contents)",
      "attachments.1.type": 'Invalid option: expected one of "CV"|"COVER_LETTER"|"OTHER"',
      "attachments.1.content_type": "content_type is required when the file is given as `data`",
      "attachments.2.data_url": "data_url must be an http(s) URL",
      "screening_question_answers.0.question_id": "Invalid input: expected string, received undefined",
      "screening_question_answers.0.answer": "Invalid input",
      "remote_fields.icims": "Invalid input: expected record, received string",
    });
  });

  it("create candidate needs candidate and application.job_id", () => {
    expect(Object.keys(issues(CreateCandidateInputSchema, {}))).toEqual(["candidate", "application"]);
    expect(
      Object.keys(issues(CreateCandidateInputSchema, { candidate, application: { stage_id: "s" } })),
    ).toEqual(["application.job_id"]);
  });

  it("add attachment", () => {
    expect(issues(AddAttachmentInputSchema, { attachment: { type: "CV", data: "not base64!" } })).toEqual({
      "attachment.name": "Invalid input: expected string, received undefined",
      "attachment.data": "data must be base64-encoded file contents",
      "attachment.content_type": "content_type is required when the file is given as `data`",
    });
  });

  it("move application to stage", () => {
    expect(issues(MoveApplicationToStageInputSchema, { remote_fields: [] })).toEqual({
      stage_id: "Invalid input: expected string, received undefined",
      remote_fields: "Invalid input: expected record, received array",
    });
  });

  it("add result link", () => {
    expect(
      issues(AddResultLinkInputSchema, {
        url: "nope",
        details: { attributes: [{ key: "score", value: 90 }] },
      }),
    ).toEqual({
      label: "Invalid input: expected string, received undefined",
      url: "url must be an http(s) URL",
      "details.custom_field_name_prefix": "Invalid input: expected string, received undefined",
      "details.attributes.0.value": "Invalid input: expected string, received number",
    });
  });

  it("every URL member accepts http(s) only: javascript:, data:, vbscript:, file: are refused", () => {
    const dangerous = [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
    ];
    for (const url of dangerous) {
      expect(issues(AddResultLinkInputSchema, { label: "Score", url }), url).toEqual({
        url: "url must be an http(s) URL",
      });
      expect(
        issues(CreateApplicationInputSchema, { candidate: { ...candidate, social_links: [{ url }] } }),
        url,
      ).toEqual({ "candidate.social_links.0.url": "url must be an http(s) URL" });
      expect(issues(AddAttachmentInputSchema, { attachment: { ...cv, data_url: url } }), url).toEqual({
        "attachment.data_url": "data_url must be an http(s) URL",
      });
    }
    expect(
      issues(AddResultLinkInputSchema, { label: "Score", url: `https://x.example/${"a".repeat(2048)}` }),
    ).toEqual({ url: "url must be at most 2048 characters" });
  });

  it("passthrough", () => {
    expect(
      issues(PassthroughRequestSchema, {
        method: "HEAD",
        path: "https://evil.example.com/steal",
        headers: { "X-Count": 1 },
        multipart_form_data: [{ name: "file", value: { name: "a.pdf" } }],
      }),
    ).toEqual({
      method: 'Invalid option: expected one of "GET"|"POST"|"DELETE"|"PUT"|"PATCH"',
      path: "path must be relative to the API's base URL, without a scheme, host or `..` segments",
      "headers.X-Count": "Invalid input: expected string, received number",
      "multipart_form_data.0.value.data_url":
        "provide the file as `data_url` (a URL to download it from) or `data` (base64 contents)",
    });
  });
});

describe("passthrough path stays inside the API's base URL", () => {
  const pathOk = (path: string) => PassthroughRequestSchema.safeParse({ method: "GET", path }).success;

  it.each(["/jobs", "jobs/1", "/jobs?q=a..b", "/files/report..pdf", "/search#a/../b"])(
    "accepts %s",
    (path) => {
      expect(pathOk(path)).toBe(true);
    },
  );

  it.each([
    "",
    "https://evil.example.com/x",
    "HTTP://evil.example.com",
    "//evil.example.com/x",
    "\\\\evil.example.com",
    "/../other-customer/jobs",
    "/jobs/..",
    "/jobs/%2E%2E/admin",
    "/jobs\\..\\admin",
  ])("refuses %j", (path) => {
    expect(pathOk(path)).toBe(false);
  });
});

describe("AttachmentSchema (read)", () => {
  it("requires every member of Kombo's attachment result", () => {
    expect(Object.keys(issues(AttachmentSchema, {})).sort()).toEqual(
      [
        "application_id",
        "candidate_id",
        "content_type",
        "data_url",
        "file_name",
        "id",
        "remote_created_at",
        "remote_id",
        "remote_updated_at",
        "type",
      ].sort(),
    );
  });
});
