import { describe, expect, it } from "vitest";
import { startSimulator } from "../../test/simulator.js";

type Json = Record<string, unknown>;

describe("§10.8 updateddate", () => {
  it("bumps updateddate on a PATCH, at minute precision (UTC)", async () => {
    const { api, sim } = await startSimulator({ startTime: "2025-03-10T12:34:56Z" });
    const id = sim.state.list("people")[20]?.id ?? 0;
    const before = sim.state.get("people", id)?.["updateddate"];
    expect((await api(`/people/${id}`, { method: "PATCH", json: { middlename: "Q" } })).status).toBe(204);
    expect(before).not.toBe("2025-03-10 12:34 PM");
    expect(sim.state.get("people", id)?.["updateddate"]).toBe("2025-03-10 12:34 PM");
  });

  it("bumps a workflow's updateddate on a status change, visible to an updateddate search", async () => {
    const { api, sim, search } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0];
    const status = sim.state.listTree("lists.applicantworkflow.status")?.[1]?.children?.[0]?.id;
    sim.state.advance(60 * 60_000);
    await api(`/applicantworkflows/${workflow?.id}`, { method: "PATCH", json: { status: { id: status } } });
    const ids = await search(
      "applicantworkflows",
      {
        filters: [{ name: "applicantworkflow.updateddate", value: ["2025-03-10 01:00 PM"], operator: ">=" }],
      },
      "?staleness=0",
    );
    expect(ids).toEqual([workflow?.id]);
  });
});

describe("§10.10 fields= and hidden fields", () => {
  it("returns only the requested non-empty fields plus links", async () => {
    const { api, sim } = await startSimulator();
    const person = sim.state.list("people").find((p) => p["middlename"] === undefined);
    const res = await api(`/people/${person?.id}?fields=firstname,middlename,email,nosuchfield`);
    const body = (await res.json()) as Json;
    expect(Object.keys(body)).toEqual(["firstname", "email", "links"]);
    expect(body["links"]).toEqual([
      { rel: "self", title: "The current profile being viewed.", url: `${sim.baseUrl}/people/${person?.id}` },
    ]);
  });

  it("omits empty fields without fields=", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[30]?.id ?? 0;
    sim.state.mutate({ op: "update", type: "people", id, fields: { middlename: null, sourcename: "" } });
    const body = (await (await api(`/people/${id}`)).json()) as Json;
    expect(body).not.toHaveProperty("middlename");
    expect(body).not.toHaveProperty("sourcename");
    expect(body).toHaveProperty("firstname");
  });

  it("silently drops hidden fields (and makes them unknown to search)", async () => {
    const { api, sim } = await startSimulator({ hiddenFields: { people: ["email"] } });
    const id = sim.state.list("people")[30]?.id;
    const body = (await (await api(`/people/${id}?fields=email,firstname`)).json()) as Json;
    expect(Object.keys(body)).toEqual(["firstname", "links"]);
    const search = await api("/search/people", {
      method: "POST",
      json: { filters: [{ name: "person.email", value: ["a"] }] },
    });
    expect(search.status).toBe(400);
  });

  it("returns createddate/updateddate only with exposeTimestamps", async () => {
    const hidden = await startSimulator();
    const id = hidden.sim.state.list("jobs")[0]?.id;
    expect(await (await hidden.api(`/jobs/${id}?fields=createddate,updateddate`)).json()).toEqual({
      links: expect.any(Array),
    });
    const shown = await startSimulator({ exposeTimestamps: true });
    const body = (await (await shown.api(`/jobs/${id}?fields=createddate,updateddate`)).json()) as Json;
    expect(body["updateddate"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} (AM|PM)$/);
  });
});

describe("§10.11 value shapes", () => {
  it("renders list values, person links, joblocation and datetimes like iCIMS", async () => {
    const { api, sim } = await startSimulator({ exposeTimestamps: true });
    const job = sim.state.list("jobs")[0];
    const body = (await (await api(`/jobs/${job?.id}`)).json()) as Json;
    expect(body["folder"]).toEqual({
      id: expect.stringMatching(/^[CD]\d+$/),
      value: expect.any(String),
      formattedvalue: expect.any(String),
    });
    expect(body["recruiter"]).toEqual({
      id: expect.any(Number),
      value: expect.any(String),
      profile: expect.stringContaining(`${sim.baseUrl}/people/`),
    });
    const location = body["joblocation"] as Json;
    expect(location).toEqual({
      id: expect.any(Number),
      companyid: expect.any(Number),
      address: `${sim.baseUrl}/companies/${location["companyid"]}/fields/addresses/${location["id"]}`,
      value: expect.stringMatching(/ $/),
    });
    expect(body["createddate"]).toMatch(/^\d{4}-\d{2}-\d{2} (0[1-9]|1[0-2]):[0-5]\d (AM|PM)$/);
  });

  it("renders workflows with base/associated profile links and three links", async () => {
    const { api, sim } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0];
    const body = (await (await api(`/applicantworkflows/${workflow?.id}`)).json()) as Json;
    expect(body["baseprofile"]).toMatchObject({
      id: expect.any(Number),
      profile: expect.stringContaining("/jobs/"),
    });
    expect(body["associatedprofile"]).toMatchObject({
      id: expect.any(Number),
      profile: expect.stringContaining("/people/"),
    });
    expect((body["links"] as Json[]).map((l) => l["rel"])).toEqual(["self", "self", "self"]);
  });

  it("includes some remote and hybrid jobs", async () => {
    const { sim } = await startSimulator({ jobs: 200 });
    const jobs = sim.state.list("jobs");
    expect(
      jobs.some((j) => String((j["joblocation"] as Json | undefined)?.["value"]).includes("Remote")),
    ).toBe(true);
    expect(jobs.some((j) => String(j["jobtitle"]).includes("Hybrid"))).toBe(true);
  });
});

describe("§10.12 creates", () => {
  it("POST /people answers 201 with an empty body and a Location carrying the new id", async () => {
    const { api, sim } = await startSimulator();
    const res = await api("/people", {
      method: "POST",
      json: { firstname: "Ana", lastname: "Okafor", email: "ana@example.org" },
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("");
    const id = Number(/\/people\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(sim.state.get("people", id)).toMatchObject({ firstname: "Ana", lastname: "Okafor" });
  });

  it("POST /applicantworkflows answers 201 with Location and a default status", async () => {
    const { api, sim } = await startSimulator();
    const person = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "A", lastname: "B" },
    }).id;
    const job = sim.state.list("jobs")[0]?.id;
    const res = await api("/applicantworkflows", {
      method: "POST",
      json: { baseprofile: job, associatedprofile: person },
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("");
    const id = Number(/\/applicantworkflows\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(sim.state.get("applicantworkflows", id)?.["status"]).toMatchObject({ id: "D10100" });
  });

  it("accepts inline collections on POST /people", async () => {
    const { api, sim } = await startSimulator();
    const res = await api("/people", {
      method: "POST",
      json: {
        firstname: "A",
        lastname: "B",
        phones: [{ phonetype: { value: "Mobile" }, phonenumber: "303-555-0142" }],
      },
    });
    const id = Number(/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(sim.state.get("people", id)?.["phones"]).toEqual([
      {
        entry: expect.any(Number),
        phonetype: { id: "D83001", value: "Mobile", formattedvalue: "Mobile" },
        phonenumber: "303-555-0142",
      },
    ]);
  });

  it("rejects a second workflow for the same person and job (400) unless configured to return it", async () => {
    const strict = await startSimulator();
    const workflow = strict.sim.state.list("applicantworkflows")[0]!;
    const body = {
      baseprofile: (workflow["baseprofile"] as Json)["id"],
      associatedprofile: (workflow["associatedprofile"] as Json)["id"],
    };
    expect((await strict.api("/applicantworkflows", { method: "POST", json: body })).status).toBe(400);
    const lenient = await startSimulator({ duplicateApplication: "existing" });
    const res = await lenient.api("/applicantworkflows", { method: "POST", json: body });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${lenient.sim.baseUrl}/applicantworkflows/${workflow.id}`);
  });

  it("warns (errorCode 4) about an invalid source instead of failing", async () => {
    const { api, sim } = await startSimulator();
    const res = await api("/people", {
      method: "POST",
      json: { firstname: "A", lastname: "B", source: "Carrier Pigeon", sourcename: "x" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-warning")).toMatch(/^4:source:/);
    expect(((await res.json()) as { warnings: Json[] }).warnings[0]).toMatchObject({ errorCode: 4 });
    const id = Number(/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(sim.state.get("people", id)).toMatchObject({ sourcename: "x" });
    expect(sim.state.get("people", id)).not.toHaveProperty("source");
  });

  it("answers a warning about a value a header cannot hold (an emoji source) with ? in X-Warning, not a 500", async () => {
    const { api } = await startSimulator();
    const res = await api("/people", {
      method: "POST",
      json: { firstname: "A", lastname: "B", source: "Pigeon 🐦 → post" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-warning")).toMatch(/^4:source:.*Pigeon \?+ \? post/);
    expect(((await res.json()) as { warnings: Json[] }).warnings[0]).toMatchObject({ errorCode: 4 });
  });

  it("rejects a non-JSON body with 415 and malformed JSON with 400", async () => {
    const { api } = await startSimulator();
    expect(
      (
        await api("/people", {
          method: "POST",
          body: "firstname=A",
          headers: { "Content-Type": "text/plain" },
        })
      ).status,
    ).toBe(415);
    expect(
      (await api("/people", { method: "POST", body: "{", headers: { "Content-Type": "application/json" } }))
        .status,
    ).toBe(400);
  });
});

describe("§10.13 required fields", () => {
  it("answers 400 FIELD_REQUIRED (code 1) on POST when a required field is absent", async () => {
    const { api } = await startSimulator({ requiredFields: { people: ["email"] } });
    const res = await api("/people", { method: "POST", json: { firstname: "A" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-error")).toBe('1:email:Field "email" is required.');
    expect(((await res.json()) as { errors: Json[] }).errors[0]).toMatchObject({ errorCode: 1 });
  });

  it("answers 400 on PATCH when a required field is empty and not supplied", async () => {
    const { api, sim } = await startSimulator({ requiredFields: { people: ["middlename"] } });
    const person = sim.state.list("people").find((p) => p["middlename"] === undefined);
    expect((await api(`/people/${person?.id}`, { method: "PATCH", json: { firstname: "X" } })).status).toBe(
      400,
    );
    expect(
      (await api(`/people/${person?.id}`, { method: "PATCH", json: { firstname: "X", middlename: "Y" } }))
        .status,
    ).toBe(204);
  });
});

describe("§10.14 workflow status", () => {
  it("answers a status PATCH with 204 and appends to submittalstatuslog", async () => {
    const { api, sim } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0];
    const status = sim.state.listTree("lists.applicantworkflow.status")?.[2]?.children?.[1]?.id;
    const res = await api(`/applicantworkflows/${workflow?.id}`, {
      method: "PATCH",
      json: { status: { id: status } },
    });
    expect(res.status).toBe(204);
    const log = (await (
      await api(`/applicantworkflows/${workflow?.id}?fields=submittalstatuslog`)
    ).json()) as { submittalstatuslog: Json[] };
    expect(log.submittalstatuslog[0]).toMatchObject({
      status: { id: status },
      updatedDate: "2025-03-10 12:00 PM",
    });
    expect(log.submittalstatuslog.length).toBe(
      ((workflow?.["submittalstatuslog"] as Json[]) ?? []).length + 1,
    );
    const sub = (await (
      await api(`/applicantworkflows/${workflow?.id}/fields/submittalstatuslog`)
    ).json()) as Json;
    expect(sub["submittalstatuslog"]).toEqual(log.submittalstatuslog);
  });

  it("rejects an unknown status id (and a bin id) with 400", async () => {
    const { api, sim } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0];
    const patch = (id: string) =>
      api(`/applicantworkflows/${workflow?.id}`, { method: "PATCH", json: { status: { id } } });
    expect((await patch("C99999999")).status).toBe(400);
    expect((await patch("D10001")).status).toBe(400);
  });

  it("caps submittalstatuslog at 100 entries", async () => {
    const { sim } = await startSimulator();
    const id = sim.state.list("applicantworkflows")[0]?.id ?? 0;
    const statuses = (sim.state.listTree("lists.applicantworkflow.status") ?? [])
      .flatMap((b) => b.children ?? [])
      .map((s) => s.id);
    for (let i = 0; i < 120; i++) {
      sim.state.mutate({
        op: "update",
        type: "applicantworkflows",
        id,
        fields: { status: { id: statuses[i % statuses.length] } },
      });
    }
    expect(sim.state.get("applicantworkflows", id)?.["submittalstatuslog"]).toHaveLength(100);
  });

  it("refuses to change baseprofile after creation", async () => {
    const { api, sim } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0];
    const other = sim.state.list("jobs")[5]?.id;
    expect(
      (await api(`/applicantworkflows/${workflow?.id}`, { method: "PATCH", json: { baseprofile: other } }))
        .status,
    ).toBe(400);
  });
});

describe("§10.15 collections", () => {
  it("creates an entry with 201 + Location …/fields/{collection}/{entry}", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[40]?.id;
    const res = await api(`/people/${id}/fields/phones`, {
      method: "POST",
      json: { phonetype: { id: "D83003" }, phonenumber: "617-555-0100" },
    });
    expect(res.status).toBe(201);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`/people/${id}/fields/phones/\\d+$`));
    const entry = (await (await api(location.slice(sim.baseUrl.length))).json()) as Json;
    expect(entry).toMatchObject({ phonenumber: "617-555-0100", phonetype: { id: "D83003", value: "Work" } });
  });

  it("treats an exact duplicate as success without a change", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[40]?.id ?? 0;
    const body = { phonetype: { id: "D83003" }, phonenumber: "617-555-0100" };
    const first = await api(`/people/${id}/fields/phones`, { method: "POST", json: body });
    const updated = sim.state.get("people", id)?.["updateddate"];
    sim.state.advance(5 * 60_000);
    const second = await api(`/people/${id}/fields/phones`, { method: "POST", json: body });
    expect(second.status).toBe(201);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(sim.state.get("people", id)?.["updateddate"]).toBe(updated);
  });

  it("updates and deletes an entry (204)", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[40]?.id ?? 0;
    const entry = (sim.state.get("people", id)!["phones"] as Json[])[0]?.["entry"];
    expect(
      (await api(`/people/${id}/fields/phones/${entry}`, { method: "PATCH", json: { phonenumber: "1" } }))
        .status,
    ).toBe(204);
    expect((sim.state.get("people", id)!["phones"] as Json[])[0]).toMatchObject({ phonenumber: "1" });
    expect((await api(`/people/${id}/fields/phones/${entry}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/people/${id}/fields/phones/${entry}`)).status).toBe(404);
  });

  it("writes assessment results on a workflow", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("applicantworkflows")[3]?.id ?? 0;
    const res = await api(`/applicantworkflows/${id}/fields/assessmentresults`, {
      method: "POST",
      json: {
        assessmentname: { value: "Acme Test" },
        assessmentstatus: { id: "D38003" },
        assessmentscore: 87,
        assessmenturl: "https://x.example/r/1",
      },
    });
    expect(res.status).toBe(201);
    const results = sim.state.get("applicantworkflows", id)?.["assessmentresults"] as Json[];
    expect(results.at(-1)).toMatchObject({ assessmentname: { value: "Acme Test" }, assessmentscore: 87 });
  });
});

describe("§10.16 resume binary", () => {
  const upload = (content: string, type = "application/pdf") => {
    const boundary = "----sim-boundary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    return {
      method: "PATCH",
      body,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    };
  };

  it("accepts a multipart PATCH (204) and returns the bytes with the stored content type", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "A", lastname: "B" },
    }).id;
    expect((await api(`/people/${id}/fields/resume/binary`, upload("%PDF-1.4 hello"))).status).toBe(204);
    const res = await api(`/people/${id}/fields/resume/binary`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(await res.text()).toBe("%PDF-1.4 hello");
    expect(sim.state.get("people", id)?.["resume"]).toEqual({
      file: `${sim.baseUrl}/people/${id}/fields/resume/binary`,
    });
  });

  it("rejects a raw (non-multipart) body with 400", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[10]?.id;
    const res = await api(`/people/${id}/fields/resume/binary`, {
      method: "PATCH",
      body: "%PDF",
      headers: { "Content-Type": "application/pdf" },
    });
    expect(res.status).toBe(400);
  });

  it("answers a person without resume with a JSON 404", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "A", lastname: "B" },
    }).id;
    const res = await api(`/people/${id}/fields/resume/binary`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json;charset=UTF-8");
  });

  it("refuses DELETE (400) and POST (405) on the resume", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[10]?.id;
    expect((await api(`/people/${id}/fields/resume/binary`, { method: "DELETE" })).status).toBe(400);
    expect((await api(`/people/${id}/fields/resume/binary`, { ...upload("x"), method: "POST" })).status).toBe(
      405,
    );
  });

  it("serves generated resumes for seeded candidates", async () => {
    const { api, sim } = await startSimulator();
    const person = sim.state.list("people").find((p) => p["resume"] !== undefined);
    const res = await api(`/people/${person?.id}/fields/resume/binary`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/filename=".+_Resume\.(pdf|txt)"/);
  });
});

describe("§10.22 content type and additive keys", () => {
  it("sends application/json;charset=UTF-8 on JSON answers", async () => {
    const { api, sim } = await startSimulator();
    const res = await api(`/jobs/${sim.state.list("jobs")[0]?.id}`);
    expect(res.headers.get("content-type")).toBe("application/json;charset=UTF-8");
  });

  it("sprinkles unknown extra keys into some records, stable per record", async () => {
    const { api, sim } = await startSimulator({ extraKeysRate: 0.5 });
    const known = new Set([
      "firstname",
      "middlename",
      "lastname",
      "email",
      "phones",
      "addresses",
      "source",
      "sourcename",
      "folder",
      "resume",
      "links",
    ]);
    const ids = sim.state
      .list("people")
      .slice(0, 20)
      .map((p) => p.id);
    const extra = async (id: number) =>
      Object.keys((await (await api(`/people/${id}`)).json()) as Json).filter((k) => !known.has(k));
    const first = await Promise.all(ids.map(extra));
    expect(first.filter((keys) => keys.length > 0).length).toBeGreaterThan(0);
    expect(await Promise.all(ids.map(extra))).toEqual(first);
  });
});
