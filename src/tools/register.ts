/**
 * The one generic function that registers tool definitions with the MCP server, and the one
 * error funnel: whatever a handler throws becomes an isError result that says what to do.
 * tools/list is served by listing.ts (compact schemas, converted once).
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { DroneClient } from "../drone/client.js";
import { describeError, UserError } from "../drone/errors.js";
import { hasLoneSurrogate } from "../drone/path.js";
import { resolveBuild, resolveRepo } from "../drone/resolve.js";
import { runWithinBudget } from "./budget.js";
import { askToConfirm, type ConfirmMode, confirmation, refusal } from "./confirm.js";
import type { AnyToolDef, ToolContext, ToolExtra, ToolOutput } from "./define.js";
import { withNotes } from "./format.js";
import { addToList } from "./listing.js";

export interface RegisterOptions {
  drone: DroneClient;
  /** Where diagnostics go; never stdout. */
  log?: (line: string) => void;
  /** Ask the user before destructive tools when the client supports elicitation (default true). */
  confirmDestructive?: ConfirmMode;
  /** Directory of the git checkout that gives default repo/branch; undefined: none (HTTP mode). */
  cwd?: string | undefined;
  /** DRONE_MAX_RESULT_TOKENS: the answer budget of tools without max_tokens (default 8,000). */
  maxResultTokens?: number;
}

export function registerTools(mcp: McpServer, tools: readonly AnyToolDef[], options: RegisterOptions): void {
  for (const tool of tools) {
    const registered = mcp.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: tool.annotations,
      },
      async (args: unknown, extra: ToolExtra) => runTool(tool, args, extra, mcp, options),
    );
    addToList(mcp, tool.name, registered, tool.input);
  }
}

async function runTool(
  tool: AnyToolDef,
  args: unknown,
  extra: ToolExtra,
  mcp: McpServer,
  options: RegisterOptions,
): Promise<CallToolResult> {
  const { drone } = options;
  try {
    checkArguments(args);
    const check = confirmation(tool, args, mcp, options.confirmDestructive ?? true);
    if (check.action === "refuse") return refusal(tool, check.reason);
    if (check.action === "ask") {
      const refused = await askToConfirm(tool, args, mcp, extra);
      if (refused) return redactResult(refused, drone);
    }
    const ctx: Omit<ToolContext, "maxTokens"> = { drone, signal: extra.signal, extra, mcp, cwd: options.cwd };
    const output = await runWithinBudget(tool, args, options.maxResultTokens, (callArgs, maxTokens) =>
      runHandler(tool, callArgs, { ...ctx, maxTokens }),
    );
    return redactResult(toCallToolResult(output), drone);
  } catch (error) {
    const message = drone.redact(
      error instanceof TypeError || error instanceof RangeError ? unexpectedShape(tool, error) : describeError(error),
    );
    options.log?.(`tool ${tool.name} failed: ${message}`);
    return { isError: true, content: [{ type: "text", text: message }] };
  }
}

/**
 * A JavaScript error while using Drone's answer (a list that was an object, a number that was a
 * string): the answer had a shape the tool did not expect. Routes of the API layer check their
 * answers first; this covers whatever a check does not.
 */
function unexpectedShape(tool: AnyToolDef, error: Error): string {
  const changes = tool.annotations.readOnlyHint
    ? ""
    : " If the call changes something, check in Drone whether it took effect.";
  return `Drone answered with an unexpected shape for ${tool.name}, so its answer could not be used (${error.message}).${changes} Is DRONE_SERVER a Drone server, and of a version this tool supports?`;
}

/** Longest string argument, and for `data` (secret values, template bodies). */
export const MAX_ARGUMENT_CHARS = 64 * 1024;
const MAX_DATA_CHARS = 1024 * 1024;

/**
 * Checks every string in the arguments, nested ones included, before anything is sent: a lone
 * UTF-16 surrogate (which no URL or UTF-8 body can carry) or an over-long value is refused with
 * the argument's name.
 */
export function checkArguments(args: unknown, at = ""): void {
  if (typeof args === "string") {
    if (hasLoneSurrogate(args)) {
      throw new UserError(`Argument "${at}" contains a lone UTF-16 surrogate (half of a character); send valid text.`);
    }
    const max = /(^|\.)data$/.test(at) ? MAX_DATA_CHARS : MAX_ARGUMENT_CHARS;
    if (args.length > max) {
      throw new UserError(
        `Argument "${at}" is ${args.length.toLocaleString("en-US")} characters long; at most ${max.toLocaleString("en-US")} are accepted.`,
      );
    }
    return;
  }
  if (Array.isArray(args)) {
    args.forEach((item, i) => {
      checkArguments(item, `${at}[${i}]`);
    });
  } else if (args && typeof args === "object") {
    for (const [key, value] of Object.entries(args)) checkArguments(value, at ? `${at}.${key}` : key);
  }
}

/** Resolves the tool's scope (where it acts), runs the handler, and ends the result with the notes. */
async function runHandler(tool: AnyToolDef, args: unknown, ctx: ToolContext): Promise<ToolOutput> {
  if (!tool.scope) return tool.handler(args as never, ctx);
  const where = args as Parameters<typeof resolveBuild>[0];
  const at =
    tool.scope === "repo" ? await resolveRepo(where, ctx) : await resolveBuild(where, ctx, tool.scope !== "build");
  return withNotes(await tool.handler(args as never, { ...ctx, at }), at.notes);
}

/** Last line of defence: the token never leaves in a result, whatever Drone sent back. */
function redactResult(result: CallToolResult, drone: DroneClient): CallToolResult {
  for (const item of result.content) {
    if (item.type === "text") item.text = drone.redact(item.text);
  }
  if (result.structuredContent) {
    const json = JSON.stringify(result.structuredContent);
    const clean = drone.redact(json);
    if (clean !== json) result.structuredContent = JSON.parse(clean) as Record<string, unknown>;
  }
  return result;
}

export function toCallToolResult(output: ToolOutput): CallToolResult {
  const result: CallToolResult = { content: [{ type: "text", text: output.text }] };
  if (output.links?.length) result.content.push(...output.links);
  if (output.data) result.structuredContent = output.data;
  return result;
}
