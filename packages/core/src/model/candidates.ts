import { z } from "zod";
import { BaseRecordSchema } from "./common.js";
import { IntegrationFieldSchema } from "./jobs.js";
import { LocationSchema } from "./parts.js";

/** A candidate's phone number; `type` is the vendor's label (e.g. "mobile"), null when it has none. */
export const PhoneNumberSchema = z.object({
  phone_number: z.string(),
  type: z.string().nullable(),
});

/** A candidate's phone number. */
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

/**
 * A candidate's email address; `type` is the vendor's label, null when it has none. Invalid
 * addresses are left out by the connector.
 */
export const EmailAddressSchema = z.object({
  email_address: z.string().nullable(),
  type: z.string().nullable(),
});

/** A candidate's email address. */
export type EmailAddress = z.infer<typeof EmailAddressSchema>;

/** A candidate's social media account: profile `link`, network `type` (e.g. "linkedin"), `username`. */
export const SocialMediaSchema = z.object({
  link: z.string().nullable(),
  type: z.string().nullable(),
  username: z.string().nullable(),
});

/** A candidate's social media account. */
export type SocialMedia = z.infer<typeof SocialMediaSchema>;

/**
 * Stored record of the `candidates` model: the top-level fields of Kombo's `GET /ats/candidates`
 * result. The nested `applications` (stored model `applications`) are joined when a candidate is
 * read; atsync stores no tags.
 */
export const CandidateSchema = BaseRecordSchema.extend({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  /** Current employer. */
  company: z.string().nullable(),
  /** Current job title. */
  title: z.string().nullable(),
  /** Whether the profile is confidential in the ATS. */
  confidential: z.boolean().nullable(),
  /** The vendor's hiring source label (e.g. the job board the candidate came through). */
  source: z.string().nullable(),
  phone_numbers: z.array(PhoneNumberSchema).nullable(),
  email_addresses: z.array(EmailAddressSchema).nullable(),
  social_media: z.array(SocialMediaSchema).nullable(),
  location: LocationSchema.nullable(),
  /** URL of the candidate profile in the vendor's UI. */
  remote_url: z.string().nullable(),
  /**
   * Raw vendor fields passed through (see `JobSchema.integration_fields`); absent when the
   * connector maps none. atsync extension: `@kombo-api/sdk` does not declare it on candidates.
   */
  integration_fields: z.array(IntegrationFieldSchema).optional(),
});

/** A stored candidate record. */
export type Candidate = z.infer<typeof CandidateSchema>;
