#!/usr/bin/env node
// Runs a TypeScript entry point of this repository without a build:
//   node --conditions=@atsync/source scripts/run-ts.mjs <file.ts> [args...]
// A module loader hook transpiles `.ts` files on the fly with the repo's `typescript` package
// (`ts.transpileModule`: no type check; legacy decorators on, as in tsconfig.base.json), and maps
// `./x.js` imports written for NodeNext to `./x.ts`. The `@atsync/source` condition makes workspace
// packages resolve to their `src/`. Used by the demo, benchmarks and worker processes in tests.
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

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
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: false,
    },
  });
  return { format: "module", source: output.outputText, shortCircuit: true };
}
`;

/** Registers the TypeScript loader in this process (idempotent per process). */
export function registerTypeScript() {
  if (globalThis.__atsyncTsLoader) return;
  const tsPath = createRequire(import.meta.url).resolve("typescript");
  register(`data:text/javascript,${encodeURIComponent(loader)}`, { data: { tsPath } });
  globalThis.__atsyncTsLoader = true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write("usage: node --conditions=@atsync/source scripts/run-ts.mjs <file.ts> [args...]\n");
    process.exit(2);
  }
  registerTypeScript();
  process.argv = [process.argv[0] ?? "node", entry, ...args];
  await import(pathToFileURL(entry).href);
}
