import { describe, expect, expectTypeOf, it } from "vitest";
import { isAtsyncError } from "../../errors.js";
import { MODEL_KEYS, type ModelKey } from "../../model/common.js";
import { MODELS } from "../../model/registry.js";
import { FakeClock } from "../../testing/fake-clock.js";
import { remoteRecordSchema } from "../remote-record.js";
import { AccessTokens } from "./access-tokens.js";
import { chunks } from "./chunks.js";
import {
  fetchConfirmedPage,
  type LinkPage,
  nextLinkUrl,
  parseLinkHeader,
  walkLinkPages,
} from "./link-paging.js";
import { modelDispatch } from "./model-dispatch.js";
import type { ReferenceFieldOf, RemoteOf } from "./remote-of.js";

describe("RemoteOf", () => {
  it("lists exactly the reference fields of MODELS", () => {
    const fields: { [M in ModelKey]: ReferenceFieldOf[M][] } = {
      users: [],
      application_stages: ["job_id"],
      jobs: ["contact_id"],
      job_postings: ["job_id"],
      screening_questions: [],
      job_screening_questions: ["job_id", "question_id", "precondition_question_id"],
      job_hiring_team_members: ["job_id", "user_id"],
      candidates: [],
      applications: ["candidate_id", "job_id", "current_stage_id"],
    };
    for (const model of MODEL_KEYS) {
      expect(MODELS[model].references.map((r) => r.field).sort(), model).toEqual([...fields[model]].sort());
    }
  });

  it("renames references to vendor keys with the unified field's nullability", () => {
    expectTypeOf<RemoteOf<"applications">["job_remote_id"]>().toEqualTypeOf<string | null>();
    expectTypeOf<RemoteOf<"job_postings">["job_remote_id"]>().toEqualTypeOf<string>();
    expectTypeOf<RemoteOf<"applications">>().not.toHaveProperty("job_id");
    expectTypeOf<RemoteOf<"users">>().not.toHaveProperty("id");
    expectTypeOf<RemoteOf<"users">>().not.toHaveProperty("changed_at");
  });

  it("has the keys of remoteRecordSchema", () => {
    const user: RemoteOf<"users"> = {
      remote_id: "1",
      first_name: null,
      last_name: null,
      email: null,
      status: null,
      system_roles: [],
      remote_created_at: null,
      remote_updated_at: null,
      remote_data: null,
      custom_fields: {},
    };
    expect(remoteRecordSchema("users").safeParse(user).success).toBe(true);
  });
});

describe("chunks", () => {
  it("splits in order, the last group shorter, none empty", () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 50)).toEqual([]);
    expect(chunks([1, 2], 2)).toEqual([[1, 2]]);
  });

  it("refuses a size that is not a positive integer", () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
    expect(() => chunks([1], 1.5)).toThrow(RangeError);
  });
});

describe("modelDispatch", () => {
  const dispatch = modelDispatch("Acme", { jobs: "jobs reader" });

  it("returns the handler of a registered model", () => {
    expect(dispatch("jobs")).toBe("jobs reader");
  });

  it("refuses other models (and inherited keys) with INTEGRATION.MODEL_NOT_AVAILABLE", () => {
    for (const model of ["users", "toString"] as ModelKey[]) {
      const error = (() => {
        try {
          dispatch(model);
        } catch (e) {
          return e;
        }
      })();
      expect(isAtsyncError(error)).toBe(true);
      expect(error).toMatchObject({ code: "INTEGRATION.MODEL_NOT_AVAILABLE", kind: "unsupported" });
      expect(String((error as Error).message)).toBe(`Acme does not provide ${model}`);
    }
  });
});

describe("Link headers", () => {
  it("parses relations, quoted or not, several per header and several headers", () => {
    const links = parseLinkHeader([
      '<https://api.example.com/v3/jobs?cursor=abc>; rel="next", <https://api.example.com/v3/jobs?p=1>; rel=first',
      '<https://api.example.com/v3/jobs?p=9>; title="x, y"; rel="last prev"',
    ]);
    expect(links.get("next")).toBe("https://api.example.com/v3/jobs?cursor=abc");
    expect(links.get("first")).toBe("https://api.example.com/v3/jobs?p=1");
    expect(links.get("last")).toBe("https://api.example.com/v3/jobs?p=9");
    expect(links.get("prev")).toBe("https://api.example.com/v3/jobs?p=9");
  });

  it("answers null without a next relation, and resolves relative targets", () => {
    expect(nextLinkUrl(undefined, "https://a.example/x")).toBeNull();
    expect(nextLinkUrl("", "https://a.example/x")).toBeNull();
    expect(nextLinkUrl('<https://a.example/x?p=1>; rel="prev"', "https://a.example/x")).toBeNull();
    expect(nextLinkUrl('</v3/jobs?cursor=z>; rel="next"', "https://a.example/v3/jobs")?.href).toBe(
      "https://a.example/v3/jobs?cursor=z",
    );
  });
});

/** A fake vendor of `total` rows paged by `size`, answering the first request of `glitched` pages short. */
function pagedVendor(total: number, size: number, glitched: Map<number, number> = new Map()) {
  const requests: string[] = [];
  const fetchPage = async (url: URL): Promise<LinkPage<number>> => {
    requests.push(url.href);
    const page = Number(url.searchParams.get("page") ?? "0");
    const rows = Array.from({ length: total }, (_, i) => i).slice(page * size, page * size + size);
    const next = (page + 1) * size < total ? new URL(`https://v.example/list?page=${page + 1}`) : null;
    const cut = glitched.get(page);
    if (cut !== undefined) {
      glitched.delete(page);
      return { rows: rows.slice(0, cut), next };
    }
    return { rows, next };
  };
  return { fetchPage, requests };
}

describe("walkLinkPages", () => {
  const start = new URL("https://v.example/list");

  it("follows next links to the end, confirming only the short last page", async () => {
    const vendor = pagedVendor(25, 10);
    const pages: LinkPage<number>[] = [];
    for await (const page of walkLinkPages({ start, fetchPage: vendor.fetchPage, pageSize: 10 }))
      pages.push(page);
    expect(pages.flatMap((p) => p.rows)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(pages.at(-1)?.next).toBeNull();
    expect(vendor.requests).toHaveLength(4);
  });

  it("does not end or skip rows on an empty or cut-short page (with or without a next link)", async () => {
    const vendor = pagedVendor(
      30,
      10,
      new Map([
        [0, 0],
        [1, 3],
        [2, 9],
      ]),
    );
    const rows: number[] = [];
    for await (const page of walkLinkPages({ start, fetchPage: vendor.fetchPage, pageSize: 10 }))
      rows.push(...page.rows);
    expect(rows).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("resumes at a saved next link without re-reading earlier pages", async () => {
    const vendor = pagedVendor(25, 10);
    const rows: number[] = [];
    for await (const page of walkLinkPages({
      start: new URL("https://v.example/list?page=1"),
      fetchPage: vendor.fetchPage,
      pageSize: 10,
    }))
      rows.push(...page.rows);
    expect(rows[0]).toBe(10);
    expect(rows).toHaveLength(15);
  });

  it("fails instead of looping when the next link is the page itself", async () => {
    const fetchPage = async (url: URL) => ({ rows: [1, 2], next: url });
    const walk = async () => {
      for await (const _ of walkLinkPages({ start, fetchPage, pageSize: 2 })) {
        // drain
      }
    };
    await expect(walk()).rejects.toThrow(/did not advance/);
  });

  it("keeps the first answer when the confirmation is not longer", async () => {
    let call = 0;
    const page = await fetchConfirmedPage(
      start,
      async () => ({ rows: call++ === 0 ? [1, 2, 3] : [1], next: null }),
      10,
    );
    expect(page.rows).toEqual([1, 2, 3]);
    expect(call).toBe(2);
  });
});

describe("AccessTokens", () => {
  it("reuses a token until shortly before expiry, with one renewal in flight", async () => {
    const clock = new FakeClock();
    let issued = 0;
    const tokens = new AccessTokens({
      clock,
      issue: async () => ({ value: `t${++issued}`, expiresInS: 3600 }),
    });
    expect(tokens.cached()).toBeNull();
    const all = await Promise.all(Array.from({ length: 8 }, () => tokens.current()));
    expect(new Set(all)).toEqual(new Set(["t1"]));
    clock.advance(3600_000 - 61_000);
    expect(tokens.cached()).toBe("t1");
    clock.advance(2_000);
    expect(tokens.cached()).toBeNull();
    expect(await tokens.current()).toBe("t2");
  });

  it("replaces a rejected token once however many requests report it", async () => {
    const clock = new FakeClock();
    let issued = 0;
    const tokens = new AccessTokens({
      clock,
      issue: async () => ({ value: `t${++issued}`, expiresInS: undefined }),
    });
    const first = await tokens.current();
    const replaced = await Promise.all(Array.from({ length: 5 }, () => tokens.replace(first)));
    expect(new Set(replaced)).toEqual(new Set(["t2"]));
    expect(await tokens.replace(first)).toBe("t2");
    expect(issued).toBe(2);
  });
});

describe("passthrough answers", () => {
  it("parses JSON, hides cookies and auth challenges, keeps the bytes", async () => {
    const { passthroughResult, passthroughRequestHeaders } = await import("./passthrough-answer.js");
    const body = Buffer.from('{"ok":true}');
    const result = passthroughResult(new URL("https://v.example/x"), {
      statusCode: 200,
      headers: { "content-type": "application/json", "set-cookie": ["a=b"], link: ["<a>", "<b>"] },
      body,
    });
    expect(result).toMatchObject({ status: 200, data: { ok: true }, headers: { link: "<a>, <b>" } });
    expect(result.headers["set-cookie"]).toBeUndefined();
    expect(result.body).toBe(body);
    expect(passthroughRequestHeaders({ Authorization: "x", "X-Trace": "1", cookie: "c" })).toEqual({
      "X-Trace": "1",
    });
  });
});
