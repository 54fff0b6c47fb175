/**
 * Runs a CommonJS bundle (dist/main.cjs) with a V8 code cache kept on disk, the way Node >= 22.1's
 * module.enableCompileCache() does for modules: compiling the bundle is a third of a cold start,
 * and reading V8's cached code back costs a few milliseconds. Used on Node < 22.1, which has no
 * compile cache of its own.
 *
 * The cache is one file per bundle content, Node version and architecture, in a directory only
 * this user may write (a cache file is code this process runs). Anything wrong with it (missing,
 * rejected by V8, unreadable, a directory someone else owns) costs only speed: the bundle is then
 * compiled as usual and a fresh cache written once start-up is over.
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/** What happened to the cache on this start. */
export type CacheOutcome = "hit" | "miss" | "rejected" | "off";

export interface RunCachedOptions {
  /** The cache directory; undefined turns the cache off. */
  dir: string | undefined;
  /** When to write a new cache after a miss (default: 1.5 s after start, or at exit if sooner). */
  writeAfterMs?: number;
}

export interface RunCachedResult {
  outcome: CacheOutcome;
  /** The cache file used or to be written, when the cache is on. */
  file?: string;
  /** Writes the cache now if it still has to be written (tests; the timer and exit do it otherwise). */
  flush(): void;
}

/** How many cache files (bundle versions) one directory keeps. */
const KEEP_FILES = 3;
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname) { ";
const WRAPPER_END = "\n})";

/**
 * The default cache directory: $NODE_COMPILE_CACHE/drone-mcp when set (Node's own variable), else
 * drone-mcp-compile-cache-<uid> in the temp directory; undefined when NODE_DISABLE_COMPILE_CACHE is set.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.NODE_COMPILE_CACHE) return join(env.NODE_COMPILE_CACHE, "drone-mcp");
  const user = typeof process.getuid === "function" ? String(process.getuid()) : "user";
  return join(tmpdir(), `drone-mcp-compile-cache-${user}`);
}

/** Loads `file` (CommonJS) as Node's require would, with cached compiled code when there is some. */
export function runCached(file: string, options: RunCachedOptions): RunCachedResult {
  let source = readFileSync(file, "utf8");
  if (source.startsWith("#!")) source = `//${source.slice(2)}`; // keeps line numbers in stack traces
  const { dir } = options;
  const cacheFile = dir ? join(dir, `${basename(file)}-${keyOf(source)}.bin`) : undefined;
  const cached = dir && cacheFile && usableDir(dir) ? readOrUndefined(cacheFile) : undefined;

  const script = new Script(`${WRAPPER_START}${source}${WRAPPER_END}`, {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  const outcome: CacheOutcome = !cacheFile ? "off" : !cached ? "miss" : script.cachedDataRejected ? "rejected" : "hit";

  let pending = dir !== undefined && cacheFile !== undefined && (outcome === "miss" || outcome === "rejected");
  const flush = () => {
    if (!pending || !dir || !cacheFile) return;
    pending = false;
    process.off("exit", flush);
    writeCache(dir, cacheFile, script);
  };
  if (pending) {
    // After start-up the cache also holds the functions compiled while answering the first
    // requests; a server stopped sooner writes it on its way out.
    setTimeout(flush, options.writeAfterMs ?? 1500).unref();
    process.once("exit", flush);
  }

  const module = { exports: {} as unknown, filename: file, id: file };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { outcome, flush, ...(cacheFile ? { file: cacheFile } : {}) };
}

function keyOf(source: string): string {
  return createHash("sha256").update(source).update(`\0${process.version}\0${process.arch}`).digest("hex").slice(0, 32);
}

/** A directory this user owns and nobody else may write, or none at all (created on write). */
function usableDir(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    if (typeof process.getuid === "function" && stat.uid !== process.getuid()) return false;
    return process.platform === "win32" || (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, cacheFile: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!usableDir(dir)) return;
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile); // readers see the whole file or none
    pruneOld(dir, cacheFile);
  } catch {
    // No cache this time: the next start compiles again.
  }
}

/**
 * Keeps the newest KEEP_FILES cache files (each release of the bundle has its own), and removes
 * partial files that a process stopped mid-write left behind.
 */
function pruneOld(dir: string, keep: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".bin") || name.endsWith(".tmp"))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }));
  const stale = Date.now() - 60_000;
  for (const partial of files.filter((f) => f.path.endsWith(".tmp") && f.mtime < stale)) {
    rmSync(partial.path, { force: true });
  }
  const older = files
    .filter((f) => f.path.endsWith(".bin") && f.path !== keep)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(KEEP_FILES - 1);
  for (const old of older) rmSync(old.path, { force: true });
}
