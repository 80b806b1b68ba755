// Lets plain `node` run atsync's TypeScript sources without a build, for the worker processes the
// queue tests spawn and for the benchmarks in bench/:
//   node --conditions=@atsync/source --import ./packages/storage-postgres/test/register-ts.js <file.ts>
// `--conditions=@atsync/source` resolves workspace packages to their `src/`; the hooks in
// `ts-hooks.js` transpile each `.ts` file with `ts.transpileModule` (type stripping, decorators as
// in tsconfig.base.json; no type check).
import { createRequire, register } from "node:module";

const typescript = createRequire(import.meta.url).resolve("typescript");
register("./ts-hooks.js", import.meta.url, { data: { typescript } });
