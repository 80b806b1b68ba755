import * as sdk from "@kombo-api/sdk/models";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AddAttachmentInputSchema,
  AddResultLinkInputSchema,
  ApplicationSchema,
  ApplicationStageSchema,
  AttachmentSchema,
  CandidateSchema,
  CreateApplicationInputSchema,
  CreateCandidateInputSchema,
  JobHiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  JobScreeningQuestionSchema,
  MoveApplicationToStageInputSchema,
  PassthroughRequestSchema,
  ScreeningQuestionSchema,
  UserSchema,
} from "./index.js";

/**
 * Structural comparison of our zod 4 schemas with the SDK's zod 3 schemas: which members exist,
 * which may be left out, which may be null, recursively through objects, arrays and tagged
 * unions. Anything else (strings, enums, records) is a leaf; enum values are checked in
 * enums.test.ts and real values in records.test.ts.
 */
type Node =
  | { kind: "object"; fields: Map<string, Field> }
  | { kind: "array"; item: Node }
  | { kind: "union"; options: Node[] }
  | { kind: "leaf"; literal?: unknown };
interface Field {
  optional: boolean;
  nullable: boolean;
  node: Node;
}

/** A union of objects; a union of scalars (e.g. the SDK's open enums) is a leaf. */
function union(options: Node[]): Node {
  return options.some((option) => option.kind !== "leaf") ? { kind: "union", options } : { kind: "leaf" };
}

/** Just enough of a zod 3 schema's runtime shape to walk it. */
interface V3 {
  _def: Record<string, unknown> & { typeName: string };
  isOptional(): boolean;
  safeParse(value: unknown): { success: boolean };
}

function v3Node(schema: V3): Node {
  const def = schema._def;
  switch (def.typeName) {
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
      return v3Node(def.innerType as V3);
    case "ZodLazy":
      return v3Node((def.getter as () => V3)());
    case "ZodEffects":
      return v3Node(def.schema as V3);
    case "ZodObject": {
      const shape = (def.shape as () => Record<string, V3>)();
      const fields = new Map<string, Field>();
      for (const [key, member] of Object.entries(shape)) {
        fields.set(key, {
          optional: member.isOptional(),
          nullable: member.safeParse(null).success,
          node: v3Node(member),
        });
      }
      return { kind: "object", fields };
    }
    case "ZodArray":
      return { kind: "array", item: v3Node(def.type as V3) };
    case "ZodUnion":
      return union((def.options as V3[]).map(v3Node));
    case "ZodLiteral":
      return { kind: "leaf", literal: def.value };
    default:
      return { kind: "leaf" };
  }
}

function v4Node(schema: z.ZodType): Node {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
      return v4Node(def.innerType as z.ZodType);
    case "lazy":
      return v4Node((def.getter as () => z.ZodType)());
    case "pipe":
      return v4Node(def.in as z.ZodType);
    case "object": {
      const fields = new Map<string, Field>();
      for (const [key, member] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        fields.set(key, {
          optional: member._zod.optin === "optional",
          nullable: member.safeParse(null).success,
          node: v4Node(member),
        });
      }
      return { kind: "object", fields };
    }
    case "array":
      return { kind: "array", item: v4Node(def.element as z.ZodType) };
    case "union":
      return union((def.options as z.ZodType[]).map(v4Node));
    case "literal":
      return { kind: "leaf", literal: (def.values as unknown[])[0] };
    default:
      return { kind: "leaf" };
  }
}

/** The tag of a union variant: its `type` literal, or its `question.type` literal (screening answers). */
function variantTag(node: Node): unknown {
  if (node.kind !== "object") return undefined;
  const type = node.fields.get("type")?.node;
  if (type?.kind === "leaf" && type.literal !== undefined) return type.literal;
  const question = node.fields.get("question")?.node;
  return question ? variantTag(question) : undefined;
}

interface Rules {
  /** `read`: SDK-optional members may be required here and SDK-nullable ones non-null; `write`: exact. */
  mode: "read" | "write";
  /** Dotted paths (array items as `[]`) that exist only on our side. */
  ours?: string[];
  /** Dotted paths that exist only on the SDK's side (joined at read time, typed per tool, ...). */
  theirs?: string[];
  /** Dotted paths compared only by presence (our deliberate leaves, e.g. opaque `remote_fields`). */
  opaque?: string[];
}

/** Every difference between our node and the SDK's, as readable lines. */
function differences(ours: Node, theirs: Node, rules: Rules, path = ""): string[] {
  if ((rules.opaque ?? []).includes(path)) return [];
  const at = path || "(root)";
  if (ours.kind !== theirs.kind) return [`${at}: ours is ${ours.kind}, SDK's is ${theirs.kind}`];
  if (ours.kind === "array" && theirs.kind === "array")
    return differences(ours.item, theirs.item, rules, `${path}[]`);
  if (ours.kind === "union" && theirs.kind === "union") {
    const sdkByTag = new Map(theirs.options.map((option) => [variantTag(option), option]));
    if (sdkByTag.has(undefined)) return []; // untagged union (e.g. write answers): compared by behaviour elsewhere
    const out: string[] = [];
    for (const option of ours.options) {
      const tag = variantTag(option);
      const match = sdkByTag.get(tag);
      if (match) out.push(...differences(option, match, rules, `${path}<${String(tag)}>`));
      else out.push(`${at}: variant ${String(tag)} is not in the SDK`);
      sdkByTag.delete(tag);
    }
    for (const tag of sdkByTag.keys()) out.push(`${at}: SDK variant ${String(tag)} is missing`);
    return out;
  }
  if (ours.kind !== "object" || theirs.kind !== "object") return [];
  const out: string[] = [];
  for (const [key, mine] of ours.fields) {
    const memberPath = path ? `${path}.${key}` : key;
    const sdkField = theirs.fields.get(key);
    if (!sdkField) {
      if (!(rules.ours ?? []).includes(memberPath)) out.push(`${memberPath}: not in the SDK`);
      continue;
    }
    if (rules.mode === "write" && mine.optional !== sdkField.optional) {
      out.push(
        `${memberPath}: ${mine.optional ? "optional" : "required"} here, ${sdkField.optional ? "optional" : "required"} in the SDK`,
      );
    }
    if (rules.mode === "read" && mine.optional) out.push(`${memberPath}: optional in a stored record`);
    if (mine.nullable && !sdkField.nullable) out.push(`${memberPath}: nullable here, never null in the SDK`);
    if (rules.mode === "write" && !mine.nullable && sdkField.nullable)
      out.push(`${memberPath}: null allowed by the SDK only`);
    out.push(...differences(mine.node, sdkField.node, rules, memberPath));
  }
  for (const key of theirs.fields.keys()) {
    const memberPath = path ? `${path}.${key}` : key;
    if (!ours.fields.has(key) && !(rules.theirs ?? []).includes(memberPath))
      out.push(`${memberPath}: missing here`);
  }
  return out;
}

const compare = (ours: z.ZodType, theirs: unknown, rules: Rules) =>
  differences(v4Node(ours), v3Node(theirs as V3), rules);

/** Base-record members Kombo does not return on a nested object (only its `id` and `remote_id`). */
const NESTED_BASE_EXTRAS = [
  "changed_at",
  "remote_deleted_at",
  "remote_created_at",
  "remote_updated_at",
  "remote_data",
  "custom_fields",
];

describe("stored records have Kombo's read shape (@kombo-api/sdk result schemas)", () => {
  const cases: [string, z.ZodType, unknown, Rules][] = [
    [
      "users",
      UserSchema,
      sdk.GetAtsUsersPositiveResponseResult$inboundSchema,
      { mode: "read", ours: ["remote_created_at", "remote_updated_at", "remote_data", "custom_fields"] },
    ],
    [
      "application_stages",
      ApplicationStageSchema,
      sdk.GetAtsApplicationStagesPositiveResponseResult$inboundSchema,
      {
        mode: "read",
        ours: ["remote_created_at", "remote_updated_at", "remote_data", "custom_fields", "index", "job_id"],
      },
    ],
    [
      "application_stages as job.stages[]",
      ApplicationStageSchema,
      sdk.Stage$inboundSchema,
      { mode: "read", ours: [...NESTED_BASE_EXTRAS, "job_id"] },
    ],
    [
      "jobs",
      JobSchema,
      sdk.GetAtsJobsPositiveResponseResult$inboundSchema,
      {
        mode: "read",
        ours: ["remote_data", "integration_fields"],
        theirs: ["stages", "screening_questions", "job_postings", "hiring_team"],
      },
    ],
    [
      "job_postings as job.job_postings[]",
      JobPostingSchema,
      sdk.JobPosting$inboundSchema,
      { mode: "read", ours: [...NESTED_BASE_EXTRAS, "job_id"] },
    ],
    [
      "screening_questions + job_screening_questions as job.screening_questions[]",
      ScreeningQuestionSchema.extend(
        JobScreeningQuestionSchema.pick({
          index: true,
          required: true,
          precondition_question_id: true,
          precondition_options: true,
        }).shape,
      ),
      sdk.ScreeningQuestion$inboundSchema,
      { mode: "read", ours: NESTED_BASE_EXTRAS },
    ],
    [
      "users + job_hiring_team_members as job.hiring_team[]",
      UserSchema.pick({ id: true, remote_id: true, first_name: true, last_name: true, email: true }).extend(
        JobHiringTeamMemberSchema.pick({ hiring_team_roles: true, job_roles: true }).shape,
      ),
      sdk.GetAtsJobsPositiveResponseHiringTeam$inboundSchema,
      { mode: "read" },
    ],
    [
      "candidates",
      CandidateSchema,
      sdk.GetAtsCandidatesPositiveResponseResult$inboundSchema,
      { mode: "read", ours: ["remote_data", "integration_fields"], theirs: ["applications", "tags"] },
    ],
    [
      "applications",
      ApplicationSchema,
      sdk.GetAtsApplicationsPositiveResponseResult$inboundSchema,
      {
        mode: "read",
        ours: ["remote_data"],
        theirs: ["candidate", "current_stage", "job", "interviews", "offers"],
      },
    ],
    [
      "candidate attachments",
      AttachmentSchema,
      sdk.GetAtsCandidatesCandidateIdAttachmentsPositiveResponseResult$inboundSchema,
      { mode: "read" },
    ],
  ];

  for (const [name, ours, theirs, rules] of cases) {
    it(name, () => {
      expect(compare(ours, theirs, rules)).toEqual([]);
    });
  }
});

describe("action inputs have Kombo's request bodies (@kombo-api/sdk outbound schemas)", () => {
  const write = (extra: Partial<Rules> = {}): Rules => ({
    mode: "write",
    opaque: ["remote_fields"],
    ...extra,
  });
  const cases: [string, z.ZodType, unknown, Rules][] = [
    [
      "create application",
      CreateApplicationInputSchema,
      sdk.PostAtsJobsJobIdApplicationsRequestBody$outboundSchema,
      write(),
    ],
    [
      "create candidate",
      CreateCandidateInputSchema,
      sdk.PostAtsCandidatesRequestBody$outboundSchema,
      write(),
    ],
    [
      "add application attachment",
      AddAttachmentInputSchema,
      sdk.PostAtsApplicationsApplicationIdAttachmentsRequestBody$outboundSchema,
      write(),
    ],
    [
      "add candidate attachment",
      AddAttachmentInputSchema,
      sdk.PostAtsCandidatesCandidateIdAttachmentsRequestBody$outboundSchema,
      write(),
    ],
    [
      "move application to stage",
      MoveApplicationToStageInputSchema,
      sdk.PutAtsApplicationsApplicationIdStageRequestBody$outboundSchema,
      write(),
    ],
    [
      "add application result link",
      AddResultLinkInputSchema,
      sdk.PostAtsApplicationsApplicationIdResultLinksRequestBody$outboundSchema,
      write(),
    ],
    [
      "add candidate result link (same body)",
      AddResultLinkInputSchema,
      sdk.PostAtsCandidatesCandidateIdResultLinksRequestBody$outboundSchema,
      write(),
    ],
    ["passthrough", PassthroughRequestSchema, sdk.PostPassthroughToolApiRequestBody$outboundSchema, write()],
  ];

  for (const [name, ours, theirs, rules] of cases) {
    it(name, () => {
      expect(compare(ours, theirs, rules)).toEqual([]);
    });
  }

  it("the comparison has teeth: a dropped, an extra and a wrongly optional member are reported", () => {
    const drifted = MoveApplicationToStageInputSchema.omit({ remote_fields: true }).extend({
      stage_id: z.string().optional(),
      note: z.string(),
    });
    expect(
      compare(drifted, sdk.PutAtsApplicationsApplicationIdStageRequestBody$outboundSchema, write()),
    ).toEqual([
      "stage_id: optional here, required in the SDK",
      "note: not in the SDK",
      "remote_fields: missing here",
    ]);
  });
});
