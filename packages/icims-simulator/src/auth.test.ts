import { describe, expect, it } from "vitest";
import { startSimulator } from "../test/simulator.js";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("§10.1 routing under /customers/{customerId}", () => {
  it("answers the customer root with tenant info and a Link header", async () => {
    const { api, sim } = await startSimulator();
    const res = await api("");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: sim.customerId, customerType: "test" });
    expect(res.headers.get("link")).toContain('rel="profiles"');
  });

  it("answers an unknown customer id with a 404 JSON error", async () => {
    const { sim, auth } = await startSimulator();
    const res = await fetch(`${sim.url}/customers/${sim.customerId + 1}/jobs/1000`, {
      headers: { Authorization: auth },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ errorMessage: "Customer not found.", errorCode: 2 }] });
  });

  it("serves an EU tenant only on the EU host", async () => {
    const { sim, auth } = await startSimulator({ region: "eu" });
    expect(sim.url).toBe(sim.urls.eu);
    expect(sim.audience).toBe("https://api-eu.icims.com/v1/");
    const eu = await fetch(`${sim.urls.eu}/customers/${sim.customerId}`, {
      headers: { Authorization: auth },
    });
    const us = await fetch(`${sim.urls.us}/customers/${sim.customerId}`, {
      headers: { Authorization: auth },
    });
    expect([eu.status, us.status]).toEqual([200, 404]);
  });

  it("accepts lowercase paths only", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[0]?.id;
    expect((await api(`/people/${id}`)).status).toBe(200);
    expect((await api(`/People/${id}`)).status).toBe(404);
  });
});

describe("§10.2 authentication", () => {
  it("accepts Basic auth of the integration account", async () => {
    const { api } = await startSimulator();
    expect((await api("")).status).toBe(200);
  });

  it("issues client-credentials tokens with token_type Bearer and expires_in", async () => {
    const { sim } = await startSimulator({ tokenTtlS: 120 });
    const { clientId, clientSecret } = sim.credentials;
    const res = await fetch(
      sim.tokenUrl,
      form({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
        audience: sim.audience,
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 120 });
    expect(typeof body["access_token"]).toBe("string");
    const api = await fetch(sim.baseUrl, { headers: { Authorization: `Bearer ${body["access_token"]}` } });
    expect(api.status).toBe(200);
  });

  it("answers 401 once a token has expired", async () => {
    const { sim } = await startSimulator({ tokenTtlS: 60 });
    const { clientId, clientSecret } = sim.credentials;
    const token = await fetch(
      sim.tokenUrl,
      form({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
        audience: sim.audience,
      }),
    ).then((r) => r.json() as Promise<{ access_token: string }>);
    const call = () => fetch(sim.baseUrl, { headers: { Authorization: `Bearer ${token.access_token}` } });
    sim.state.advance(59_000);
    expect((await call()).status).toBe(200);
    sim.state.advance(1_000);
    const expired = await call();
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("rejects token requests that are not form-encoded, use another grant, wrong secret or audience", async () => {
    const { sim } = await startSimulator();
    const { clientId, clientSecret } = sim.credentials;
    const good = {
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      audience: sim.audience,
    };
    const asJson = await fetch(sim.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(good),
    });
    const grant = await fetch(sim.tokenUrl, form({ ...good, grant_type: "password" }));
    const secret = await fetch(sim.tokenUrl, form({ ...good, client_secret: "nope" }));
    const audience = await fetch(sim.tokenUrl, form({ ...good, audience: "https://example.com/" }));
    expect([asJson.status, grant.status, secret.status, audience.status]).toEqual([400, 400, 401, 403]);
    expect(await secret.json()).toMatchObject({ error: "access_denied" });
  });

  it("throttles more than 500 token requests in 10 minutes", async () => {
    const { sim } = await startSimulator({ tokenRateLimit: { max: 3, windowS: 600 } });
    const { clientId, clientSecret } = sim.credentials;
    const request = () =>
      fetch(
        sim.tokenUrl,
        form({
          grant_type: "client_credentials",
          client_id: clientId,
          client_secret: clientSecret,
          audience: sim.audience,
        }),
      );
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    sim.state.advance(600_000);
    expect((await request()).status).toBe(200);
  });

  it("defaults the token throttle to 500 per 10 minutes", async () => {
    const { sim } = await startSimulator();
    const { clientId, clientSecret } = sim.credentials;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      audience: sim.audience,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 501; i++) {
      const res = await fetch(sim.tokenUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(500);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("§10.3 bad credentials", () => {
  it("answers 401 with errorCode 6 and the iCIMS message", async () => {
    const { sim } = await startSimulator();
    const res = await fetch(sim.baseUrl, {
      headers: { Authorization: `Basic ${Buffer.from("x:y").toString("base64")}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: [{ errorMessage: "Invalid Username or Password credentials provided.", errorCode: 6 }],
    });
  });

  it("answers 401 without an Authorization header", async () => {
    const { sim } = await startSimulator();
    expect((await fetch(sim.baseUrl)).status).toBe(401);
  });
});

describe("§10.4 error format", () => {
  it("sends errors[] plus an X-Error header; not found is 404 with code 2", async () => {
    const { api } = await startSimulator();
    const res = await api("/jobs/999999");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-error")).toBe("2:Job not found.");
    expect(await res.json()).toEqual({ errors: [{ errorMessage: "Job not found.", errorCode: 2 }] });
  });

  it("answers access denied as 404 with code 3", async () => {
    const { api, sim } = await startSimulator();
    const id = sim.state.list("people")[5]?.id ?? 0;
    sim.state.mutate({ op: "restrict", type: "people", id });
    const res = await api(`/people/${id}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: { errorCode: number }[] }).errors[0]?.errorCode).toBe(3);
    expect(res.headers.get("x-error")).toMatch(/^3:/);
  });
});
