import { inputInvalid } from "../errors.js";

/** Limits a request body is held to before anything else reads it. */
export interface BodyLimits {
  /** Largest body in bytes. */
  bytes: number;
  /** Deepest nesting of arrays and objects in a JSON body. */
  depth: number;
}

/** Reads a request body as UTF-8 text of at most `limits.bytes` (checked while reading); "" when there is none. */
export async function readText(request: Request, limits: BodyLimits): Promise<string> {
  return Buffer.from(await readBytes(request, limits)).toString("utf8");
}

/** Reads a request body's bytes, at most `limits.bytes` (checked while reading); empty when there is none. */
export async function readBytes(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limits.bytes) throw tooLarge(limits.bytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.bytes) {
      await reader.cancel();
      throw tooLarge(limits.bytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON body's text within `limits`; `null` for an empty body. The nesting depth is
 * checked on the text before it is parsed, so nothing downstream (the idempotency fingerprint,
 * zod, storage) ever sees a pathologically deep value.
 */
export function parseJsonBody(text: string, limits: BodyLimits): unknown {
  if (!text.trim()) return null;
  if (nestsDeeperThan(text, limits.depth)) {
    throw inputInvalid("request", [
      { path: "body", message: `nests arrays and objects deeper than ${limits.depth} levels` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw inputInvalid("request", [{ path: "body", message: "is not valid JSON" }]);
  }
}

/** True when JSON text opens more than `max` arrays/objects at once (brackets inside strings do not count). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function tooLarge(limit: number) {
  return inputInvalid("request", [{ path: "body", message: `exceeds the limit of ${limit} bytes` }]);
}
