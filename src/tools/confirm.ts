/**
 * Confirmation of destructive tools through MCP elicitation: when the client declared it can show
 * a form, the user is asked before anything is sent to Drone. Clients without elicitation get the
 * tool as annotated (destructiveHint), so they can ask in their own way.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { oneLine } from "../logs/untrusted.js";
import type { AnyToolDef, ToolExtra } from "./define.js";

/** How long the user has to answer. */
export const CONFIRM_TIMEOUT_MS = 10 * 60_000;

/**
 * DRONE_CONFIRM_DESTRUCTIVE: true asks when the client can and otherwise runs the call (the tool
 * is annotated destructiveHint, so the client can ask in its own way); "strict" refuses a call
 * that needs confirmation when the client cannot ask; false never asks.
 */
export type ConfirmMode = boolean | "strict";

/** Why this call needs the user's confirmation, or undefined when it does not. */
export function confirmationReason(tool: AnyToolDef, args: unknown): string | undefined {
  if (tool.annotations.destructiveHint) return "is destructive";
  return tool.privileged?.(args as never);
}

/** What to do before running this call: run it, ask the user, or refuse it. */
export function confirmation(
  tool: AnyToolDef,
  args: unknown,
  mcp: McpServer,
  mode: ConfirmMode,
): { action: "run" } | { action: "ask" | "refuse"; reason: string } {
  if (mode === false) return { action: "run" };
  const reason = confirmationReason(tool, args);
  if (!reason) return { action: "run" };
  if (mcp.server.getClientCapabilities()?.elicitation?.form !== undefined) return { action: "ask", reason };
  return mode === "strict" ? { action: "refuse", reason } : { action: "run" };
}

/** The answer to a call strict mode refuses: nothing was sent, and what to do instead. */
export function refusal(tool: AnyToolDef, reason: string): CallToolResult {
  return {
    isError: true,
    content: [
      {
        type: "text",
        text: `Not done: "${tool.title}" ${reason === "is destructive" ? "cannot be undone" : reason}, so it needs the user's confirmation, and this client cannot ask for it (no MCP elicitation). DRONE_CONFIRM_DESTRUCTIVE=strict refuses such calls rather than running them unconfirmed. Nothing was sent to Drone. Ask the user to do it in Drone's web UI, or to use a client that can confirm.`,
      },
    ],
  };
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

/**
 * "Purge builds (namespace="octocat", name="hello-world", before=3): Permanently delete ...
 * This cannot be undone. Go ahead?" Arguments are shown as JSON values, quoted and escaped (a
 * newline in a value cannot start a sentence of its own), each cut to 200 characters.
 */
export function confirmMessage(tool: AnyToolDef, args: unknown): string {
  const parts =
    args && typeof args === "object"
      ? Object.entries(args as Record<string, unknown>)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => `${oneLine(key, 60)}=${oneLine(JSON.stringify(value) ?? String(value), 200)}`)
      : [];
  const what = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  const privilege = tool.annotations.destructiveHint ? undefined : tool.privileged?.(args as never);
  const undo = typeof tool.undo === "function" ? tool.undo(args as never) : (tool.undo ?? (privilege ? "" : NO_UNDO));
  const change = privilege ? ` This call ${privilege}.` : "";
  return `${tool.title}${what}: ${tool.description}${change}${undo ? ` ${undo}` : ""} Go ahead?`;
}
