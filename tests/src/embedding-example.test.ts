import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

it("the embedding guide's example runs end to end", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--conditions=@atsync/source", "scripts/run-ts.mjs", "docs/examples/embed.ts"],
    { cwd: root, timeout: 60_000 },
  );
  expect(stdout).toMatch(/first sync: succeeded, 400 applications/);
  expect(stdout).toMatch(/applied to .+: application \w{24}/);
  expect(stdout).toContain("GET /v1/ats/applications → 200");
}, 90_000);
