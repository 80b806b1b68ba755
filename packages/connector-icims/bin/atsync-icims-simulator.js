#!/usr/bin/env node
// Launcher of the iCIMS simulator CLI. Runs the TypeScript source directly when the `typescript`
// package is installed (a clean clone after `npm ci`): a module loader hook transpiles `.ts` files on
// the fly with `ts.transpileModule` (type stripping only, no type check). Otherwise it runs the built
// `dist/simulator/cli.js` (published package).
import { existsSync } from "node:fs";
import { createRequire, register } from "node:module";

const require = createRequire(import.meta.url);
const source = new URL("../src/simulator/cli.ts", import.meta.url);
const built = new URL("../dist/simulator/cli.js", import.meta.url);

function typescriptPath() {
  try {
    return require.resolve("typescript");
  } catch {
    return undefined;
  }
}

const loader = `
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
let ts;
export function initialize(data) {
  ts = createRequire(data.tsPath)(data.tsPath);
}
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
      return next(specifier.slice(0, -3) + ".ts", context);
    }
    throw error;
  }
}
export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const text = await readFile(new URL(url), "utf8");
  const output = ts.transpileModule(text, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  return { format: "module", source: output.outputText, shortCircuit: true };
}
`;

const tsPath = existsSync(source) ? typescriptPath() : undefined;
let entry;
if (tsPath) {
  register(`data:text/javascript,${encodeURIComponent(loader)}`, { data: { tsPath } });
  entry = source;
} else if (existsSync(built)) {
  entry = built;
} else {
  process.stderr.write(
    "atsync-icims-simulator: needs the `typescript` package or a build (npm run build).\n",
  );
  process.exit(1);
}
const { runCli } = await import(entry.href);
await runCli(process.argv.slice(2));
