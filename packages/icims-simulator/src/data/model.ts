/** Internal value shapes of simulator records (what the overlay stores; rendered to iCIMS JSON on GET). */

/** A job location: one address entry of a company. */
export interface AddressLink {
  companyid: number;
  entry: number;
}

/** One collection entry; child values are stored in their internal shapes. */
export interface CollectionEntry {
  entry: number;
  [child: string]: unknown;
}

/** A stored file (the person resume). `data` is absent for generated resumes (bytes derived on read). */
export interface StoredFile {
  filename: string;
  contentType: string;
  data?: Uint8Array;
}

/** One `submittalstatuslog` entry: status node id, when (epoch ms), by whom (person id). */
export interface StatusLogEntry {
  status: string;
  at: number;
  by: number;
}

/** A record in internal form: field id → internal value (`createddate`/`updateddate` as epoch ms). */
export interface InternalRecord {
  id: number;
  fields: Record<string, unknown>;
  /** Exists but hidden from the API user: GET answers 404 RESOURCE_ACCESS_DENIED. */
  restricted?: boolean;
}
