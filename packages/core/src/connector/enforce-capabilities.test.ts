import { describe, expect, it } from "vitest";
import type { ModelKey } from "../model/common.js";
import { fixtureConnector } from "../testing/fixture-connector.js";
import type { ConnectorDefinition } from "./definition.js";
import { enforceCapabilities } from "./enforce-capabilities.js";
import type { ConnectorSession, RecordPage } from "./session.js";

/** A session that records what reached it and offers every member, covered or not. */
function recordingSession() {
  const reached: string[] = [];
  const session: ConnectorSession = {
    check: async () => {},
    async *read(model: ModelKey): AsyncIterable<RecordPage> {
      reached.push(`read ${model}`);
      yield { records: [], checkpoint: null };
    },
    async *listRemoteIds(model: ModelKey): AsyncIterable<string[]> {
      reached.push(`list ${model}`);
      yield ["1"];
    },
    confirmGone: async (model) => {
      reached.push(`confirm ${model}`);
      return [];
    },
    actions: {
      create_application: async () => {
        throw new Error("not called");
      },
      create_candidate: async () => {
        throw new Error("not called");
      },
    },
    passthrough: async () => ({ url: "https://vendor.test/x", status: 200, headers: {}, data: null }),
  };
  return { session, reached };
}

const drain = async (pages: AsyncIterable<unknown>) => {
  for await (const _ of pages);
};

const withCapabilities = (
  capabilities: Partial<ConnectorDefinition["capabilities"]>,
): ConnectorDefinition<unknown> =>
  ({
    ...fixtureConnector,
    capabilities: { ...fixtureConnector.capabilities, ...capabilities },
  }) as ConnectorDefinition<unknown>;

describe("enforceCapabilities", () => {
  it("refuses reads, listings and confirmations of an uncovered model before the connector sees them", async () => {
    const { session, reached } = recordingSession();
    const enforced = enforceCapabilities(fixtureConnector as ConnectorDefinition<unknown>, session);
    for (const call of [
      () => drain(enforced.read("job_postings")),
      () => drain(enforced.listRemoteIds("job_postings")),
      () => enforced.confirmGone!("job_postings", ["1"]),
    ])
      await expect(call()).rejects.toMatchObject({ code: "INTEGRATION.MODEL_NOT_AVAILABLE" });
    expect(reached).toEqual([]);
    await drain(enforced.read("jobs"));
    await drain(enforced.listRemoteIds("jobs"));
    await enforced.confirmGone!("jobs", ["1"]);
    expect(reached).toEqual(["read jobs", "list jobs", "confirm jobs"]);
  });

  it("refuses `since` without deltaSync and `scope` without createdApplicationsOnly", async () => {
    const { session, reached } = recordingSession();
    const none = enforceCapabilities(
      withCapabilities({ deltaSync: false, createdApplicationsOnly: false }),
      session,
    );
    await expect(drain(none.read("jobs", { since: new Date(0) }))).rejects.toMatchObject({
      code: "INTEGRATION.MODEL_NOT_AVAILABLE",
      message: expect.stringContaining("deltaSync"),
    });
    await expect(drain(none.read("applications", { scope: ["7"] }))).rejects.toMatchObject({
      code: "INTEGRATION.MODEL_NOT_AVAILABLE",
      message: expect.stringContaining("createdApplicationsOnly"),
    });
    expect(reached).toEqual([]);
    const both = enforceCapabilities(
      withCapabilities({ deltaSync: true, createdApplicationsOnly: true }),
      session,
    );
    await drain(both.read("applications", { since: new Date(0), scope: ["7"] }));
    expect(reached).toEqual(["read applications"]);
  });

  it("refuses `until` for a model whose coverage does not set windowedRead", async () => {
    const { session, reached } = recordingSession();
    const definition = withCapabilities({ deltaSync: true });
    const enforced = enforceCapabilities(definition, session);
    await expect(drain(enforced.read("applications", { until: new Date(0) }))).rejects.toMatchObject({
      code: "INTEGRATION.MODEL_NOT_AVAILABLE",
      message: expect.stringContaining("windowedRead"),
    });
    expect(reached).toEqual([]);
    const windowed = {
      ...definition,
      coverage: {
        ...definition.coverage,
        models: {
          ...definition.coverage.models,
          applications: { ...definition.coverage.models.applications, fields: [], windowedRead: true },
        },
      },
    } as ConnectorDefinition<unknown>;
    await drain(enforceCapabilities(windowed, session).read("applications", { until: new Date(0) }));
    expect(reached).toEqual(["read applications"]);
  });

  it("offers only the actions coverage marks supported, and passthrough only with its capability", () => {
    const { session } = recordingSession();
    const enforced = enforceCapabilities(withCapabilities({ passthrough: false }), session);
    expect(Object.keys(enforced.actions)).toEqual(["create_application"]);
    expect(enforced.passthrough).toBeUndefined();
    expect(enforceCapabilities(withCapabilities({ passthrough: true }), session).passthrough).toBeTypeOf(
      "function",
    );
  });
});
