/**
 * Which tools a server exposes: DRONE_TOOLSETS / --toolsets pick groups (each tool's `toolset`)
 * or presets, DRONE_READ_ONLY / --read-only keeps only read-only tools. Read-only always wins.
 */
import { type AnyToolDef, TOOLSETS, type Toolset } from "./tools/define.js";

/** Names DRONE_TOOLSETS accepts: every group, plus `all` and the `core` preset. */
export const TOOLSET_NAMES = [...TOOLSETS, "all", "core"] as const;
export type ToolsetName = (typeof TOOLSET_NAMES)[number];

/** On when DRONE_TOOLSETS is not set: every group except `nodes` (no Drone server has that API). */
export const DEFAULT_TOOLSETS: readonly Toolset[] = TOOLSETS.filter((t) => t !== "nodes");

/**
 * The `core` preset: the builds, logs and repos tools an assistant needs every day, by tool name:
 * find what is broken, read why, restart and watch it (1,500 tokens at most; see the bench).
 * Names of tools this build does not have are ignored, so the preset may name tools added later.
 */
export const CORE_TOOLS: readonly string[] = [
  "list_user_repos",
  "list_recent_builds",
  "list_builds",
  "get_build",
  "get_build_failure",
  "get_build_logs",
  "wait_for_build",
  "restart_build",
];

export interface ToolSelection {
  /** undefined: DEFAULT_TOOLSETS. */
  toolsets?: readonly ToolsetName[] | undefined;
  readOnly?: boolean | undefined;
}

export function isToolsetName(name: string): name is ToolsetName {
  return (TOOLSET_NAMES as readonly string[]).includes(name);
}

/** True for tools that change nothing (the READ annotation). */
export function isReadOnlyTool(tool: AnyToolDef): boolean {
  return tool.annotations.readOnlyHint === true;
}

/** The tools to register, in registry order. */
export function selectTools(tools: readonly AnyToolDef[], selection: ToolSelection = {}): AnyToolDef[] {
  const names = selection.toolsets ?? DEFAULT_TOOLSETS;
  const groups = new Set<Toolset>(names.includes("all") ? TOOLSETS : names.filter(isGroup));
  const byName = new Set<string>(names.includes("core") ? CORE_TOOLS : []);
  return tools.filter(
    (tool) => (groups.has(tool.toolset) || byName.has(tool.name)) && (!selection.readOnly || isReadOnlyTool(tool)),
  );
}

/** The groups that have at least one selected tool, for instructions and doctor output. */
export function enabledToolsets(selected: readonly AnyToolDef[]): Toolset[] {
  const present = new Set(selected.map((t) => t.toolset));
  return TOOLSETS.filter((t) => present.has(t));
}

function isGroup(name: ToolsetName): name is Toolset {
  return (TOOLSETS as readonly string[]).includes(name);
}
