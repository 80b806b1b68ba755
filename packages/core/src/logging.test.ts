import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createRootLogger } from "./logging.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

const SECRET_RECORD = {
  credentials: { clientId: "id-1", clientSecret: "s3cr3t-client" },
  request: { headers: { authorization: "Bearer tok-123" } },
  password: "hunter2",
  integration: { password: "p4ss" },
};

describe("root logger", () => {
  it("is silent by default", () => {
    expect(createRootLogger().level).toBe("silent");
  });

  it("redacts secrets from a destination logger and from its children", () => {
    const { lines, stream } = capture();
    const root = createRootLogger({ destination: stream, level: "debug" });
    root.info(SECRET_RECORD, "connect");
    root.child({ integrationId: "icims:x" }).child({ runId: "r1" }).info(SECRET_RECORD, "nested");
    const out = lines.join("");
    expect(lines).toHaveLength(2);
    for (const secret of ["s3cr3t-client", "tok-123", "hunter2", "p4ss"]) expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
    expect(out).toContain('"runId":"r1"');
  });

  it("redacts secrets when the host passes its own pino logger without redaction", () => {
    const { lines, stream } = capture();
    const host = pino({ level: "info" }, stream);
    createRootLogger({ logger: host }).child({ integrationId: "icims:y" }).info(SECRET_RECORD, "hello");
    const out = lines.join("");
    expect(out).toContain('"lib":"atsync"');
    for (const secret of ["s3cr3t-client", "tok-123", "hunter2", "p4ss"]) expect(out).not.toContain(secret);
  });
});
