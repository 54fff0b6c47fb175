/** `npm run pack:mcpb`: builds dist/drone-mcp-<version>.mcpb for Claude Desktop (see README). */
import { statSync } from "node:fs";
import { join, relative } from "node:path";
import { BUNDLE_FILES, packMcpb } from "./pack-mcpb.js";

const root = process.cwd();
try {
  const file = await packMcpb({ root, outDir: join(root, "dist") });
  const kb = Math.round(statSync(file).size / 1024);
  process.stdout.write(`${relative(root, file)} (${kb} kB): ${BUNDLE_FILES.join(", ")}\n`);
} catch (error) {
  process.stderr.write(`pack:mcpb: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
