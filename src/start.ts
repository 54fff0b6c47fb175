#!/usr/bin/env node
/**
 * What `drone-mcp` runs (dist/index.js): turns on Node's on-disk compile cache where the runtime
 * has it (Node >= 22.1), then loads the server bundle (dist/main.js, built from src/index.ts), so
 * later starts reuse V8's compiled code instead of compiling the bundle again. On Node 20 the
 * cache does not exist and this only loads the bundle.
 */
import module from "node:module";

const withCache = module as typeof module & { enableCompileCache?: () => unknown };
try {
  withCache.enableCompileCache?.();
} catch {
  // A cache directory we cannot write only costs speed.
}

// A variable, so that esbuild leaves the import to run time instead of bundling it here.
const bundle = "./main.js";
await import(bundle);
