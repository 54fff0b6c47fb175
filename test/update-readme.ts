/** `npm run docs`: rewrites README.md's generated parts (tools and toolsets tables). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allTools } from "../src/tools/index.js";
import { generatedReadme } from "./readme-tools.js";

const path = join(process.cwd(), "README.md");
const before = readFileSync(path, "utf8");
const after = generatedReadme(before, allTools);
if (after === before) {
  console.log(`README.md tables are up to date (${allTools.length} tools).`);
} else {
  writeFileSync(path, after);
  console.log(`README.md tables rewritten (${allTools.length} tools).`);
}
