/**
 * createServer(): the MCP server with every enabled tool (and, later, resources and prompts)
 * registered over one shared Drone client.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Config } from "./config.js";
import { DroneClient } from "./drone/client.js";
import { registerPrompts } from "./prompts/index.js";
import type { AnyToolDef } from "./tools/define.js";
import { allTools } from "./tools/index.js";
import { registerTools } from "./tools/register.js";
import { NAME, VERSION } from "./version.js";

export interface ServerDeps {
  config: Config;
  /** Defaults to a client built from config; tests may pass their own. */
  drone?: DroneClient;
  /** Diagnostics sink (stderr in production). */
  log?: (line: string) => void;
  /** Directory whose git checkout gives default repo/branch (default: process.cwd()). */
  cwd?: string;
}

export interface DroneMcp {
  mcp: McpServer;
  drone: DroneClient;
  tools: readonly AnyToolDef[];
}

export function createServer(deps: ServerDeps): DroneMcp {
  const drone = deps.drone ?? new DroneClient(deps.config);
  const mcp = new McpServer(
    { name: NAME, version: VERSION, title: "Drone CI" },
    { capabilities: { tools: {}, logging: {} } },
  );
  const tools = allTools;
  registerTools(mcp, tools, { drone, ...(deps.log ? { log: deps.log } : {}), ...(deps.cwd ? { cwd: deps.cwd } : {}) });
  registerPrompts(mcp);
  return { mcp, drone, tools };
}
