import * as sdk from "@kombo-api/sdk/models";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ApplicationOutcomeSchema,
  AttachmentTypeSchema,
  ContactTypeSchema,
  EmploymentTypeSchema,
  GenderSchema,
  HiringTeamRoleSchema,
  IntegrationFieldTypeSchema,
  JobPostingStatusSchema,
  JobPostingVisibilitySchema,
  JobStatusSchema,
  JobVisibilitySchema,
  NumberDisplayTypeSchema,
  PassthroughMethodSchema,
  RemoteWorkStatusSchema,
  RoleScopeSchema,
  SalaryExpectationPeriodSchema,
  SalaryPeriodSchema,
  ScreeningQuestionCategorySchema,
  SingleSelectDisplayTypeSchema,
  TextDisplayTypeSchema,
  UnifiedRoleTypeSchema,
  UserStatusSchema,
} from "./index.js";

/**
 * Each of our enums with every SDK const object that carries the same value set. Where Kombo
 * repeats a value set under several names (one per endpoint), all of them are listed, so a change
 * on any endpoint shows up.
 */
const ENUMS: [name: string, schema: z.ZodEnum, sdkObjects: Record<string, Record<string, string>>][] = [
  [
    "EmploymentType",
    EmploymentTypeSchema,
    { GetAtsJobsPositiveResponseEmploymentType: sdk.GetAtsJobsPositiveResponseEmploymentType },
  ],
  ["JobStatus", JobStatusSchema, { GetAtsJobsPositiveResponseStatus: sdk.GetAtsJobsPositiveResponseStatus }],
  [
    "JobVisibility",
    JobVisibilitySchema,
    { GetAtsJobsPositiveResponseVisibility: sdk.GetAtsJobsPositiveResponseVisibility },
  ],
  ["RemoteWorkStatus", RemoteWorkStatusSchema, { RemoteWorkStatus: sdk.RemoteWorkStatus }],
  ["SalaryPeriod", SalaryPeriodSchema, { SalaryPeriod: sdk.SalaryPeriod }],
  [
    "IntegrationFieldType",
    IntegrationFieldTypeSchema,
    {
      GetIntegrationsIntegrationIdIntegrationFieldsPositiveResponseType:
        sdk.GetIntegrationsIntegrationIdIntegrationFieldsPositiveResponseType,
    },
  ],
  ["JobPostingStatus", JobPostingStatusSchema, { JobPostingStatus: sdk.JobPostingStatus }],
  ["JobPostingVisibility", JobPostingVisibilitySchema, { JobPostingVisibility: sdk.JobPostingVisibility }],
  [
    "HiringTeamRole",
    HiringTeamRoleSchema,
    { GetAtsJobsPositiveResponseHiringTeamRole: sdk.GetAtsJobsPositiveResponseHiringTeamRole },
  ],
  [
    "RoleScope",
    RoleScopeSchema,
    {
      GetAtsJobsPositiveResponseScope: sdk.GetAtsJobsPositiveResponseScope,
      GetAtsUsersPositiveResponseScope: sdk.GetAtsUsersPositiveResponseScope,
    },
  ],
  [
    "UnifiedRoleType",
    UnifiedRoleTypeSchema,
    {
      GetAtsJobsPositiveResponseUnifiedType: sdk.GetAtsJobsPositiveResponseUnifiedType,
      GetAtsUsersPositiveResponseUnifiedType: sdk.GetAtsUsersPositiveResponseUnifiedType,
    },
  ],
  [
    "UserStatus",
    UserStatusSchema,
    { GetAtsUsersPositiveResponseStatus: sdk.GetAtsUsersPositiveResponseStatus },
  ],
  [
    "ScreeningQuestionCategory",
    ScreeningQuestionCategorySchema,
    { GetAtsJobsPositiveResponseCategory: sdk.GetAtsJobsPositiveResponseCategory },
  ],
  ["TextDisplayType", TextDisplayTypeSchema, { DisplayType1: sdk.DisplayType1 }],
  ["NumberDisplayType", NumberDisplayTypeSchema, { DisplayType2: sdk.DisplayType2 }],
  ["SingleSelectDisplayType", SingleSelectDisplayTypeSchema, { DisplayType3: sdk.DisplayType3 }],
  [
    "ApplicationOutcome",
    ApplicationOutcomeSchema,
    {
      GetAtsApplicationsPositiveResponseOutcome: sdk.GetAtsApplicationsPositiveResponseOutcome,
      GetAtsCandidatesPositiveResponseOutcome: sdk.GetAtsCandidatesPositiveResponseOutcome,
    },
  ],
  [
    "AttachmentType",
    AttachmentTypeSchema,
    {
      GetAtsCandidatesCandidateIdAttachmentsPositiveResponseType:
        sdk.GetAtsCandidatesCandidateIdAttachmentsPositiveResponseType,
      GetAtsApplicationsApplicationIdAttachmentsPositiveResponseType:
        sdk.GetAtsApplicationsApplicationIdAttachmentsPositiveResponseType,
      PostAtsApplicationsApplicationIdAttachmentsRequestBodyType:
        sdk.PostAtsApplicationsApplicationIdAttachmentsRequestBodyType,
      PostAtsCandidatesCandidateIdAttachmentsRequestBodyType:
        sdk.PostAtsCandidatesCandidateIdAttachmentsRequestBodyType,
      PostAtsJobsJobIdApplicationsRequestBodyAttachmentType:
        sdk.PostAtsJobsJobIdApplicationsRequestBodyAttachmentType,
      PostAtsCandidatesRequestBodyAttachmentType: sdk.PostAtsCandidatesRequestBodyAttachmentType,
    },
  ],
  [
    "Gender",
    GenderSchema,
    {
      PostAtsJobsJobIdApplicationsRequestBodyGender: sdk.PostAtsJobsJobIdApplicationsRequestBodyGender,
      PostAtsCandidatesRequestBodyGender: sdk.PostAtsCandidatesRequestBodyGender,
    },
  ],
  [
    "SalaryExpectationPeriod",
    SalaryExpectationPeriodSchema,
    {
      PostAtsJobsJobIdApplicationsRequestBodyPeriod: sdk.PostAtsJobsJobIdApplicationsRequestBodyPeriod,
      PostAtsCandidatesRequestBodyPeriod: sdk.PostAtsCandidatesRequestBodyPeriod,
    },
  ],
  [
    "ContactType",
    ContactTypeSchema,
    {
      PostAtsJobsJobIdApplicationsRequestBodyAdditionalEmailAddressType:
        sdk.PostAtsJobsJobIdApplicationsRequestBodyAdditionalEmailAddressType,
      PostAtsJobsJobIdApplicationsRequestBodyAdditionalPhoneNumberType:
        sdk.PostAtsJobsJobIdApplicationsRequestBodyAdditionalPhoneNumberType,
      PostAtsCandidatesRequestBodyAdditionalEmailAddressType:
        sdk.PostAtsCandidatesRequestBodyAdditionalEmailAddressType,
      PostAtsCandidatesRequestBodyAdditionalPhoneNumberType:
        sdk.PostAtsCandidatesRequestBodyAdditionalPhoneNumberType,
    },
  ],
  ["PassthroughMethod", PassthroughMethodSchema, { Method: sdk.Method }],
];

describe("enums match @kombo-api/sdk", () => {
  for (const [name, schema, sdkObjects] of ENUMS) {
    for (const [sdkName, sdkObject] of Object.entries(sdkObjects)) {
      it(`${name} has the values of ${sdkName}, in order`, () => {
        expect(sdkObject, `${sdkName} is not exported by @kombo-api/sdk/models`).toBeDefined();
        expect(schema.options).toEqual(Object.values(sdkObject));
      });
    }
  }
});
