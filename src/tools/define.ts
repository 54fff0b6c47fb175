/**
 * A tool is data: name, title, description, toolset, zod input schema, annotations and a
 * handler. registerTools() (register.ts) turns every definition into an MCP tool the same way.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ResourceLink, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type * as z from "zod";
import type { DroneClient } from "../drone/client.js";

/** Groups users turn on and off with DRONE_TOOLSETS. */
export const TOOLSETS = [
  "user",
  "repos",
  "builds",
  "logs",
  "secrets",
  "cron",
  "templates",
  "admin",
  "nodes",
  "system",
] as const;
export type Toolset = (typeof TOOLSETS)[number];

/** Safety annotations are required, never optional: every tool states all four. */
export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Reads: change nothing, safe to repeat. */
export const READ: Annotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
/** Creates something new each call (a build, a secret): not idempotent. */
export const CREATE: Annotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};
/** Sets state to a given value: repeating it changes nothing more. */
export const UPDATE: Annotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
/** Deletes, purges, removes or otherwise cannot be undone. */
export const DESTRUCTIVE: Annotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true,
};

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ToolContext {
  drone: DroneClient;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** The SDK's per-request extras (progress token, notifications). */
  extra: ToolExtra;
  /** The MCP server, for elicitation and client capabilities. */
  mcp: McpServer;
  /** The directory whose git checkout gives the default repo and branch (tools/location.ts); none remotely. */
  cwd: string | undefined;
}

/** What a handler returns; format.ts builds these. */
export interface ToolOutput {
  /** What the model reads: a one-line summary, then compact JSON when there is data. */
  text: string;
  /** The same data for programs (structuredContent); always an object. */
  data?: Record<string, unknown>;
  /** resource_link items a client can open. */
  links?: ResourceLink[];
}

export interface ToolDef<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** One line that tells an assistant when to use the tool. */
  description: string;
  toolset: Toolset;
  input: S;
  annotations: Annotations;
  handler: (args: z.output<S>, ctx: ToolContext) => Promise<ToolOutput>;
}

/** Identity function that keeps the schema's type flowing into the handler's arguments. */
export function defineTool<S extends z.ZodObject>(def: ToolDef<S>): ToolDef<S> {
  return def;
}

/** Erases the schema type so differently-typed tools fit in one list. */
export type AnyToolDef = ToolDef<z.ZodObject>;
