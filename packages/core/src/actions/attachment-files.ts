import type { AttachmentFile } from "../connector/actions.js";
import { inputInvalid } from "../errors.js";
import type { AttachmentInput } from "../model/actions.js";
import { formatBytes, type GuardedFetcher } from "../net/guarded-fetch.js";

/** Largest attachment an action accepts, given inline (`data`) or downloaded (`data_url`): 10 MiB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * The attachment at `field` (e.g. `attachments.0`) in hand: `data` decoded, or `data_url`
 * downloaded through `fetcher`; either way at most `MAX_ATTACHMENT_BYTES`. Throws
 * `PLATFORM.INPUT_INVALID` naming `<field>.data` or `<field>.data_url` and the reason.
 */
export async function attachmentFile(
  fetcher: GuardedFetcher,
  attachment: AttachmentInput,
  field: string,
  signal: AbortSignal,
): Promise<AttachmentFile> {
  const { name, type } = attachment;
  if (attachment.data !== undefined) {
    const bytes = Buffer.from(attachment.data, "base64");
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      throw inputInvalid("attachment", [
        { path: `${field}.data`, message: `is larger than ${formatBytes(MAX_ATTACHMENT_BYTES)}` },
      ]);
    }
    return { name, type, content_type: attachment.content_type ?? "application/octet-stream", bytes };
  }
  const fetched = await fetcher.fetch(attachment.data_url ?? "", {
    field: `${field}.data_url`,
    what: "attachment",
    maxBytes: MAX_ATTACHMENT_BYTES,
    signal,
  });
  return {
    name,
    type,
    content_type: attachment.content_type ?? fetched.contentType ?? "application/octet-stream",
    bytes: fetched.bytes,
  };
}
