#!/usr/bin/env node
// Consumer check: do the published packages work for a host outside this repository?
//
//   npm run check:consumer      (CI runs it after `npm test`; ATSYNC_KEEP_CONSUMER=1 keeps the temp dir)
//
// 1. `npm run build` of the packages, then `npm pack` of the four packages into a temp dir (outside the repo).
// 2. Checks what ships, in each installed package: no tests or test helpers; every export and bin
//    target present; every bare import of every shipped `.js`/`.d.ts` declared in that package's
//    `dependencies`/`peerDependencies` (`.d.ts`: or its `@types/` package), and no optional peer
//    (vitest) reachable from an entry other than `./testing`.
// 3. A fresh project (`mkdtemp`) installs the tarballs (and their registry dependencies), imports
//    every runtime entry in plain Node, type-checks a strict TypeScript host (`nodenext`, `strict`,
//    `noUncheckedIndexedAccess`, library types checked) made of docs/examples/embed.ts,
//    docs/examples/typed-reads.ts and a PostgreSQL wiring, runs the compiled embed.js in plain
//    Node (no TypeScript loader), the storage conformance suite of `@atsync/core/testing` under
//    vitest (its optional peer) against the installed memory storage, and the simulator's bin.
// Any failure ends the script with exit code 1 and says what failed.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The published packages, by directory under `packages/`. */
const PACKAGES = [
  "core",
  "storage-memory",
  "storage-postgres",
  "connector-icims",
  "icims-simulator",
  "connector-greenhouse",
  "greenhouse-simulator",
];
/** Exports that may need an optional peer dependency (vitest for the conformance suites). */
const TEST_SUPPORT_EXPORTS = new Set(["./testing"]);
const BUILTINS = new Set(builtinModules);
const started = Date.now();

class CheckFailure extends Error {}

/** Runs `command`; throws with its output when it fails or outlives `timeoutMs`. */
function run(command, args, { cwd = ROOT, timeoutMs = 120_000, quiet = false } = {}) {
  // Nothing of this repository's npm run may leak into the host project: under `npm run`, npm
  // passes the repository as `npm_config_local_prefix`, which would make `npm install` install here.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(npm_config_(local_prefix|workspaces?|include_workspace_root)|npm_package_.*|npm_lifecycle_.*|INIT_CWD|NODE_PATH|NODE_OPTIONS)$/.test(
          name,
        ),
    ),
  );
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "pipe", "inherit"],
  });
  if (result.error || result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? "");
    process.stderr.write(result.stdout ?? "");
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new CheckFailure(`${command} ${args.join(" ")} (in ${cwd}) failed: ${why}`);
  }
  return result.stdout;
}

/** Runs one named step, printing its duration. */
function step(name, action) {
  const at = Date.now();
  process.stdout.write(`consumer-check: ${name}\n`);
  const value = action();
  process.stdout.write(`consumer-check: ${name} — ${((Date.now() - at) / 1000).toFixed(1)} s\n`);
  return value;
}

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** Every file under `dir`, as paths relative to it with `/` separators. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

const isBuiltin = (specifier) => specifier.startsWith("node:") || BUILTINS.has(packageOf(specifier));

/** Module specifiers a `.js`/`.d.ts` file imports (static, dynamic, `import("…")` types, `/// <reference types>`). */
function importsOf(file) {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((ref) => ref.fileName);
}

/** Bare imports of every file reachable from `entry` through relative imports, with one importer each. */
function reachableBareImports(entry) {
  const seen = new Set();
  const bare = new Map();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith(".")) queue.push(resolve(dirname(file), specifier));
      else if (!isBuiltin(specifier) && !bare.has(packageOf(specifier))) bare.set(packageOf(specifier), file);
    }
  }
  return bare;
}

/** Problems with what an installed package ships (empty when none). */
function shippedProblems(dir) {
  const manifest = readJson(join(dir, "package.json"));
  const problems = [];
  const files = filesUnder(dir);
  for (const file of files) {
    if (/(^|\/)(test|tests|__tests__)\/|\.test\.|test-(harness|helpers)|\.tsbuildinfo$/.test(file)) {
      problems.push(`ships test material: ${file}`);
    }
  }
  const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
  const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
  const optionalPeers = new Set(
    Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name),
  );
  for (const file of files.filter((f) => f.startsWith("dist/") && /\.(js|d\.ts)$/.test(f))) {
    for (const specifier of importsOf(join(dir, file))) {
      if (specifier.startsWith(".") || isBuiltin(specifier)) continue;
      const name = packageOf(specifier);
      const typesName = `@types/${name.replace(/^@/, "").replace("/", "__")}`;
      const declared = (n) => dependencies.has(n) || peers.has(n);
      if (!declared(name) && !(file.endsWith(".d.ts") && declared(typesName))) {
        problems.push(`${file} imports "${specifier}", which is not a dependency or peer dependency`);
      }
    }
  }
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    for (const condition of ["types", "default"]) {
      if (!target[condition] || !existsSync(join(dir, target[condition]))) {
        problems.push(`export "${subpath}" has no ${condition} file (${target[condition]})`);
      }
    }
    if (TEST_SUPPORT_EXPORTS.has(subpath) || !target.default || !existsSync(join(dir, target.default)))
      continue;
    for (const [name, importer] of reachableBareImports(join(dir, target.default))) {
      if (optionalPeers.has(name) || !dependencies.has(name)) {
        problems.push(`export "${subpath}" loads "${name}" (${relative(dir, importer)}), not a dependency`);
      }
    }
  }
  for (const target of Object.values(manifest.bin ?? {})) {
    if (!existsSync(join(dir, target))) problems.push(`bin ${target} is missing`);
  }
  return problems.map((p) => `${manifest.name}: ${p}`);
}

/** A storage author's conformance test (`@atsync/core/testing` with its optional peer, vitest). */
const STORAGE_CONFORMANCE = `import { describeStorageConformance } from "@atsync/core/testing";
import { createMemoryStorage } from "@atsync/storage-memory";

describeStorageConformance("memory, as installed", {
  create: async () => {
    const storage = createMemoryStorage({ encryptionKey: "0".repeat(64) });
    return { storage, dumpAtRest: async () => storage.dumpAtRest() };
  },
});
`;

/** The PostgreSQL wiring a host writes (type-checked only; no database is needed). */
const POSTGRES_HOST = `import { createAtsync } from "@atsync/core";
import { icimsConnector } from "@atsync/connector-icims";
import { createPostgresStorage, GraphileWorkerQueue } from "@atsync/storage-postgres";
import pg from "pg";

/** atsync on PostgreSQL with the distributed queue. */
export async function postgresHost(connectionString: string, encryptionKey: string) {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const storage = createPostgresStorage({ pool, schema: "atsync", encryptionKey });
  await storage.migrate();
  const queue = new GraphileWorkerQueue({ pool, syncState: storage.syncState, schema: "atsync_worker" });
  await queue.migrate();
  return createAtsync({ storage, connectors: [icimsConnector], queue });
}
`;

function main() {
  const work = mkdtempSync(join(tmpdir(), "atsync-consumer-"));
  if (!relative(ROOT, work).startsWith(".."))
    throw new CheckFailure(`temp dir ${work} is inside the repository`);
  try {
    // The packed packages (and what they depend on); apps are not published. Empty dists first:
    // turbo restores a cached build into dist without removing files an older build left there.
    step("npm run build (packages)", () => {
      for (const p of PACKAGES) rmSync(join(ROOT, "packages", p, "dist"), { recursive: true, force: true });
      run("npm", ["run", "build", "--", "--filter=./packages/*"], { timeoutMs: 150_000, quiet: true });
    });

    const tarballs = join(work, "tarballs");
    mkdirSync(tarballs);
    const packed = step("npm pack", () =>
      JSON.parse(
        run(
          "npm",
          [
            "pack",
            "--json",
            "--ignore-scripts",
            "--pack-destination",
            tarballs,
            ...PACKAGES.flatMap((p) => ["--workspace", `packages/${p}`]),
          ],
          { quiet: true },
        ),
      ),
    );
    for (const p of packed) {
      const kib = (p.size / 1024).toFixed(0);
      process.stdout.write(
        `  ${p.name}: ${p.entryCount} files, ${kib} KiB packed, ${(p.unpackedSize / 1024).toFixed(0)} KiB unpacked\n`,
      );
    }

    const root = readJson(join(ROOT, "package.json"));
    const postgres = readJson(join(ROOT, "packages/storage-postgres/package.json"));
    const host = join(work, "host");
    mkdirSync(join(host, "src"), { recursive: true });
    writeFileSync(
      join(host, "package.json"),
      `${JSON.stringify(
        {
          name: "atsync-consumer",
          private: true,
          type: "module",
          dependencies: {
            ...Object.fromEntries(packed.map((p) => [p.name, `file:../tarballs/${p.filename}`])),
            pg: postgres.dependencies.pg,
          },
          devDependencies: {
            typescript: root.devDependencies.typescript,
            "@types/node": root.devDependencies["@types/node"],
            vitest: root.devDependencies.vitest,
          },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(
      join(host, "tsconfig.json"),
      `${JSON.stringify(
        {
          compilerOptions: {
            module: "nodenext",
            moduleResolution: "nodenext",
            target: "es2022",
            lib: ["es2023"],
            types: ["node"],
            strict: true,
            noUncheckedIndexedAccess: true,
            skipLibCheck: false,
            rootDir: "src",
            outDir: "dist",
          },
          include: ["src"],
        },
        null,
        2,
      )}\n`,
    );
    copyFileSync(join(ROOT, "docs/examples/embed.ts"), join(host, "src/embed.ts"));
    copyFileSync(join(ROOT, "docs/examples/typed-reads.ts"), join(host, "src/typed-reads.ts"));
    writeFileSync(join(host, "src/postgres.ts"), POSTGRES_HOST);
    mkdirSync(join(host, "conformance"));
    writeFileSync(join(host, "conformance/memory.test.ts"), STORAGE_CONFORMANCE);

    step("npm install (fresh project outside the repository)", () =>
      run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], {
        cwd: host,
        quiet: true,
      }),
    );

    step("shipped files and declared dependencies", () => {
      const problems = packed.flatMap((p) => shippedProblems(join(host, "node_modules", p.name)));
      if (problems.length > 0) throw new CheckFailure(`what ships is wrong:\n  ${problems.join("\n  ")}`);
    });

    step("every runtime entry imports in plain Node", () => {
      const entries = packed.flatMap((p) => {
        const manifest = readJson(join(host, "node_modules", p.name, "package.json"));
        return Object.keys(manifest.exports)
          .filter((subpath) => !TEST_SUPPORT_EXPORTS.has(subpath))
          .map((subpath) => join(p.name, subpath).split(sep).join("/"));
      });
      const script = entries.map((e) => `await import(${JSON.stringify(e)});`).join("\n");
      run(process.execPath, ["--input-type=module", "-e", script], { cwd: host, quiet: true });
    });

    step("strict TypeScript host type-checks and compiles", () =>
      run(process.execPath, [join(host, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: host }),
    );

    step("docs/examples/embed.ts, compiled, runs in plain Node", () => {
      const out = run(process.execPath, ["dist/embed.js"], { cwd: host, timeoutMs: 90_000 });
      process.stdout.write(`${out.trimEnd().replace(/^/gm, "  ")}\n`);
      for (const expected of [
        /^first sync: succeeded, \d+ applications$/m,
        /^GET \/v1\/ats\/applications → 200$/m,
      ]) {
        if (!expected.test(out)) throw new CheckFailure(`embed.js printed no line matching ${expected}`);
      }
    });

    step("@atsync/core/testing: the storage conformance suite passes under vitest", () =>
      run(join(host, "node_modules/.bin/vitest"), ["run", "conformance"], { cwd: host, quiet: true }),
    );

    step("the simulators' bins run", () => {
      for (const bin of ["atsync-icims-simulator", "atsync-greenhouse-simulator"]) {
        const out = run(join(host, `node_modules/.bin/${bin}`), ["--help"], { cwd: host, quiet: true });
        if (!out.includes(`Usage: ${bin}`)) throw new CheckFailure(`no usage text from ${bin} --help`);
      }
    });

    process.stdout.write(`consumer-check: passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    if (process.env.ATSYNC_KEEP_CONSUMER) process.stdout.write(`consumer-check: kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(
    `consumer-check: FAILED — ${error instanceof CheckFailure ? error.message : error.stack}\n`,
  );
  process.exit(1);
}
