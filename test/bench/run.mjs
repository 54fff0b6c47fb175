// `npm run bench`: bundles the TypeScript benchmark (test/bench/main.ts, and test/bench/logs.ts
// when that file exists) with esbuild into node_modules/.cache, then runs it with node.
// Packages stay external, so they resolve from this project's node_modules.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outdir = join(root, "node_modules/.cache/drone-mcp-bench");
mkdirSync(outdir, { recursive: true });

const entryPoints = {
  main: join(root, "test/bench/main.ts"),
  sandbox: join(root, "test/bench/sandbox-process.ts"),
  "sdk-floor": join(root, "test/bench/sdk-floor.ts"),
};
const logsSource = join(root, "test/bench/logs.ts");
if (existsSync(logsSource)) entryPoints.logs = logsSource;

await build({
  entryPoints,
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  packages: "external",
  sourcemap: "inline",
  logLevel: "warning",
});

const { runBench } = await import(pathToFileURL(join(outdir, "main.mjs")).href);
const logsModule = entryPoints.logs ? pathToFileURL(join(outdir, "logs.mjs")).href : undefined;
await runBench({
  root,
  logsModule,
  sandboxEntry: join(outdir, "sandbox.mjs"),
  sdkFloorEntry: join(outdir, "sdk-floor.mjs"),
});
