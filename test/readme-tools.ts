/**
 * The README's "Tools" table, generated from the tool registry: `npm run docs` rewrites the part
 * between the markers, and test/readme.test.ts fails when README.md is out of date.
 */
import { type AnyToolDef, TOOLSETS } from "../src/tools/define.js";

export const START = "<!-- tools:start -->";
export const END = "<!-- tools:end -->";

function readOnly(tool: AnyToolDef): string {
  if (tool.annotations.readOnlyHint) return "yes";
  return tool.annotations.destructiveHint ? "no, destructive" : "no";
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The Markdown table: one row per tool, grouped by toolset, in registry order within a set. */
export function renderToolsTable(tools: readonly AnyToolDef[]): string {
  const order = (t: AnyToolDef) => TOOLSETS.indexOf(t.toolset);
  const rows = [...tools]
    .sort((a, b) => order(a) - order(b))
    .map((t) => `| \`${t.name}\` | ${t.toolset} | ${cell(t.description)} | ${readOnly(t)} |`);
  return ["| Tool | Toolset | What it does | Read-only |", "|---|---|---|---|", ...rows].join("\n");
}

/** README text with the generated table between the markers (which must both be present). */
export function withToolsTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md needs the markers ${START} and ${END} (in that order) around the tools table`);
  }
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}
