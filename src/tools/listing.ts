/**
 * Our tools/list handler, in place of the SDK's: the same tools in the same order, with compact
 * schemas and annotations (schema.ts), converted once (all at once, on the first tools/list) and
 * cached, where the SDK converts every tool again on every tools/list. The built server carries
 * the converted input schemas already (packaging/tool-schemas.ts, written in by the build). Tools are read live from
 * the SDK's RegisteredTool handles, so enable(), disable() and update() show as usual. Only tools
 * registered through registerTools() (register.ts) are listed: one registered with
 * mcp.registerTool() directly would be callable but not listed.
 */
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type * as z from "zod";
import { compactAnnotations, type JsonSchema, toCompactJsonSchema, toCompactJsonSchemas } from "./schema.js";

interface Listed {
  name: string;
  registered: RegisteredTool;
}

/** Input schemas converted at build time, by tool name, as JSON text (dist/main.cjs only). */
declare const __TOOL_INPUT_SCHEMAS__: string | undefined;
let precomputed: Record<string, JsonSchema> | undefined;
/** The zod input schemas whose build-time conversion exists, and the tool each belongs to. */
const convertedAtBuild = new WeakMap<object, string>();

function builtSchema(schema: object): JsonSchema | undefined {
  const name = convertedAtBuild.get(schema);
  if (name === undefined) return undefined;
  precomputed ??= typeof __TOOL_INPUT_SCHEMAS__ === "string" ? JSON.parse(__TOOL_INPUT_SCHEMAS__) : {};
  return precomputed?.[name];
}

const listedByServer = new WeakMap<McpServer, Listed[]>();
const inputCache = new WeakMap<object, JsonSchema>();
const outputCache = new WeakMap<object, JsonSchema>();
const EMPTY_INPUT: JsonSchema = { type: "object", properties: {} };

/**
 * Adds a tool registered with mcp.registerTool to the list this module serves; the first call
 * for a server installs the handler (after the SDK installed its own, which it replaces).
 * `input` is the zod schema the tool was defined with, whose converted form the build may carry.
 */
export function addToList(mcp: McpServer, name: string, registered: RegisteredTool, input?: z.ZodType): void {
  if (input && registered.inputSchema === input) convertedAtBuild.set(input, name);
  let listed = listedByServer.get(mcp);
  if (!listed) {
    const tools: Listed[] = [];
    listed = tools;
    listedByServer.set(mcp, tools);
    mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listTools(tools) }));
  }
  listed.push({ name, registered });
}

export function listTools(listed: readonly Listed[]): Tool[] {
  const live = listed.filter((entry) => entry.registered.enabled);
  const missing: z.ZodType[] = [];
  for (const { registered } of live) {
    const schema = registered.inputSchema as z.ZodType | undefined;
    if (!schema || inputCache.has(schema)) continue;
    const built = builtSchema(schema);
    if (built) inputCache.set(schema, built);
    else missing.push(schema);
  }
  const unique = [...new Set(missing)];
  toCompactJsonSchemas(unique).forEach((json, i) => {
    inputCache.set(unique[i] as z.ZodType, json);
  });
  return live.map(({ name, registered }) => toListedTool(name, registered));
}

function toListedTool(name: string, registered: RegisteredTool): Tool {
  const input = registered.inputSchema ? inputCache.get(registered.inputSchema) : undefined;
  const tool: Tool = {
    name,
    title: registered.title,
    description: registered.description,
    inputSchema: (input ?? EMPTY_INPUT) as Tool["inputSchema"],
    annotations: registered.annotations ? compactAnnotations(registered.annotations) : undefined,
    // "forbidden" is what a missing execution.taskSupport means.
    execution: registered.execution?.taskSupport === "forbidden" ? undefined : registered.execution,
    _meta: registered._meta,
  };
  if (registered.outputSchema) {
    let output = outputCache.get(registered.outputSchema);
    if (!output) {
      output = toCompactJsonSchema(registered.outputSchema as z.ZodType, "output");
      outputCache.set(registered.outputSchema, output);
    }
    tool.outputSchema = output as Tool["outputSchema"];
  }
  return tool;
}
