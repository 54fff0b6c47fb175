/** `npm run docs`: rewrites README.md's tools table from the tool registry. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allTools } from "../src/tools/index.js";
import { renderToolsTable, withToolsTable } from "./readme-tools.js";

const path = join(process.cwd(), "README.md");
const before = readFileSync(path, "utf8");
const after = withToolsTable(before, renderToolsTable(allTools));
if (after === before) {
  console.log(`README.md tools table is up to date (${allTools.length} tools).`);
} else {
  writeFileSync(path, after);
  console.log(`README.md tools table rewritten (${allTools.length} tools).`);
}
