import type { AttachmentFile } from "../connector/actions.js";
import { inputInvalid } from "../errors.js";
import type { AttachmentInput, FileUpload } from "../model/actions.js";
import { formatBytes, type GuardedFetcher } from "../net/guarded-fetch.js";

/** Largest attachment an action accepts, given inline (`data`) or downloaded (`data_url`): 10 MiB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** A file upload in hand: its name, its MIME type and its bytes. */
export type FileInHand = Omit<AttachmentFile, "type">;

/** Where a file upload sits in its input: refusals name the field and what the input is. */
export interface FileField {
  /** Its path in the input (`attachments.0`, `multipart_form_data.2.value`). */
  field: string;
  /** What the input is (`attachment`, `passthrough request`). */
  what: string;
}

/**
 * The file upload at `where` in hand: `data` decoded, or `data_url` downloaded through
 * `fetcher`; either way at most `maxBytes` (default `MAX_ATTACHMENT_BYTES`). The MIME type is the
 * one given, else the download's, else `application/octet-stream`. Throws
 * `PLATFORM.INPUT_INVALID` naming `<field>.data` or `<field>.data_url` and the reason.
 */
export async function fileInHand(
  fetcher: GuardedFetcher,
  file: FileUpload,
  where: FileField,
  signal: AbortSignal,
  maxBytes = MAX_ATTACHMENT_BYTES,
): Promise<FileInHand> {
  const { name } = file;
  const { field, what } = where;
  if (file.data !== undefined) {
    const bytes = Buffer.from(file.data, "base64");
    if (bytes.byteLength > maxBytes) {
      throw inputInvalid(what, [
        { path: `${field}.data`, message: `is larger than ${formatBytes(maxBytes)}` },
      ]);
    }
    return { name, content_type: file.content_type ?? "application/octet-stream", bytes };
  }
  const fetched = await fetcher.fetch(file.data_url ?? "", {
    field: `${field}.data_url`,
    what,
    maxBytes,
    signal,
  });
  return {
    name,
    content_type: file.content_type ?? fetched.contentType ?? "application/octet-stream",
    bytes: fetched.bytes,
  };
}

/**
 * The attachment at `field` (e.g. `attachments.0`) in hand (see `fileInHand`; refusals name
 * `<field>.data` or `<field>.data_url`), with its kind.
 */
export async function attachmentFile(
  fetcher: GuardedFetcher,
  attachment: AttachmentInput,
  field: string,
  signal: AbortSignal,
): Promise<AttachmentFile> {
  const file = await fileInHand(fetcher, attachment, { field, what: "attachment" }, signal);
  return { ...file, type: attachment.type };
}
