import { describe, expect, it } from "vitest";
import { startSimulator } from "../../test/simulator.js";

const idAbove = (name: string, id: number) => ({ name, value: [String(id)], operator: ">" });

describe("§10.5 search results", () => {
  it("returns ids only ({id, self}), ascending, with no count or cursor", async () => {
    const { api, sim } = await startSimulator();
    const res = await api("/search/people", { method: "POST", json: { filters: [idAbove("person.id", 0)] } });
    const body = (await res.json()) as { searchResults: { id: number; self: string }[] };
    expect(Object.keys(body)).toEqual(["searchResults"]);
    expect(Object.keys(body.searchResults[0] ?? {})).toEqual(["id", "self"]);
    expect(body.searchResults[0]?.self).toBe(`${sim.baseUrl}/people/${body.searchResults[0]?.id}`);
    const ids = body.searchResults.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(res.headers.get("content-type")).toBe("application/json;charset=UTF-8");
  });

  it("caps a page at 1000 rows", async () => {
    const { search } = await startSimulator({ applications: 2500 });
    expect(
      await search("applicantworkflows", { filters: [idAbove("applicantworkflow.id", 0)] }),
    ).toHaveLength(1000);
  });

  it("pages through every id with an id > last filter", async () => {
    const { search, sim } = await startSimulator({ applications: 2500 });
    const all: number[] = [];
    let last = 0;
    for (;;) {
      const page = await search("applicantworkflows", { filters: [idAbove("applicantworkflow.id", last)] });
      all.push(...page);
      if (page.length < 1000) break;
      last = page.at(-1) ?? last;
    }
    expect(all).toEqual(sim.state.list("applicantworkflows").map((r) => r.id));
  });

  it("answers an empty result as {searchResults: []}", async () => {
    const { api } = await startSimulator();
    const res = await api("/search/people", {
      method: "POST",
      json: { filters: [idAbove("person.id", 99_999_999)] },
    });
    expect(await res.json()).toEqual({ searchResults: [] });
  });

  it("accepts the same query as GET ?searchJson=", async () => {
    const { api, search } = await startSimulator();
    const query = { filters: [{ name: "person.lastname", value: ["Lee"] }] };
    const res = await api(`/search/people?searchJson=${encodeURIComponent(JSON.stringify(query))}`);
    const ids = ((await res.json()) as { searchResults: { id: number }[] }).searchResults.map((r) => r.id);
    expect(ids).toEqual(await search("people", query));
    expect(ids.length).toBeGreaterThan(0);
  });
});

describe("§10.6 filter semantics", () => {
  it("treats several values as OR", async () => {
    const { search, sim } = await startSimulator();
    const [a, b] = sim.state.list("jobs");
    const ids = await search("jobs", {
      filters: [{ name: "job.id", value: [String(a?.id), String(b?.id)] }],
    });
    expect(ids).toEqual([a?.id, b?.id]);
  });

  it("defaults the operator to = (contains for text)", async () => {
    const { search, sim } = await startSimulator();
    const ids = await search("people", { filters: [{ name: "person.email", value: ["EXAMPLE.ORG"] }] });
    const expected = sim.state.list("people").filter((p) => String(p["email"]).includes("example.org"));
    expect(ids).toEqual(expected.map((p) => p.id));
  });

  it("matches exact text with ==", async () => {
    const { search, sim } = await startSimulator();
    const person = sim.state.list("people")[10];
    const email = String(person?.["email"]);
    expect(
      await search("people", {
        filters: [{ name: "person.email", value: [email.slice(0, -1)], operator: "==" }],
      }),
    ).toEqual([]);
    expect(
      await search("people", { filters: [{ name: "person.email", value: [email], operator: "==" }] }),
    ).toEqual([person?.id]);
  });

  it("compares ids with < and >", async () => {
    const { search, sim } = await startSimulator();
    const jobs = sim.state.list("jobs").map((j) => j.id);
    const [low, high] = [jobs[3] ?? 0, jobs[7] ?? 0];
    const ids = await search("jobs", {
      filters: [
        { name: "job.id", value: [String(low)], operator: ">" },
        { name: "job.id", value: [String(high)], operator: "<" },
      ],
    });
    expect(ids).toEqual(jobs.slice(4, 7));
  });

  it("combines & and | groups with children", async () => {
    const { search, sim } = await startSimulator();
    const jobs = sim.state.list("jobs").map((j) => j.id);
    const ids = await search("jobs", {
      filters: [{ name: "job.id", value: [String(jobs[0])], operator: ">" }],
      operator: "&",
      children: [
        {
          operator: "|",
          filters: [
            { name: "job.id", value: [String(jobs[0])] },
            { name: "job.id", value: [String(jobs[2])] },
            { name: "job.id", value: [String(jobs[4])] },
          ],
        },
      ],
    });
    expect(ids).toEqual([jobs[2], jobs[4]]);
  });

  it("filters on list node ids and on related profiles", async () => {
    const { search, sim } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0];
    const person = workflow?.["associatedprofile"] as { id: number };
    const email = String(sim.state.get("people", person.id)?.["email"]);
    const byEmail = await search("applicantworkflows", {
      filters: [{ name: "applicantworkflow.person.email", value: [email], operator: "==" }],
    });
    const expected = sim.state
      .list("applicantworkflows")
      .filter((w) => (w["associatedprofile"] as { id: number }).id === person.id);
    expect(byEmail).toEqual(expected.map((w) => w.id));
    const status = (workflow!["status"] as { id: string }).id;
    const byStatus = await search("applicantworkflows", {
      filters: [{ name: "applicantworkflow.status", value: [status] }],
    });
    expect(byStatus).toContain(workflow?.id);
  });

  it("rejects a filter of another type (prefix validation) with 400", async () => {
    const { api } = await startSimulator();
    const res = await api("/search/people", {
      method: "POST",
      json: { filters: [{ name: "job.id", value: ["1"] }] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-error")).toContain("not valid for a person search");
  });

  it("rejects unknown filters, operators and attributes with 400", async () => {
    const { api } = await startSimulator();
    const post = (json: unknown) => api("/search/people", { method: "POST", json }).then((r) => r.status);
    expect(await post({ filters: [{ name: "person.shoesize", value: ["1"] }] })).toBe(400);
    expect(await post({ filters: [{ name: "person.firstname", value: ["A"], operator: ">" }] })).toBe(400);
    expect(await post({ filters: [{ name1: "person.firstname", value: ["A"] }] })).toBe(400);
    expect(await post({ filters: [{ name: "person.firstname", value: ["A"] }], operator: "AND" })).toBe(400);
    expect(await post({ filters: [{ name: "person.firstname", value: "A" }] })).toBe(400);
  });

  it("rejects a search without filters with 400", async () => {
    const { api } = await startSimulator();
    const res = await api("/search/people", { method: "POST", json: { filters: [] } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ errorMessage: "At least one filter must be specified.", errorCode: 5 }],
    });
  });

  it("does not know applicantworkflow.createddate (undocumented)", async () => {
    const { api } = await startSimulator();
    const res = await api("/search/applicantworkflows", {
      method: "POST",
      json: { filters: [{ name: "applicantworkflow.createddate", value: ["2024-01-01"], operator: ">" }] },
    });
    expect(res.status).toBe(400);
  });
});

describe("§10.7 date filters", () => {
  it("parses yyyy-MM-dd hh:mm a (1- or 2-digit hour) and yyyy-MM-dd as UTC", async () => {
    const { search, sim } = await startSimulator();
    const people = sim.state.list("people");
    const after = (at: string) =>
      people
        .filter(
          (p) =>
            Date.parse(
              `${String(p["updateddate"]).replace(/ (\d+):(\d+) (AM|PM)/, (_, h, m, ap) => `T${String((Number(h) % 12) + (ap === "PM" ? 12 : 0)).padStart(2, "0")}:${m}:00Z`)}`,
            ) > Date.parse(at),
        )
        .map((p) => p.id);
    const filter = (value: string) => ({
      filters: [{ name: "person.updateddate", value: [value], operator: ">" }],
    });
    expect(await search("people", filter("2025-01-15 3:30 PM"))).toEqual(after("2025-01-15T15:30:00Z"));
    expect(await search("people", filter("2025-01-15 03:30 PM"))).toEqual(after("2025-01-15T15:30:00Z"));
    expect(await search("people", filter("2025-01-15"))).toEqual(after("2025-01-15T00:00:00Z"));
  });

  it("bounds an = range by value (from) and secondaryValue (to)", async () => {
    const { search, sim } = await startSimulator();
    const ids = await search("applicantworkflows", {
      filters: [
        {
          name: "applicantworkflow.updateddate",
          value: ["2025-02-01 12:00 AM"],
          secondaryValue: ["2025-02-10 12:00 AM"],
        },
      ],
    });
    const expected = sim.state
      .list("applicantworkflows")
      .filter((w) => {
        const d = String(w["updateddate"]);
        return d >= "2025-02-01" && d < "2025-02-10";
      })
      .map((w) => w.id);
    expect(ids).toEqual(expected.slice(0, 1000));
    expect(ids.length).toBeGreaterThan(0);
  });

  it("ignores an unparseable date (ISO string) and returns everything", async () => {
    const { search, sim } = await startSimulator();
    const ids = await search("people", {
      filters: [{ name: "person.updateddate", value: ["2099-01-01T00:00:00Z"], operator: ">" }],
    });
    expect(ids).toEqual(sim.state.list("people").map((p) => p.id));
  });

  it("rejects a blank date filter with 400", async () => {
    const { api } = await startSimulator();
    const res = await api("/search/people", {
      method: "POST",
      json: { filters: [{ name: "person.updateddate", value: [""], operator: ">" }] },
    });
    expect(res.status).toBe(400);
  });
});

describe("§10.9 search cache and staleness", () => {
  const recent = { filters: [{ name: "person.updateddate", value: ["2025-03-10 12:00 AM"], operator: ">" }] };

  it("hides a new record from a repeated identical search until staleness passes", async () => {
    const { search, sim } = await startSimulator();
    expect(await search("people", recent)).toEqual([]);
    const { id } = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "New", lastname: "Person" },
    });
    expect(await search("people", recent)).toEqual([]);
    sim.state.advance(15 * 60_000);
    expect(await search("people", recent)).toEqual([id]);
  });

  it("bypasses the cache with staleness=0", async () => {
    const { search, sim } = await startSimulator();
    await search("people", recent);
    const { id } = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "New", lastname: "Person" },
    });
    expect(await search("people", recent, "?staleness=0")).toEqual([id]);
  });

  it("honours a shorter staleness parameter", async () => {
    const { search, sim } = await startSimulator();
    await search("people", recent);
    const { id } = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "New", lastname: "Person" },
    });
    sim.state.advance(5 * 60_000);
    expect(await search("people", recent, "?staleness=15")).toEqual([]);
    expect(await search("people", recent, "?staleness=5")).toEqual([id]);
  });

  it("can be switched off", async () => {
    const { search, sim } = await startSimulator({ searchCache: false });
    await search("people", recent);
    const { id } = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "New", lastname: "Person" },
    });
    expect(await search("people", recent)).toEqual([id]);
  });
});

describe("§10.21 portal search", () => {
  it("returns posted jobs only, with id, self, portalUrl and camelCase updatedDate", async () => {
    const { api, sim } = await startSimulator({ jobs: 40 });
    const res = await api("/search/portals/jobs");
    const rows = ((await res.json()) as { searchResults: Record<string, unknown>[] }).searchResults;
    const posted = sim.state
      .list("jobs")
      .filter((j) => ["Approved", "Open"].includes((j["folder"] as { value: string }).value))
      .map((j) => j.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["id", "self", "portalUrl", "updatedDate"]);
      expect(row["self"]).toBe(`${sim.baseUrl}/portals/jobs/${row["id"]}`);
      expect(row["updatedDate"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} (AM|PM)$/);
      expect(posted).toContain(row["id"]);
    }
  });

  it("drops a job once it is closed", async () => {
    const { api, sim } = await startSimulator({ jobs: 40 });
    const rows = async () =>
      (
        (await (await api("/search/portals/jobs?staleness=0")).json()) as { searchResults: { id: number }[] }
      ).searchResults.map((r) => r.id);
    const [first] = await rows();
    sim.state.mutate({ op: "update", type: "jobs", id: first ?? 0, fields: { folder: { value: "Closed" } } });
    expect(await rows()).not.toContain(first);
  });

  it("answers an unknown portal with 404", async () => {
    const { api } = await startSimulator();
    expect((await api("/search/portals/nope")).status).toBe(404);
  });
});
