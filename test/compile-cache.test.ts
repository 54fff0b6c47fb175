/**
 * The start-up compile cache (src/compile-cache.ts), each case in fresh node processes: V8 keeps
 * compiled scripts per process, so only a new process shows whether the cache on disk was used.
 * A harness bundled from the source runs a small CommonJS file and prints what the cache did.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
let work: string;
let harness: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "drone-mcp-cache-test-"));
  harness = join(work, "harness.mjs");
  buildSync({
    stdin: {
      contents: [
        `import { runCached } from ${JSON.stringify(join(root, "src/compile-cache.ts"))};`,
        "const dir = process.argv[3] === '-' ? undefined : process.argv[3];",
        "const result = runCached(process.argv[2], { dir });",
        "process.stdout.write('outcome=' + result.outcome + '\\n');",
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: harness,
    logLevel: "warning",
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A CommonJS file that uses its module wrapper and prints a line. */
function fixture(name: string, value: string): string {
  const file = join(work, name);
  writeFileSync(
    file,
    `#!/usr/bin/env node\nconst { basename } = require("node:path");\nmodule.exports = ${JSON.stringify(value)};\n` +
      `process.stdout.write("ran " + module.exports + " in " + basename(__filename) + "\\n");\n`,
  );
  return file;
}

function run(file: string, dir: string | undefined): string {
  return execFileSync(process.execPath, [harness, file, dir ?? "-"], { encoding: "utf8" });
}

function binFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".bin")) : [];
}

describe("compile cache", () => {
  it("compiles and writes the cache on the first start, then uses it, running the file each time", () => {
    const file = fixture("first.cjs", "one");
    const dir = join(work, "cache-first");
    expect(run(file, dir)).toBe("ran one in first.cjs\noutcome=miss\n");
    const [cached] = binFiles(dir);
    expect(cached).toMatch(/^first\.cjs-[0-9a-f]{32}\.bin$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, cached!)).mode & 0o777).toBe(0o600);
    const written = statSync(join(dir, cached!)).mtimeMs;
    expect(run(file, dir)).toBe("ran one in first.cjs\noutcome=hit\n");
    expect(statSync(join(dir, cached!)).mtimeMs).toBe(written); // a hit does not rewrite
  });

  it("replaces a damaged cache file instead of failing", () => {
    const file = fixture("damaged.cjs", "two");
    const dir = join(work, "cache-damaged");
    run(file, dir);
    const [cached] = binFiles(dir);
    writeFileSync(join(dir, cached!), "not V8 code");
    expect(run(file, dir)).toBe("ran two in damaged.cjs\noutcome=rejected\n");
    expect(run(file, dir)).toBe("ran two in damaged.cjs\noutcome=hit\n");
  });

  it("keys the cache on the file's content, so an edit of the same length never reuses old code", () => {
    const dir = join(work, "cache-edit");
    const file = fixture("edit.cjs", "aaa");
    run(file, dir);
    fixture("edit.cjs", "bbb");
    expect(run(file, dir)).toBe("ran bbb in edit.cjs\noutcome=miss\n");
    expect(binFiles(dir)).toHaveLength(2);
  });

  it("keeps only the three newest cache files, and clears partial files left by a stopped write", () => {
    const dir = join(work, "cache-prune");
    run(fixture("prune.cjs", "v0"), dir);
    const partial = join(dir, "prune.cjs-0123.bin.999.tmp");
    writeFileSync(partial, "half a cache");
    const longAgo = new Date(Date.now() - 10 * 60_000);
    utimesSync(partial, longAgo, longAgo);
    for (const value of ["v1", "v2", "v3", "v4", "v5"]) run(fixture("prune.cjs", value), dir);
    expect(binFiles(dir)).toHaveLength(3);
    expect(existsSync(partial)).toBe(false);
  });

  it("neither reads nor writes a cache directory that others may write", () => {
    const dir = join(work, "cache-open");
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    const file = fixture("open.cjs", "three");
    expect(run(file, dir)).toBe("ran three in open.cjs\noutcome=miss\n");
    expect(binFiles(dir)).toEqual([]);
  });

  it("runs without a cache when it is off", () => {
    expect(run(fixture("off.cjs", "four"), undefined)).toBe("ran four in off.cjs\noutcome=off\n");
  });
});

describe("dist/index.js and the compile cache", () => {
  const entry = join(root, "dist/index.js");
  const start = (env: Record<string, string>) =>
    execFileSync(process.execPath, [entry, "--version"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", ...env },
    });

  it("keeps its cache under NODE_COMPILE_CACHE, and prints nothing but the answer", () => {
    const cacheRoot = join(work, "node-compile-cache");
    const version = start({ NODE_COMPILE_CACHE: cacheRoot });
    expect(version).toMatch(/^\d+\.\d+\.\d+\n$/);
    // Node >= 22.1 keeps its own cache there; older Node gets drone-mcp's, in a subdirectory.
    expect(readdirSync(cacheRoot).length).toBeGreaterThan(0);
    expect(start({ NODE_COMPILE_CACHE: cacheRoot })).toBe(version);
  });

  it("writes no cache when NODE_DISABLE_COMPILE_CACHE is set", () => {
    const cacheRoot = join(work, "disabled-cache");
    start({ NODE_COMPILE_CACHE: cacheRoot, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(existsSync(cacheRoot)).toBe(false);
  });
});
