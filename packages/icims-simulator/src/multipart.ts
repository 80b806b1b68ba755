/** The file part of a `multipart/form-data` body. */
export interface FilePart {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

/**
 * Returns the first part carrying a `filename` from a `multipart/form-data` body, or undefined when the
 * content type is not multipart or no file part exists.
 */
export function parseMultipartFile(contentType: string | undefined, body: Buffer): FilePart | undefined {
  if (!/^multipart\/form-data\b/i.test(contentType ?? "")) return undefined;
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const token = boundary?.[1] ?? boundary?.[2];
  if (!token) return undefined;
  const delimiter = Buffer.from(`--${token}`);
  let position = body.indexOf(delimiter);
  while (position >= 0) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString("latin1") === "--") return undefined;
    const next = body.indexOf(delimiter, start);
    if (next < 0) return undefined;
    const part = body.subarray(start + 2, Math.max(start + 2, next - 2));
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (filename) {
        const type = /^content-type:\s*([^\r\n]+)/im.exec(headers)?.[1]?.trim() ?? "application/octet-stream";
        return { filename, contentType: type, data: Uint8Array.from(part.subarray(headerEnd + 4)) };
      }
    }
    position = next;
  }
  return undefined;
}
