import { describe, expect, it } from "vitest";
import { startSimulator } from "../../test/simulator.js";

type Node = { id: string; value: string; children?: Node[]; _links: Record<string, { href: string }> };

describe("§10.18 lists with tenant-specific node ids", () => {
  it("lists the list ids at /v2/lists", async () => {
    const { api } = await startSimulator();
    const body = (await (await api("/v2/lists")).json()) as { lists: string[] };
    expect(body.lists).toEqual(
      expect.arrayContaining(["lists.job.folders", "lists.sources", "lists.applicantworkflow.status"]),
    );
  });

  it("serves the status list as bins with status children and _links", async () => {
    const { api, sim } = await startSimulator();
    const root = (await (await api("/v2/lists/lists.applicantworkflow.status")).json()) as Node;
    expect(root.children?.map((b) => b.value)).toEqual([
      "New Submissions",
      "Reviewed",
      "Interview",
      "Offer",
      "Hired",
      "Not Selected",
      "Withdrawn",
    ]);
    expect(Object.keys(root._links)).toEqual(["self", "first", "last"]);
    const bin = root.children?.[0];
    const sameHost = (await (
      await api(`/v2/lists/lists.applicantworkflow.status/${bin?.id}`)
    ).json()) as Node;
    expect(sameHost.children?.[0]).toMatchObject({
      id: "D10100",
      value: "New Submissions - External Portal",
    });
    expect(bin?._links["self"]?.href).toBe(
      `${sim.baseUrl}/v2/lists/lists.applicantworkflow.status/${bin?.id}`,
    );
  });

  it("uses C… ids that differ between tenants (seeds) and D… ids for system nodes", async () => {
    const a = await startSimulator({ seed: 1 });
    const b = await startSimulator({ seed: 2 });
    const ids = async (t: typeof a) =>
      ((await (await t.api("/v2/lists/lists.job.folders")).json()) as Node).children?.map((n) => n.id) ?? [];
    const [idsA, idsB] = [await ids(a), await ids(b)];
    expect(idsA.filter((id) => id.startsWith("D"))).toEqual(idsB.filter((id) => id.startsWith("D")));
    expect(idsA.filter((id) => id.startsWith("C"))).not.toEqual(idsB.filter((id) => id.startsWith("C")));
    expect(idsA.every((id) => /^[CD]\d+$/.test(id))).toBe(true);
  });

  it("pages children with size and page", async () => {
    const { api } = await startSimulator();
    const page = (await (await api("/v2/lists/lists.job.folders?size=4&page=1")).json()) as Node;
    expect(page.children).toHaveLength(4);
    expect(page._links["next"]?.href).toContain("page=2");
    expect((await api("/v2/lists/lists.job.folders?size=1001")).status).toBe(400);
  });

  it("answers an unknown list with 404", async () => {
    const { api } = await startSimulator();
    expect((await api("/v2/lists/lists.nope")).status).toBe(404);
  });
});
