/**
 * The one generic function that registers tool definitions with the MCP server, and the one
 * error funnel: whatever a handler throws becomes an isError result that says what to do.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { DroneClient } from "../drone/client.js";
import { describeError } from "../drone/errors.js";
import type { AnyToolDef, ToolExtra, ToolOutput } from "./define.js";

export interface RegisterOptions {
  drone: DroneClient;
  /** Where diagnostics go; never stdout. */
  log?: (line: string) => void;
  /** Directory of the git checkout that gives default repo/branch (default: process.cwd()). */
  cwd?: string;
}

export function registerTools(mcp: McpServer, tools: readonly AnyToolDef[], options: RegisterOptions): void {
  for (const tool of tools) {
    mcp.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: tool.annotations,
      },
      async (args: unknown, extra: ToolExtra) => runTool(tool, args, extra, mcp, options),
    );
  }
}

async function runTool(
  tool: AnyToolDef,
  args: unknown,
  extra: ToolExtra,
  mcp: McpServer,
  options: RegisterOptions,
): Promise<CallToolResult> {
  try {
    const output = await tool.handler(args as never, {
      drone: options.drone,
      signal: extra.signal,
      extra,
      mcp,
      cwd: options.cwd ?? process.cwd(),
    });
    return toCallToolResult(output);
  } catch (error) {
    const message = describeError(error);
    options.log?.(`tool ${tool.name} failed: ${message}`);
    return { isError: true, content: [{ type: "text", text: message }] };
  }
}

export function toCallToolResult(output: ToolOutput): CallToolResult {
  const result: CallToolResult = { content: [{ type: "text", text: output.text }] };
  if (output.links?.length) result.content.push(...output.links);
  if (output.data) result.structuredContent = output.data;
  return result;
}
