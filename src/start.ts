#!/usr/bin/env node
/**
 * What `drone-mcp` runs (dist/index.js): loads the server bundle (dist/main.cjs, built from
 * src/index.ts) so that later starts reuse V8's compiled code instead of compiling it again. Node
 * >= 22.1 has its own compile cache (module.enableCompileCache); on older Node, compile-cache.ts
 * keeps one. NODE_DISABLE_COMPILE_CACHE=1 turns either off; NODE_COMPILE_CACHE moves it.
 */
import module, { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defaultCacheDir, runCached } from "./compile-cache.js";

const bundle = fileURLToPath(new URL("./main.cjs", import.meta.url));
const withCache = module as typeof module & { enableCompileCache?: () => unknown };
if (withCache.enableCompileCache) {
  try {
    withCache.enableCompileCache();
  } catch {
    // A cache directory we cannot write only costs speed.
  }
  createRequire(import.meta.url)(bundle);
} else {
  runCached(bundle, { dir: defaultCacheDir() });
}
