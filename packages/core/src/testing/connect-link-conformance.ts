import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ConnectLinkRecord } from "../storage/connect-links.js";
import type { AtsyncStorage } from "../storage/storage.js";

/** What the connect-link group needs from `describeStorageConformance`'s fixture (read per test). */
export interface ConnectLinkFixture {
  /** The backend under test. */
  storage(): AtsyncStorage;
  /** Everything at rest, as text. */
  dumpAtRest(): Promise<string>;
}

const T0 = "2026-01-01T00:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

const link = (token: string, overrides: Partial<ConnectLinkRecord> = {}): ConnectLinkRecord => ({
  token_hash: hash(token),
  kind: "connect",
  tool: "fixture",
  integration_id: null,
  end_user: { organization_name: "Acme", creator_email: "it@acme.example", origin_id: "acme-1" },
  created_at: T0,
  expires_at: at(60),
  used_at: null,
  ...overrides,
});

/** The connect-link group of the storage conformance suite (see `ConnectLinkStore`). */
export function describeConnectLinkConformance(f: ConnectLinkFixture): void {
  const s = () => f.storage().connectLinks;

  describe("connect links", () => {
    it("stores a link by token hash, reads it back and refuses a second with the same hash", async () => {
      const token = "atcl_the-raw-token-value-123";
      await s().create(link(token));
      expect(await s().get(hash(token))).toEqual(link(token));
      expect(await s().get(hash("other"))).toBeNull();
      await expect(s().create(link(token, { kind: "setup" }))).rejects.toMatchObject({
        code: "PLATFORM.INPUT_INVALID",
      });
      expect(await f.dumpAtRest()).not.toContain(token);
    });

    it("claims an open link once, also under concurrent claims, and never an expired one", async () => {
      await s().create(link("a"));
      const claims = await Promise.all([s().claim(hash("a"), at(1)), s().claim(hash("a"), at(1))]);
      expect(claims.filter((c) => c !== null)).toEqual([link("a", { used_at: at(1) })]);
      expect(await s().claim(hash("a"), at(2))).toBeNull();
      await s().create(link("b"));
      expect(await s().claim(hash("b"), at(60))).toBeNull();
      expect((await s().get(hash("b")))?.used_at).toBeNull();
      expect(await s().claim(hash("missing"), at(1))).toBeNull();
    });

    it("releases a failed claim, but never a completed connect link or another call's claim", async () => {
      await s().create(link("a"));
      await s().claim(hash("a"), at(1));
      await s().release(hash("a"), at(2));
      expect((await s().get(hash("a")))?.used_at).toBe(at(1));
      await s().release(hash("a"), at(1));
      expect((await s().get(hash("a")))?.used_at).toBeNull();
      await s().claim(hash("a"), at(3));
      await s().complete(hash("a"), "fixture:created");
      await s().release(hash("a"), at(3));
      expect(await s().get(hash("a"))).toEqual(
        link("a", { used_at: at(3), integration_id: "fixture:created" }),
      );
      await s().create(link("r", { kind: "relink", integration_id: "fixture:x" }));
      await s().claim(hash("r"), at(1));
      await s().release(hash("r"), at(1));
      expect((await s().get(hash("r")))?.used_at).toBeNull();
    });

    it("prunes links expired before a time", async () => {
      await s().create(link("old", { expires_at: at(10) }));
      await s().create(link("new", { expires_at: at(100) }));
      expect(await s().prune(at(10))).toBe(0);
      expect(await s().prune(at(50))).toBe(1);
      expect(await s().get(hash("old"))).toBeNull();
      expect(await s().get(hash("new"))).not.toBeNull();
    });
  });
}
