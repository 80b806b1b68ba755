import { describe, expect, it } from "vitest";
import { startSimulator } from "../../test/simulator.js";

type Json = Record<string, unknown>;
type SchemaAnswer = {
  type: string;
  properties: Record<string, { title: string; type: string; format?: string }>;
};

/** The tenant's `fieldNNNNN` ids of a schema answer, with their titles. */
function customFields(schema: SchemaAnswer): Record<string, string> {
  return Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([id]) => /^field\d+$/.test(id))
      .map(([id, p]) => [id, p.title]),
  );
}

describe("tenant custom fields and the Schema API", () => {
  it("answers a JSON-Schema object per profile with standard and custom fields, titled and typed", async () => {
    const { api } = await startSimulator();
    const job = (await (await api("/profiledefinitions/v1/job/schema")).json()) as SchemaAnswer;
    expect(job.type).toBe("object");
    expect(job.properties["jobtitle"]).toEqual({ title: "Job Title", type: "string" });
    expect(job.properties["startdate"]).toEqual({ title: "Start Date", type: "string", format: "date" });
    expect(job.properties).not.toHaveProperty("postedto"); // internal
    expect(Object.values(customFields(job))).toEqual([
      "Cost Center",
      "Hiring Priority",
      "Budget Approved On",
    ]);
    const types = Object.entries(job.properties)
      .filter(([id]) => /^field\d+$/.test(id))
      .map(([, p]) => [p.type, p.format]);
    expect(types).toEqual([
      ["string", undefined],
      ["object", undefined],
      ["string", "date"],
    ]);

    const person = (await (await api("/profiledefinitions/v1/person/schema")).json()) as SchemaAnswer;
    expect(person.properties["firstname"]?.title).toBe("First Name");
    expect(person.properties).not.toHaveProperty("logingroup");
    expect(Object.values(customFields(person))).toEqual([
      "Referral Code",
      "Work Authorization",
      "Available From",
    ]);

    const submittal = (await (await api("/profiledefinitions/v1/submittal/schema")).json()) as SchemaAnswer;
    expect(submittal.properties["status"]?.title).toBe("Status");
    expect(customFields(submittal)).toEqual({});
    expect((await api("/profiledefinitions/v1/company/schema")).status).toBe(404);
  });

  it("gives each seed its own field ids, and leaves hidden fields out of the schema", async () => {
    const ids = async (seed: number) => {
      const { api } = await startSimulator({ seed, hiddenFields: { jobs: ["overview"] } });
      const schema = (await (await api("/profiledefinitions/v1/job/schema")).json()) as SchemaAnswer;
      expect(schema.properties).not.toHaveProperty("overview");
      return Object.keys(customFields(schema));
    };
    const a = await ids(1);
    expect(await ids(1)).toEqual(a);
    expect(await ids(2)).not.toEqual(a);
  });

  it("returns custom fields only when named in fields=, with values on most but not all records", async () => {
    const { api, sim } = await startSimulator({ jobs: 40 });
    const schema = (await (await api("/profiledefinitions/v1/job/schema")).json()) as SchemaAnswer;
    const [costCenter = "", priority = "", approved = ""] = Object.keys(customFields(schema));
    const jobs = sim.state.list("jobs");
    const withCostCenter = jobs.filter((j) => j[costCenter] !== undefined);
    expect(withCostCenter.length).toBeGreaterThan(jobs.length / 2);
    expect(withCostCenter.length).toBeLessThan(jobs.length);

    const id = withCostCenter[0]?.id;
    const plain = (await (await api(`/jobs/${id}`)).json()) as Json;
    expect(Object.keys(plain).filter((k) => /^field\d+$/.test(k))).toEqual([]);
    const asked = (await (
      await api(`/jobs/${id}?fields=jobtitle,${costCenter},${priority},${approved}`)
    ).json()) as Json;
    expect(asked[costCenter]).toMatch(/^CC-\d{4}$/);
    const full: Json = sim.state.get("jobs", id ?? 0) ?? {};
    for (const key of [priority, approved]) expect(asked[key]).toEqual(full[key]);
    const node = full[priority] as { id?: string; value?: string; formattedvalue?: string } | undefined;
    if (node) expect(node).toEqual({ id: node.id, value: node.value, formattedvalue: node.value });

    const without = jobs.find((j) => j[costCenter] === undefined)?.id;
    const empty = (await (await api(`/jobs/${without}?fields=${costCenter}`)).json()) as Json;
    expect(Object.keys(empty)).toEqual(["links"]);
  });

  it("generates people's custom values deterministically, also in a lazily generated large tenant", async () => {
    const options = { people: 200_000, applications: 0, jobs: 5 };
    /** The custom values of the last 100 generated people (ids ascend as 10000 + 3·index + 0..2). */
    const tail = async () => {
      const { api, sim } = await startSimulator(options);
      const schema = (await (await api("/profiledefinitions/v1/person/schema")).json()) as SchemaAnswer;
      const ids = Object.keys(customFields(schema));
      const people = Array.from({ length: 100 }, (_, i) => 10_000 + 3 * (199_900 + i))
        .map((base) => [0, 1, 2].map((k) => sim.state.get("people", base + k)).find(Boolean))
        .filter((p) => p !== undefined);
      expect(people).toHaveLength(100);
      return ids.map((id) => people.map((p) => p[id] ?? null));
    };
    const first = await tail();
    expect(first).toHaveLength(3);
    for (const values of first) {
      const filled = values.filter((v) => v !== null).length;
      expect(filled).toBeGreaterThan(40);
      expect(filled).toBeLessThan(100);
    }
    expect(await tail()).toEqual(first);
  });

  it("counts schema calls in the stats and applies injected faults to them", async () => {
    const { api, sim } = await startSimulator({ faults: { errorBurst: { every: 2, length: 1 } } });
    expect((await api("/profiledefinitions/v1/person/schema")).status).toBe(200);
    expect((await api("/profiledefinitions/v1/person/schema")).status).toBeGreaterThanOrEqual(500);
    expect(sim.state.stats()).toEqual({ "GET /profiledefinitions/v1/person/schema": 2 });
    expect(sim.state.faultStats().burstErrors).toBe(1);
  });

  it("refuses every schema call with schemaApiStatus 403 or 404", async () => {
    for (const status of [403, 404] as const) {
      const { api } = await startSimulator({ schemaApiStatus: status });
      const res = await api("/profiledefinitions/v1/job/schema");
      expect(res.status).toBe(status);
      expect(((await res.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    }
    await expect(startSimulator({ schemaApiStatus: 500 as never })).rejects.toThrow(RangeError);
  });

  it("lets an API PATCH set a custom field", async () => {
    const { api, sim } = await startSimulator();
    const schema = (await (await api("/profiledefinitions/v1/person/schema")).json()) as SchemaAnswer;
    const [referral = ""] = Object.keys(customFields(schema));
    const id = sim.state.list("people")[5]?.id;
    expect((await api(`/people/${id}`, { method: "PATCH", json: { [referral]: "RC-0001" } })).status).toBe(
      204,
    );
    expect(sim.state.get("people", id ?? 0)?.[referral]).toBe("RC-0001");
  });
});
