/**
 * Builds the MCP Bundle (.mcpb): a zip of manifest.json, the built server (dist/) and a
 * package.json that says dist/index.js is an ES module. No node_modules: dist/main.cjs is one
 * esbuild bundle with every runtime dependency inlined, so the production dependencies ARE that file.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { packExtension } from "@anthropic-ai/mcpb";

/** The files a bundle holds, relative to its root: the launcher, the server, undici (proxies) and the licences of what they bundle. */
export const BUNDLE_FILES = [
  "manifest.json",
  "package.json",
  "README.md",
  "dist/index.js",
  "dist/main.cjs",
  "dist/undici.cjs",
  "dist/o200k-vocab.cjs",
  "dist/THIRD_PARTY_NOTICES.txt",
] as const;

/** package.json fields the bundle keeps: identity, and "type": "module" for dist/index.js. */
const PACKAGE_FIELDS = ["name", "version", "description", "type", "license", "author", "repository", "engines", "bin"];

export interface PackOptions {
  /** The project folder (holds package.json, manifest.json and the built dist/index.js). */
  root: string;
  /** Where the .mcpb goes. */
  outDir: string;
}

/** Packs the bundle and returns the path of the .mcpb file. */
export async function packMcpb({ root, outDir }: PackOptions): Promise<string> {
  const entry = join(root, "dist", "index.js");
  if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  const staging = mkdtempSync(join(tmpdir(), "drone-mcp-mcpb-"));
  try {
    for (const file of BUNDLE_FILES) {
      const target = join(staging, file);
      mkdirSync(dirname(target), { recursive: true });
      if (file === "package.json") writeFileSync(target, `${JSON.stringify(pick(pkg, PACKAGE_FIELDS), null, 2)}\n`);
      else copyFileSync(join(root, file), target);
    }
    mkdirSync(outDir, { recursive: true });
    const output = join(outDir, `${pkg.name}-${pkg.version}.mcpb`);
    // packExtension validates manifest.json against its manifest_version's schema first.
    const ok = await packExtension({ extensionPath: staging, outputPath: output, silent: true });
    if (!ok) throw new Error("mcpb pack failed: run `npx mcpb validate manifest.json` to see why");
    return output;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
