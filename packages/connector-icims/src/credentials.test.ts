import { describe, expect, it } from "vitest";
import { IcimsCredentialsSchema, IcimsSettingsSchema, resolveEndpoints } from "./credentials.js";

const oauth = { customerId: "4711", region: "us", clientId: "client", clientSecret: "secret" } as const;

describe("credentials", () => {
  it("accepts OAuth or Basic credentials; settings are apart, all defaulted", () => {
    expect(IcimsCredentialsSchema.parse(oauth)).toEqual(oauth);
    expect(IcimsSettingsSchema.parse({})).toEqual({
      portals: ["jobs"],
      loginGroupIds: [],
      maxConcurrency: 8,
      screeningQuestionListId: "lists.screeningquestions",
    });
    expect(IcimsSettingsSchema.safeParse({ maxConcurrency: 0 }).error?.issues[0]?.path).toEqual([
      "maxConcurrency",
    ]);
    expect(IcimsSettingsSchema.safeParse({ clientSecret: "x" }).success).toBe(false);
    const basic = { customerId: "4711", region: "eu", username: "api", password: "pw" };
    expect(IcimsCredentialsSchema.safeParse(basic).success).toBe(true);
  });

  it.each([
    [{ ...oauth, clientSecret: undefined }, "clientSecret"],
    [{ customerId: "4711", region: "us", username: "api" }, "password"],
    [{ ...oauth, username: "api", password: "pw" }, "username"],
    [{ ...oauth, customerId: "acme" }, "customerId"],
    [{ ...oauth, region: "apac" }, "region"],
    [{ customerId: "4711", region: "us" }, "clientId"],
  ])("rejects %j naming %s", (input, path) => {
    const result = IcimsCredentialsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("resolves the region's hosts, overridable for private endpoints and tests", () => {
    expect(resolveEndpoints(IcimsCredentialsSchema.parse({ ...oauth, region: "eu" }))).toEqual({
      apiBase: "https://api-eu.icims.com/customers/4711",
      auth: {
        kind: "oauth",
        clientId: "client",
        clientSecret: "secret",
        tokenUrl: "https://login.icims.eu/oauth/token",
        audience: "https://api-eu.icims.com/v1/",
      },
    });
    const custom = IcimsCredentialsSchema.parse({
      ...oauth,
      apiUrl: "http://127.0.0.1:4010/",
      tokenUrl: "http://127.0.0.1:4010/oauth/token",
      audience: "aud",
    });
    expect(resolveEndpoints(custom)).toMatchObject({
      apiBase: "http://127.0.0.1:4010/customers/4711",
      auth: { tokenUrl: "http://127.0.0.1:4010/oauth/token", audience: "aud" },
    });
    const basic = IcimsCredentialsSchema.parse({
      customerId: "1",
      region: "ca",
      username: "u",
      password: "p",
    });
    expect(resolveEndpoints(basic)).toEqual({
      apiBase: "https://api.icims.com/customers/1",
      auth: { kind: "basic", username: "u", password: "p" },
    });
  });
});
