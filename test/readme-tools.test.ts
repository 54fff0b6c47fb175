import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allTools } from "../src/tools/index.js";
import { END, generatedReadme, renderToolsTable, START, withToolsTable } from "./readme-tools.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README tools table", () => {
  it("matches the tool registry and the toolsets (stale? run `npm run generate`)", () => {
    expect(readme).toContain(START);
    expect(readme).toContain(END);
    expect(generatedReadme(readme, allTools), "README.md is stale: run `npm run generate`").toBe(readme);
  });

  it("has one row per tool, saying which are read-only", () => {
    const table = renderToolsTable(allTools);
    expect(table.split("\n")).toHaveLength(allTools.length + 2);
    expect(table).toContain("| `get_version` | system | Show the Drone server's version and commit. | yes |");
    expect(table).toMatch(/\| `delete_user` \| admin \| .* \| no, destructive \|/);
    expect(table).toMatch(/\| `create_repo_secret` \| secrets \| .* \| no \|/);
  });

  it("refuses a README without the markers", () => {
    expect(() => withToolsTable("# no markers", "table")).toThrow(/needs the markers/);
  });
});
