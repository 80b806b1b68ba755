import { type HttpClient, inputInvalid } from "@atsync/core";
import type { IcimsClient } from "../http/client.js";

/** Largest file the connector uploads (iCIMS rejects large bodies; its exact cap is unknown). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A file to upload, as the unified action bodies give it. */
export interface FileInput {
  /** File name with extension. */
  name: string;
  /** MIME type (required with `data`). */
  content_type?: string | undefined;
  /** Base64 contents. */
  data?: string | undefined;
  /** An http(s) URL to download the file from (when `data` is absent). */
  data_url?: string | undefined;
}

/** A file's bytes, type and name. */
export interface FileContent {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** MIME type (`application/octet-stream` when unknown). */
  contentType: string;
  /** File name. */
  name: string;
}

/**
 * The bytes of an upload: decoded `data`, or `data_url` downloaded without credentials (core's
 * plain client, never the iCIMS one). Throws `PLATFORM.INPUT_INVALID` when the download fails or
 * the file is over 10 MiB.
 */
export async function fileContent(
  http: HttpClient,
  file: FileInput,
  signal: AbortSignal,
): Promise<FileContent> {
  let bytes: Uint8Array;
  let contentType = file.content_type;
  if (file.data !== undefined) {
    bytes = Buffer.from(file.data, "base64");
  } else {
    try {
      const response = await http.get(file.data_url ?? "", {
        responseType: "buffer",
        signal,
        retry: { limit: 1 },
      });
      bytes = response.body;
      contentType ??= response.headers["content-type"]?.split(";")[0]?.trim();
    } catch {
      throw inputInvalid("attachment", [{ path: "data_url", message: "could not be downloaded" }]);
    }
  }
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw inputInvalid("attachment", [{ path: "data", message: "is larger than 10 MiB" }]);
  }
  return { bytes, contentType: contentType ?? "application/octet-stream", name: file.name };
}

/** The person's resume path. */
const resumePath = (personId: string) => `/people/${encodeURIComponent(personId)}/fields/resume/binary`;

/** Stores `file` as the person's resume (`PATCH …/fields/resume/binary`, multipart; replaces any earlier one). */
export async function uploadResume(
  client: IcimsClient,
  personId: string,
  file: FileContent,
  signal: AbortSignal,
): Promise<void> {
  const form = new FormData();
  form.append("file", new Blob([file.bytes], { type: file.contentType }), file.name);
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
