import type { ModelKey, RecordPage } from "@atsync/core/connector";
import type { ProfileSchemas } from "../decisions/custom-fields.js";
import type { IcimsClient } from "../http/client.js";
import type { ProfileCache } from "./profile-cache.js";

/** Connector settings the readers use (from the credentials). */
export interface ReaderSettings {
  /** Record GETs in flight at once. */
  concurrency: number;
  /** List id of the status tree; undefined → stages are harvested from workflows. */
  statusListId: string | undefined;
  /** List id of the screening-question library. */
  screeningQuestionListId: string;
  /** Portals whose postings are read. */
  portals: readonly string[];
  /** Login groups whose members are users. */
  loginGroupIds: readonly string[];
}

/** What every reader gets from the session. */
export interface ReaderDeps {
  client: IcimsClient;
  settings: ReaderSettings;
  /** Profiles fetched by one read for a later read of the same sync. */
  prefetched: ProfileCache;
  /** The tenant's custom fields and field titles per profile type (Schema API, cached per session). */
  schemas: ProfileSchemas;
}

/** One read, as the session validated it. */
export interface ReadRequest {
  /** Delta lower bound (already minus the engine's overlap), or null for a full read. */
  since: Date | null;
  /** Change-date upper bound of one window of a read newest first (`ReadOptions.until`), or null. */
  until: Date | null;
  /** Vendor keys the previous window of the same read returned (`ReadOptions.alreadyRead`): not fetched again. */
  alreadyRead: ReadonlySet<string>;
  /** Upper bound of a delta's search window (the minute it started), or null for a full read. */
  windowEnd: Date | null;
  /** Only these vendor keys, or null. */
  scope: ReadonlySet<string> | null;
  /** A checkpoint of an earlier page of the same read, or null. */
  resume: string | null;
  /** Aborts the read. */
  signal: AbortSignal | undefined;
  /** Of some vendor keys, those stored for a model (`ReadOptions.stored`); null outside a sync. */
  stored: ((model: ModelKey, remoteIds: readonly string[]) => Promise<string[]>) | null;
}

/** An id listing, as the session validated it. */
export interface ListRequest {
  /** Only these vendor keys, or null. */
  scope: ReadonlySet<string> | null;
  /** Aborts the listing. */
  signal: AbortSignal | undefined;
}

/** How one unified model is read from iCIMS. */
export interface ModelReader {
  /** Pages of mapped records; the checkpoint contract is `RecordPage`'s. */
  read(request: ReadRequest): AsyncGenerator<RecordPage>;
  /** Every vendor key a full read would return, in pages. */
  listIds(request: ListRequest): AsyncGenerator<string[]>;
}
