// Module hooks registered by `register-ts.js`: relative `.js` specifiers of TypeScript files
// resolve to their `.ts` source, and `.ts` files are transpiled to ES modules on load.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/** @type {typeof import("typescript")} */
let ts;

/** Receives the path of the `typescript` package from `register-ts.js`. */
export function initialize(data) {
  ts = createRequire(data.typescript)(data.typescript);
}

/** Falls back from `./x.js` to `./x.ts` when a TypeScript file imports a sibling by its output name. */
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
      return next(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

/** Transpiles `.ts` files (compiler options of tsconfig.base.json that change the output). */
export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const source = await readFile(new URL(url), "utf8");
  const output = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      experimentalDecorators: true,
      sourceMap: false,
      inlineSourceMap: true,
    },
  });
  return { format: "module", source: output.outputText, shortCircuit: true };
}
