/**
 * The README's generated parts: the tools table (from the tool registry), the toolsets table
 * (src/toolsets.ts) and the two environment tables (src/env.ts). `npm run docs` rewrites the part between each pair of markers, and
 * test/readme-tools.test.ts fails when README.md is out of date.
 */
import { envTable } from "../src/env.js";
import type { AnyToolDef } from "../src/tools/define.js";
import { PRESET_INFO, TOOLSET_INFO, TOOLSETS } from "../src/toolsets.js";

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

/** The toolsets table: every group and preset with its one line from src/toolsets.ts. */
export function renderToolsetsTable(): string {
  const rows = Object.entries({ ...TOOLSET_INFO, ...PRESET_INFO }).map(
    ([name, text]) => `| \`${name}\` | ${cell(text)} |`,
  );
  return ["| Toolset | What it holds |", "|---|---|", ...rows].join("\n");
}

/** README text with `content` between the markers of `section` (which must both be present). */
export function withSection(readme: string, section: string, content: string): string {
  const start = `<!-- ${section}:start -->`;
  const end = `<!-- ${section}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`README.md needs the markers ${start} and ${end} (in that order) around the ${section} table`);
  }
  return `${readme.slice(0, from + start.length)}\n${content}\n${readme.slice(to)}`;
}

export const withToolsTable = (readme: string, table: string) => withSection(readme, "tools", table);

/** The README with every generated part rewritten. */
export function generatedReadme(readme: string, tools: readonly AnyToolDef[]): string {
  let out = withToolsTable(readme, renderToolsTable(tools));
  out = withSection(out, "toolsets", renderToolsetsTable());
  out = withSection(out, "env", envTable("server"));
  return withSection(out, "env-http", envTable("http"));
}
