/**
 * registerResources(): the drone:// resources (repositories, builds, step logs, latest build per
 * branch and per deploy target) with argument completion, all read through the shared DroneClient.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { DroneClient } from "../drone/client.js";
import { registerBuildResources } from "./builds.js";
import { completers } from "./complete.js";
import { registerLatestResources } from "./latest.js";
import { registerLogResources } from "./logs.js";
import { registerRepoResources } from "./repos.js";

export function registerResources(mcp: McpServer, drone: DroneClient, log?: (line: string) => void): void {
  const complete = completers(drone);
  registerRepoResources(mcp, drone, complete, log);
  registerBuildResources(mcp, drone, complete);
  registerLogResources(mcp, drone, complete);
  registerLatestResources(mcp, drone, complete);
}
