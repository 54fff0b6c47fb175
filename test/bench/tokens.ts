/**
 * Tool-list sizes: every tool (in-process, grouped by toolset), the default list and the core
 * preset of the built server, the largest tools, and what the SDK's own rendering would cost.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import { DroneClient } from "../../src/drone/client.js";
import type { AnyToolDef } from "../../src/tools/define.js";
import { allTools } from "../../src/tools/index.js";
import { registerTools } from "../../src/tools/register.js";
import type { ListedTool } from "../tool-list.js";

const rawList = z.object({ tools: z.array(z.any()) });

async function listOf(mcp: McpServer): Promise<ListedTool[]> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "drone-mcp-bench", version: "0.0.0" });
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  try {
    const result = await client.request({ method: "tools/list", params: {} }, rawList);
    return result.tools as ListedTool[];
  } finally {
    await client.close();
    await mcp.close();
  }
}

/** Every tool defined in src/tools, as drone-mcp lists it. */
export async function everyTool(): Promise<ListedTool[]> {
  const mcp = new McpServer({ name: "drone-mcp", version: "0.0.0" });
  const drone = new DroneClient({ server: "http://127.0.0.1:1", token: "unused", timeoutMs: 1000 });
  registerTools(mcp, allTools, { drone });
  return listOf(mcp);
}

/** Every tool as the SDK alone would list it (mcp.registerTool, its own tools/list): the "before". */
export async function everyToolSdkRendering(): Promise<ListedTool[]> {
  const mcp = new McpServer({ name: "drone-mcp", version: "0.0.0" });
  for (const tool of allTools) {
    mcp.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: tool.annotations },
      async () => ({ content: [] }),
    );
  }
  return listOf(mcp);
}

export function toolsetOf(name: string): string {
  return allTools.find((tool: AnyToolDef) => tool.name === name)?.toolset ?? "?";
}
