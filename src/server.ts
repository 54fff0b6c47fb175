/**
 * createServer(): the MCP server with every enabled tool (and, later, resources and prompts)
 * registered over one shared Drone client.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Config } from "./config.js";
import { DroneClient } from "./drone/client.js";
import { serverInstructions } from "./instructions.js";
import { guardTransport, makeRedactor, type Redactor } from "./outgoing.js";
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
  /** The diagnostics sink with this server's secrets redacted (what the server itself logs through). */
  log: (line: string) => void;
  /** Redacts this server's secrets from a text. */
  redact: Redactor;
}

export function createServer(deps: ServerDeps): DroneMcp {
  const drone = deps.drone ?? new DroneClient(deps.config);
  const { config } = deps;
  // The secrets of this server's context: the token it talks to Drone with (the user's own in
  // HTTP mode, where each request's server gets that user's client).
  const secrets = () => [config.token, ...drone.secrets()];
  const redact = makeRedactor(secrets());
  const sink = deps.log;
  const log = (line: string) => sink?.(redact(line));
  // Only the selected tools are registered: the others are neither listed nor callable.
  const tools = selectTools(allTools, { toolsets: config.toolsets, readOnly: config.readOnly });
  const mcp = new McpServer(
    { name: NAME, version: VERSION, title: "Drone CI" },
    {
      capabilities: { tools: {}, logging: {} },
      instructions: serverInstructions(tools, config.readOnly === true, config.maxResultTokens),
      jsonSchemaValidator: zodJsonSchemaValidator(),
    },
  );
  if (tools.length === 0) {
    // Nothing selected (e.g. DRONE_TOOLSETS=nodes with --read-only): still answer tools/list.
    mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
    log("warning: the toolset selection enables no tool");
  }
  registerTools(mcp, tools, {
    drone,
    confirmDestructive: config.confirmDestructive ?? true,
    ...(deps.log ? { log } : {}),
    cwd: deps.remote ? undefined : (deps.cwd ?? process.cwd()),
    ...(config.maxResultTokens ? { maxResultTokens: config.maxResultTokens } : {}),
  });
  registerResources(mcp, drone, deps.log ? log : undefined);
  registerPrompts(mcp);
  // Every transport this server is connected to sends through the outgoing funnel.
  const connect = mcp.connect.bind(mcp);
  mcp.connect = (transport) => connect(guardTransport(transport, { secrets, log }));
  return { mcp, drone, tools, log, redact };
}
