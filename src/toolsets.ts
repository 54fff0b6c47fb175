/**
 * Toolsets as data: the groups users turn on with DRONE_TOOLSETS / --toolsets, each with the
 * one line that --help, the README and the server instructions show, plus the `all` and `core`
 * presets. DRONE_READ_ONLY / --read-only keeps only read-only tools and always wins. This file
 * imports nothing from the tools layer: a tool names its toolset, not the other way round.
 */

/** Every group, in the order lists show them, with what it holds. */
export const TOOLSET_INFO = {
  user: "your account and token, your repositories, the source host's view of them",
  repos: "one repository: settings, enable/disable, collaborators, badges, signing",
  builds: "list, inspect, start, restart, cancel, approve, promote and wait for builds; latest per branch",
  logs: "why a build failed, step logs (tail, grep, windows), search, log deletion",
  secrets: "repository and organization secrets (values never shown), encryption",
  cron: "scheduled builds",
  templates: "organization pipeline templates",
  admin: "users, every repository, the build queue, incomplete builds, server statistics, all org secrets",
  nodes: "runner nodes (no released Drone server has this API; off by default)",
  system: "Drone's version and health, check_connection",
} as const;

export type Toolset = keyof typeof TOOLSET_INFO;
export const TOOLSETS = Object.keys(TOOLSET_INFO) as Toolset[];

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

/** Names DRONE_TOOLSETS accepts besides the groups, with what they mean. */
export const PRESET_INFO = {
  all: "every group",
  core: `the everyday preset: ${CORE_TOOLS.join(", ")}`,
} as const;

/** Names DRONE_TOOLSETS accepts: every group, plus `all` and the `core` preset. */
export const TOOLSET_NAMES = [...TOOLSETS, ...(Object.keys(PRESET_INFO) as Array<keyof typeof PRESET_INFO>)];
export type ToolsetName = Toolset | keyof typeof PRESET_INFO;

/** On when DRONE_TOOLSETS is not set: every group except `nodes` (no Drone server has that API). */
export const DEFAULT_TOOLSETS: readonly Toolset[] = TOOLSETS.filter((t) => t !== "nodes");

/** "user: your account ...", one line per group and preset, for --help and the README. */
export function toolsetLines(indent = ""): string[] {
  const info: Record<string, string> = { ...TOOLSET_INFO, ...PRESET_INFO };
  const width = Math.max(...Object.keys(info).map((name) => name.length));
  return Object.entries(info).map(([name, text]) => `${indent}${name.padEnd(width)}  ${text}`);
}

/** What selection needs to know of a tool. */
export interface SelectableTool {
  name: string;
  toolset: Toolset;
  annotations: { readOnlyHint: boolean };
}

export interface ToolSelection {
  /** undefined: DEFAULT_TOOLSETS. */
  toolsets?: readonly ToolsetName[] | undefined;
  readOnly?: boolean | undefined;
}

export function isToolsetName(name: string): name is ToolsetName {
  return (TOOLSET_NAMES as readonly string[]).includes(name);
}

/** True for tools that change nothing (the READ annotation). */
export function isReadOnlyTool(tool: SelectableTool): boolean {
  return tool.annotations.readOnlyHint === true;
}

/** The tools to register, in registry order. */
export function selectTools<T extends SelectableTool>(tools: readonly T[], selection: ToolSelection = {}): T[] {
  const names = selection.toolsets ?? DEFAULT_TOOLSETS;
  const groups = new Set<Toolset>(names.includes("all") ? TOOLSETS : names.filter(isGroup));
  const byName = new Set<string>(names.includes("core") ? CORE_TOOLS : []);
  return tools.filter(
    (tool) => (groups.has(tool.toolset) || byName.has(tool.name)) && (!selection.readOnly || isReadOnlyTool(tool)),
  );
}

/** The groups that have at least one selected tool, for instructions and doctor output. */
export function enabledToolsets(selected: readonly SelectableTool[]): Toolset[] {
  const present = new Set(selected.map((t) => t.toolset));
  return TOOLSETS.filter((t) => present.has(t));
}

function isGroup(name: ToolsetName): name is Toolset {
  return (TOOLSETS as readonly string[]).includes(name);
}
