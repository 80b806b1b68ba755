#!/usr/bin/env node
// Launcher of the Greenhouse simulator CLI. In this repository (a clean clone after `npm ci`) it runs
// the TypeScript source through the repo's `scripts/run-ts.mjs` loader (no build needed); an installed
// package runs the built `dist/cli.js`.
import { existsSync } from "node:fs";

const source = new URL("../src/cli.ts", import.meta.url);
const built = new URL("../dist/cli.js", import.meta.url);
const repoLoader = new URL("../../../scripts/run-ts.mjs", import.meta.url);

let entry;
if (existsSync(source) && existsSync(repoLoader)) {
  const { registerTypeScript } = await import(repoLoader.href);
  registerTypeScript();
  entry = source;
} else if (existsSync(built)) {
  entry = built;
} else {
  process.stderr.write("atsync-greenhouse-simulator: no TypeScript loader and no build (npm run build).\n");
  process.exit(1);
}
const { runCli } = await import(entry.href);
await runCli(process.argv.slice(2));
