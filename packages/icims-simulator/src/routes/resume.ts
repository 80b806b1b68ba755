import type { SimContext } from "../context.js";
import type { StoredFile } from "../data/model.js";
import { clone } from "../data/store.js";
import { loadRecord } from "../data/write.js";
import { badRequest, ErrorCode, IcimsError, notFound } from "../errors.js";
import { empty } from "../http.js";
import { parseMultipartFile } from "../multipart.js";
import type { Router } from "../router.js";

const PATH = "/people/{id}/fields/resume/binary";

/** Bytes of a generated resume (a tiny PDF or plain-text file naming the person). */
function generatedBytes(file: StoredFile, name: string): Uint8Array {
  const text = `${name}\nResume\n\nExperience: see application.\n`;
  if (file.contentType !== "application/pdf") return Buffer.from(text);
  const content = `BT /F1 12 Tf 72 720 Td (${name.replace(/[()\\]/g, "")} - Resume) Tj ET`;
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n` +
      `3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R>> endobj\n` +
      `4 0 obj <</Length ${content.length}>> stream\n${content}\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
}

/**
 * The resume binary: `GET` returns the bytes with their stored content type (404 JSON error when the
 * person has none), `PATCH` accepts only `multipart/form-data` with one file part (204), `POST` is not
 * supported (405) and `DELETE` is refused (400) because the resume field cannot be deleted.
 */
export function resumeRoutes(router: Router, sim: SimContext): void {
  router.on("GET", PATH, (ctx) => {
    const record = loadRecord(sim.store, "people", ctx.params["id"] ?? "");
    const file = record.fields["resume"] as StoredFile | undefined;
    if (!file) throw notFound("No resume is stored for this person.");
    const name = [record.fields["firstname"], record.fields["lastname"]].filter(Boolean).join(" ");
    return {
      status: 200,
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename.replace(/"/g, "")}"`,
      },
      body: file.data ?? generatedBytes(file, name),
    };
  });
  router.on("PATCH", PATH, (ctx) => {
    const record = clone(loadRecord(sim.store, "people", ctx.params["id"] ?? ""));
    const part = parseMultipartFile(ctx.headers["content-type"], ctx.body);
    if (!part) throw badRequest("The resume must be uploaded as multipart/form-data with one file part.");
    record.fields["resume"] = {
      filename: part.filename,
      contentType: part.contentType,
      data: part.data,
    } satisfies StoredFile;
    sim.writer.touch("people", record, undefined, sim.writeContext("api"));
    return empty(204);
  });
  router.on("POST", PATH, () => {
    throw new IcimsError(
      405,
      ErrorCode.INVALID_REQUEST,
      "POST is not supported for binary fields; use PATCH.",
    );
  });
  router.on("DELETE", PATH, () => {
    throw badRequest("The resume field cannot be deleted.", "resume");
  });
}
