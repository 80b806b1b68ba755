import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";

describe("FakeClock", () => {
  it("moves only when told and wakes due sleepers in order", async () => {
    const clock = new FakeClock("2026-01-01T00:00:00Z");
    const woke: string[] = [];
    const a = clock.sleep(1000).then(() => woke.push("a"));
    const b = clock.sleep(5000).then(() => woke.push("b"));
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advance(1);
    await a;
    expect(woke).toEqual(["a"]);
    expect(clock.pendingSleeps()).toBe(1);
    clock.set("2026-01-01T00:00:05Z");
    await b;
    expect(woke).toEqual(["a", "b"]);
    expect(clock.now().toISOString()).toBe("2026-01-01T00:00:05.000Z");
  });

  it("rejects a sleep when its signal aborts and refuses to go back in time", async () => {
    const clock = new FakeClock();
    const ac = new AbortController();
    const sleeping = clock.sleep(10_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    expect(clock.pendingSleeps()).toBe(0);
    expect(() => clock.set("2020-01-01T00:00:00Z")).toThrow(RangeError);
  });
});
