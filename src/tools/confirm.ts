/**
 * Confirmation of destructive tools through MCP elicitation: when the client declared it can show
 * a form, the user is asked before anything is sent to Drone. Clients without elicitation get the
 * tool as annotated (destructiveHint), so they can ask in their own way.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AnyToolDef, ToolExtra } from "./define.js";

/** How long the user has to answer. */
export const CONFIRM_TIMEOUT_MS = 10 * 60_000;

/** True when this call must be confirmed by the user first. */
export function needsConfirmation(tool: AnyToolDef, mcp: McpServer, enabled: boolean): boolean {
  if (!enabled || !tool.annotations.destructiveHint) return false;
  return mcp.server.getClientCapabilities()?.elicitation?.form !== undefined;
}

/** Asks the user; undefined means go ahead, otherwise the result to return instead of running. */
export async function askToConfirm(
  tool: AnyToolDef,
  args: unknown,
  mcp: McpServer,
  extra: ToolExtra,
): Promise<CallToolResult | undefined> {
  const notDone = (why: string, isError = false): CallToolResult => ({
    isError,
    content: [{ type: "text", text: `Not done: ${why}. Nothing was sent to Drone.` }],
  });
  let action: string;
  try {
    const answer = await mcp.server.elicitInput(
      {
        mode: "form",
        message: confirmMessage(tool, args),
        requestedSchema: { type: "object", properties: {} },
      },
      { signal: extra.signal, relatedRequestId: extra.requestId, timeout: CONFIRM_TIMEOUT_MS },
    );
    action = answer.action;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return notDone(`the user's confirmation could not be obtained (${reason})`, true);
  }
  if (action === "accept") return undefined;
  if (action === "decline") return notDone(`the user declined "${tool.title}" when asked to confirm`);
  return notDone(`the user dismissed the confirmation of "${tool.title}" without answering`);
}

export const NO_UNDO = "This cannot be undone.";

/** "Purge builds: Permanently delete ... (namespace=octocat, name=hello-world, before=3). This cannot be undone. Go ahead?" (or what undoes it). */
export function confirmMessage(tool: AnyToolDef, args: unknown): string {
  const parts =
    args && typeof args === "object"
      ? Object.entries(args as Record<string, unknown>)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      : [];
  const what = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  const undo = typeof tool.undo === "function" ? tool.undo(args as never) : (tool.undo ?? NO_UNDO);
  return `${tool.title}${what}: ${tool.description} ${undo} Go ahead?`;
}
