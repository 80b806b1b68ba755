import { type Clock, isAtsyncError, type Logger } from "@atsync/core/connector";
import type { IcimsClient } from "../http/client.js";
import { obj, text } from "../mappers/icims-json.js";

/** Profile types whose custom fields the connector reads. */
export type CustomFieldProfile = "people" | "jobs";

/** What the Schema API tells about one profile type. */
export interface ProfileFields {
  /** The tenant's custom field ids (`fieldNNNNN`) in schema order: added to `fields=` of reads. */
  custom: readonly string[];
  /** Field id → the schema's `title`, for every field it names (standard and custom). */
  labels: ReadonlyMap<string, string>;
}

/** A tenant whose custom fields are unknown: no extra field asked for, no labels. */
export const NO_FIELDS_KNOWN: ProfileFields = { custom: [], labels: new Map() };

/** iCIMS' ids of the tenant's own fields. */
export const CUSTOM_FIELD_ID = /^field\d+$/;

/** Profile name of the Schema API path per profile type. */
const SCHEMA_PROFILE: Record<CustomFieldProfile, string> = { people: "person", jobs: "job" };

/**
 * How long a discovered schema stands for the tenant's fields. A session lives as long as the
 * integration's process; a field added in iCIMS meanwhile is asked for from the next discovery on.
 */
const MAX_AGE_MS = 24 * 60 * 60_000;

/** The fields a Schema API answer names: ids with their titles, custom ids apart. */
export function profileFieldsOf(answer: unknown): ProfileFields {
  const properties = obj(obj(answer)?.["properties"]) ?? {};
  const labels = new Map<string, string>();
  const custom: string[] = [];
  for (const [id, property] of Object.entries(properties)) {
    const title = text(obj(property)?.["title"]);
    if (title !== null) labels.set(id, title);
    if (CUSTOM_FIELD_ID.test(id)) custom.push(id);
  }
  return { custom, labels };
}

/**
 * Custom-fields decision: iCIMS returns a tenant's `fieldNNNNN` custom fields only when `fields=`
 * names them, so the connector discovers them with the Schema API
 * (`GET /customers/{customerId}/profiledefinitions/v1/{person|job}/schema`) once per session and
 * profile type (again after `MAX_AGE_MS`), adds them to the job and person reads, and labels the
 * integration fields with the schema's titles. A transient failure is retried by core's HTTP
 * client and then fails the read (nothing is committed without the fields, the next run asks
 * again); a 404 or 403 (no Schema API, or no permission for it) means "no custom fields known":
 * the read goes on with the standard fields, logging one warning per session and type.
 */
export class ProfileSchemas {
  private readonly discovered = new Map<CustomFieldProfile, { fields: Promise<ProfileFields>; at: number }>();

  constructor(
    private readonly client: IcimsClient,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** The custom fields and labels of `type` (one Schema API call per session and type; see the class). */
  fields(type: CustomFieldProfile, signal: AbortSignal | undefined): Promise<ProfileFields> {
    const now = this.clock.now().getTime();
    const cached = this.discovered.get(type);
    if (cached && now - cached.at <= MAX_AGE_MS) return cached.fields;
    const fields = this.discover(type, signal);
    this.discovered.set(type, { fields, at: now });
    fields.catch(() => {
      if (this.discovered.get(type)?.fields === fields) this.discovered.delete(type);
    });
    return fields;
  }

  private async discover(type: CustomFieldProfile, signal: AbortSignal | undefined): Promise<ProfileFields> {
    const path = `/profiledefinitions/v1/${SCHEMA_PROFILE[type]}/schema`;
    try {
      const answer = await this.client.getJson(path, { signal, missingAsNull: true });
      if (answer !== null) return profileFieldsOf(answer);
      this.logger.warn({ profile: type }, "iCIMS Schema API not found (404): reading no custom fields");
    } catch (error) {
      if (!isAtsyncError(error) || error.code !== "INTEGRATION.PERMISSION_MISSING") throw error;
      this.logger.warn(
        { profile: type },
        "iCIMS Schema API refused (403): reading no custom fields; grant the API user profile definitions",
      );
    }
    return NO_FIELDS_KNOWN;
  }
}
