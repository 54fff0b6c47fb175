/**
 * createServer(): the MCP server with every enabled tool (and, later, resources and prompts)
 * registered over one shared Drone client.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Config } from "./config.js";
import { DroneClient } from "./drone/client.js";
import { serverInstructions } from "./instructions.js";
import { registerPrompts } from "./prompts/index.js";
import { registerResources } from "./resources/index.js";
import type { AnyToolDef } from "./tools/define.js";
import { allTools } from "./tools/index.js";
import { registerTools } from "./tools/register.js";
import { selectTools } from "./toolsets.js";
import { zodJsonSchemaValidator } from "./validator.js";
import { NAME, VERSION } from "./version.js";

export interface ServerDeps {
  config: Config;
  /** Defaults to a client built from config; tests may pass their own. */
  drone?: DroneClient;
  /** Diagnostics sink (stderr in production). */
  log?: (line: string) => void;
  /** Directory whose git checkout gives default repo/branch (default: process.cwd()). */
  cwd?: string;
  /**
   * Serving a remote user (HTTP mode): the server's own directory says nothing about the user's
   * repository, so no git defaults.
   */
  remote?: boolean;
}

export interface DroneMcp {
  mcp: McpServer;
  drone: DroneClient;
  tools: readonly AnyToolDef[];
}

export function createServer(deps: ServerDeps): DroneMcp {
  const drone = deps.drone ?? new DroneClient(deps.config);
  const { config } = deps;
  // Only the selected tools are registered: the others are neither listed nor callable.
  const tools = selectTools(allTools, { toolsets: config.toolsets, readOnly: config.readOnly });
  const mcp = new McpServer(
    { name: NAME, version: VERSION, title: "Drone CI" },
    {
      capabilities: { tools: {}, logging: {} },
      instructions: serverInstructions(tools, config.readOnly === true),
      jsonSchemaValidator: zodJsonSchemaValidator(),
    },
  );
  if (tools.length === 0) {
    // Nothing selected (e.g. DRONE_TOOLSETS=nodes with --read-only): still answer tools/list.
    mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
    deps.log?.("warning: the toolset selection enables no tool");
  }
  registerTools(mcp, tools, {
    drone,
    confirmDestructive: config.confirmDestructive ?? true,
    ...(deps.log ? { log: deps.log } : {}),
    cwd: deps.remote ? undefined : (deps.cwd ?? process.cwd()),
  });
  registerResources(mcp, drone, deps.log);
  registerPrompts(mcp);
  return { mcp, drone, tools };
}
