// `npm run build`: the three files `drone-mcp` runs from, built with esbuild.
// - dist/index.js: the launcher (src/start.ts), a small ES module: it loads dist/main.cjs with a
//   compile cache (src/compile-cache.ts) so that a start reuses V8's compiled code.
// - dist/main.cjs: the server (src/index.ts and everything it imports: MCP SDK, zod, ky), one
//   minified CommonJS bundle, a plain script so that Node 20 (no module compile cache) can run it
//   through vm.Script with cached data.
// - dist/undici.cjs: undici, loaded by main.cjs only when a proxy or DRONE_SKIP_VERIFY is set.
// - dist/o200k-vocab.cjs: the part of o200k's vocabulary that log excerpts are counted with
//   (src/o200k-vocab.ts, 340 KB), loaded by main.cjs at the first count, not at start-up.
// main.cjs also carries every tool's input schema converted to JSON Schema
// (src/packaging/tool-schemas.ts), so that tools/list converts nothing at run time.
// - dist/THIRD_PARTY_NOTICES.txt: the licence of every package bundled into those files (their
//   licences ask that copies carry it; the bundles themselves drop comments).
// Extra arguments are esbuild log levels, e.g. `npm run build -- --log-level=warning`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const logLevel = /--log-level=(\w+)/.exec(process.argv.slice(2).join(" "))?.[1] ?? "info";
const stub = join(root, "src/bundle-stubs.ts");

const common = {
  absWorkingDir: root,
  metafile: true,
  bundle: true,
  platform: "node",
  target: "node20.19",
  minify: true,
  legalComments: "none",
  logLevel,
};

// Packages the SDK imports for features drone-mcp never uses (see src/bundle-stubs.ts).
const alias = { ajv: stub, "ajv-formats": stub, "zod/v3": stub, "zod-to-json-schema": stub };

/**
 * `import("undici")` loads dist/undici.cjs beside main.cjs, through require: main.cjs runs as a
 * plain script (vm.Script), which has no import() of its own.
 */
const undiciBeside = {
  name: "undici-beside-main",
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: "undici", namespace: "undici-beside" }));
    b.onLoad({ filter: /.*/, namespace: "undici-beside" }, () => ({
      contents: 'module.exports = require("./undici.cjs");',
      loader: "js",
    }));
    b.onResolve({ filter: /^\.\/undici\.cjs$/ }, () => ({ path: "./undici.cjs", external: true }));
  },
};

/**
 * src/o200k-vocab.ts goes to dist/o200k-vocab.cjs, which main.cjs requires when its exports
 * are first read (src/tokens.ts reads them at its first count): start-up does not load it.
 */
const vocabBeside = {
  name: "vocab-beside-main",
  setup(b) {
    b.onResolve({ filter: /\/o200k-vocab\.js$/ }, () => ({ path: "o200k-vocab", namespace: "vocab-beside" }));
    b.onLoad({ filter: /.*/, namespace: "vocab-beside" }, () => ({
      contents: `let vocab;
const load = () => (vocab ??= require("./o200k-vocab.cjs"));
Object.defineProperty(exports, "O200K_PIECES", { get: () => load().O200K_PIECES });
Object.defineProperty(exports, "O200K_CHARS", { get: () => load().O200K_CHARS });`,
      loader: "js",
    }));
    b.onResolve({ filter: /^\.\/o200k-vocab\.cjs$/ }, () => ({ path: "./o200k-vocab.cjs", external: true }));
  },
};

/** Runs src/packaging/tool-schemas.ts (bundled into node_modules/.cache) and returns its answer. */
async function toolInputSchemas() {
  const outfile = join(root, "node_modules/.cache/drone-mcp/tool-schemas.mjs");
  await build({
    ...common,
    minify: false,
    entryPoints: ["src/packaging/tool-schemas.ts"],
    outfile,
    format: "esm",
    packages: "external",
    logLevel: "warning",
  });
  const { toolInputSchemas } = await import(`${pathToFileURL(outfile).href}?${Date.now()}`);
  return toolInputSchemas();
}

// Files of earlier layouts (dist/main.js, dist/chunks/) would otherwise be left behind and packed.
for (const old of ["dist/main.js", "dist/chunks"]) rmSync(join(root, old), { recursive: true, force: true });

const schemas = await toolInputSchemas();

const results = await Promise.all([
  build({
    ...common,
    entryPoints: { index: "src/start.ts" },
    outdir: "dist",
    format: "esm",
  }),
  build({
    ...common,
    entryPoints: { main: "src/index.ts" },
    outdir: "dist",
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    alias,
    plugins: [undiciBeside, vocabBeside],
    // A string, parsed on the first tools/list: start-up does not build these objects.
    define: { __TOOL_INPUT_SCHEMAS__: JSON.stringify(JSON.stringify(schemas)) },
  }),
  build({
    ...common,
    entryPoints: { undici: createRequire(import.meta.url).resolve("undici") },
    outdir: "dist",
    outExtension: { ".js": ".cjs" },
    format: "cjs",
  }),
  build({
    ...common,
    entryPoints: { "o200k-vocab": "src/o200k-vocab.ts" },
    outdir: "dist",
    outExtension: { ".js": ".cjs" },
    format: "cjs",
  }),
]);

// A plain script cannot import(): compile-cache.ts would fail at the first such call.
const main = readFileSync(join(root, "dist/main.cjs"), "utf8");
if (/\bimport\(/.test(main)) throw new Error("dist/main.cjs contains import(): load that module with require instead");
if (!main.includes('require("./o200k-vocab.cjs")'))
  throw new Error("dist/main.cjs should load the o200k vocabulary lazily");

writeFileSync(join(root, "dist/THIRD_PARTY_NOTICES.txt"), notices(results.map((result) => result.metafile)));

/** dist/o200k-vocab.cjs holds part of tiktoken's o200k_base vocabulary (src/packaging/o200k-vocab.mjs). */
function vocabularyNotice() {
  const version = JSON.parse(readFileSync(join(root, "node_modules/js-tiktoken/package.json"), "utf8")).version;
  return `o200k_base vocabulary (MIT), from tiktoken (https://github.com/openai/tiktoken), read through js-tiktoken ${version}
${"-".repeat(72)}
MIT License

Copyright (c) 2022 OpenAI, Shantanu Jain

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}

/** The packages whose code the metafiles show in the output, each with its licence text. */
function notices(metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const output of Object.values(metafile.outputs)) {
      for (const input of Object.keys(output.inputs)) {
        const at = input.lastIndexOf("node_modules/");
        if (at < 0) continue;
        const parts = input.slice(at + "node_modules/".length).split("/");
        const name = parts[0]?.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
        dirs.add(join(root, input.slice(0, at), "node_modules", name));
      }
    }
  }
  const sections = [...dirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name));
    const text = file
      ? readFileSync(join(dir, file), "utf8").trim()
      : `Licence: ${pkg.license ?? "not stated"} (the package ships no licence file).`;
    return `${pkg.name} ${pkg.version} (${pkg.license ?? "licence not stated"})\n${"-".repeat(72)}\n${text}\n`;
  });
  if (sections.length === 0) throw new Error("found no bundled packages for THIRD_PARTY_NOTICES.txt");
  sections.push(vocabularyNotice());
  return `drone-mcp's dist/ files bundle the following packages. Their licences follow.\n\n${sections.join("\n")}`;
}
