import type { AttachmentFile } from "@atsync/core/connector";
import type { IcimsClient } from "../http/client.js";

/** A stored resume's bytes, type and name. */
export interface FileContent {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** MIME type (`application/octet-stream` when unknown). */
  contentType: string;
  /** File name. */
  name: string;
}

/** The person's resume path (`personId` checked numeric by the caller). */
const resumePath = (personId: string) => `/people/${encodeURIComponent(personId)}/fields/resume/binary`;

/** Stores `file` as the person's resume (`PATCH …/fields/resume/binary`, multipart; replaces any earlier one). */
export async function uploadResume(
  client: IcimsClient,
  personId: string,
  file: AttachmentFile,
  signal: AbortSignal,
): Promise<void> {
  const form = new FormData();
  form.append("file", new Blob([file.bytes], { type: file.content_type }), file.name);
  await client.write("PATCH", resumePath(personId), { form }, { signal });
}

/**
 * The person's resume, or null when there is none (iCIMS answers 404, or an `application/json`
 * error body, for a person without a resume).
 */
export async function readResume(
  client: IcimsClient,
  personId: string,
  signal: AbortSignal,
): Promise<FileContent | null> {
  const response = await client.getBinary(resumePath(personId), { signal, missingAsNull: true });
  const contentType = response?.headers["content-type"]?.split(";")[0]?.trim() ?? "application/octet-stream";
  if (response === null || contentType === "application/json") return null;
  const disposition = response.headers["content-disposition"] ?? "";
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? "resume";
  return { bytes: response.body, contentType, name };
}
