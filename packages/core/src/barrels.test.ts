import { describe, expect, it } from "vitest";
import * as connector from "./connector/index.js";
import * as host from "./index.js";
import * as storage from "./storage/index.js";

describe("the public barrels, one per audience", () => {
  it("gives hosts createAtsync and webhook signing, but no internals or author tools", () => {
    expect(Object.keys(host)).toEqual(expect.arrayContaining(["createAtsync", "signWebhook", "unifiedId"]));
    for (const internal of [
      "SyncEngine",
      "TOKENS",
      "IntegrationRuntime",
      "base58",
      "ReadService",
      "GuardedFetcher",
    ])
      expect(Object.keys(host), internal).not.toContain(internal);
    for (const authorTool of ["defineConnector", "createHttpClient", "validatePageCommit", "MODELS"])
      expect(Object.keys(host), authorTool).not.toContain(authorTool);
  });

  it("gives connector authors the contract and the HTTP client, not the storage helpers", () => {
    expect(Object.keys(connector)).toEqual(
      expect.arrayContaining(["defineConnector", "createHttpClient", "toAtsyncError", "remoteRecordSchema"]),
    );
    expect(Object.keys(connector)).not.toContain("validatePageCommit");
    expect(Object.keys(connector)).not.toContain("createAtsync");
  });

  it("gives backend authors the ports' helpers and the model registry, not the connector contract", () => {
    expect(Object.keys(storage)).toEqual(
      expect.arrayContaining([
        "validatePageCommit",
        "contentHash",
        "MODELS",
        "TREE_RULES",
        "parseIntegrationSettings",
      ]),
    );
    expect(Object.keys(storage)).not.toContain("defineConnector");
    expect(Object.keys(storage)).not.toContain("createAtsync");
  });
});
