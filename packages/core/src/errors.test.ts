import { describe, expect, it } from "vitest";
import { AtsyncError, defaultKind, inputInvalid, isAtsyncError } from "./errors.js";

describe("AtsyncError", () => {
  it("carries code, default kind and options", () => {
    const cause = new Error("socket hang up");
    const err = new AtsyncError("REMOTE.SERVICE_UNAVAILABLE", "iCIMS answered 503", {
      integrationId: "icims:abc",
      retryAfterMs: 2000,
      cause,
    });
    expect(err.kind).toBe("transient");
    expect(err.integrationId).toBe("icims:abc");
    expect(err.retryAfterMs).toBe(2000);
    expect(err.cause).toBe(cause);
    expect(err.message).toBe("iCIMS answered 503");
  });

  it("lets the thrower override the kind", () => {
    expect(new AtsyncError("REMOTE.INPUT_INVALID", "x", { kind: "system" }).kind).toBe("system");
  });

  it("maps codes to their usual kinds", () => {
    expect(defaultKind("INTEGRATION.AUTHENTICATION_INVALID")).toBe("config");
    expect(defaultKind("INTEGRATION.ACTION_NOT_AVAILABLE")).toBe("unsupported");
    expect(defaultKind("REMOTE.UNKNOWN_HTTP_ERROR")).toBe("system");
    expect(defaultKind("REMOTE.RATE_LIMIT_EXCEEDED")).toBe("transient");
  });

  it("is recognised by brand, not by instanceof", () => {
    const err = new AtsyncError("PLATFORM.UNKNOWN_ERROR", "boom");
    const lookalike = Object.assign(new Error("x"), { code: "PLATFORM.UNKNOWN_ERROR" });
    expect(isAtsyncError(err)).toBe(true);
    expect(isAtsyncError(lookalike)).toBe(false);
    expect(isAtsyncError({ ...err, [Symbol.for("@atsync/core:AtsyncError")]: true })).toBe(true);
    expect(isAtsyncError(null)).toBe(false);
  });

  it("inputInvalid lists every issue with its path", () => {
    const err = inputInvalid("page", [
      { path: "records.0.remote_id", message: "Required" },
      { path: "", message: "too many records" },
    ]);
    expect(err.code).toBe("PLATFORM.INPUT_INVALID");
    expect(err.message).toBe("Invalid page: records.0.remote_id: Required; too many records");
    expect(err.details).toEqual({
      issues: [
        { path: "records.0.remote_id", message: "Required" },
        { path: "", message: "too many records" },
      ],
    });
  });
});
