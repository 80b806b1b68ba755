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
  // runNow ran the first sync; start() scheduled the next one instead of repeating it.
  expect(stdout.match(/^sync \S+ ended: /gm)).toHaveLength(1);
  expect(stdout).toMatch(/: \d+ stages, \d+ on the hiring team/);
  expect(stdout).toMatch(/applied to .+: application \w{24} in \S/);
  expect(stdout).toContain("GET /v1/ats/applications → 200");
}, 90_000);
