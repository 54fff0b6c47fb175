/**
 * A tool is data: name, title, description, toolset, zod input schema, annotations and a
 * handler. registerTools() (register.ts) turns every definition into an MCP tool the same way.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ResourceLink, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type * as z from "zod";
import type { DroneClient } from "../drone/client.js";
import type { BuildTarget, RepoTarget } from "../drone/resolve.js";
import type { Toolset } from "../toolsets.js";

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
  /** The directory whose git checkout gives the default repo and branch (drone/resolve.ts); none remotely. */
  cwd: string | undefined;
  /** The most o200k tokens this answer may take (budget.ts); a handler may aim below it. */
  maxTokens: number;
}

/** What a handler returns; format.ts builds these. */
export interface ToolOutput {
  /** What the model reads: a one-line summary, then compact JSON when there is data. */
  text: string;
  /** The same data for programs (structuredContent); always an object. */
  data?: Record<string, unknown>;
  /** resource_link items a client can open. */
  links?: ResourceLink[];
  /** Set by format.ts for lists: lets the result budget (budget.ts) show fewer items and say so. */
  list?: ListPart;
}

/** A list answer, as the result budget sees it. */
export interface ListPart {
  /** What the items are ("repositories"). */
  noun: string;
  /** Items in this answer. */
  count: number;
  /** Items in the whole list, when known (lists Drone sends whole). */
  total?: number | undefined;
  /** The page this answer is, its size (Infinity: unpaged) and the index of its first item. */
  page: number;
  perPage: number;
  offset: number;
  /** This answer with only the first `shown` items and `note` after the summary. */
  render(shown: number, note: string): ToolOutput;
}

/**
 * Where a tool acts, resolved from its arguments before the handler runs (drone/resolve.ts):
 * `repo` (namespace + name, a URL or the git checkout's origin), `build` (also a build number,
 * from `build` or the URL), `build-or-latest` (a number, else the latest build of the branch).
 * The handler gets the target as `ctx.at`; its result ends with the notes saying what was chosen.
 */
export type Scope = "repo" | "build" | "build-or-latest";

export interface Targets {
  repo: RepoTarget;
  build: BuildTarget & { build: number };
  "build-or-latest": BuildTarget;
}

/** The handler's context: with a scope, the resolved target too. */
export type ScopedContext<C extends Scope | undefined> = C extends Scope
  ? ToolContext & { at: Targets[C] }
  : ToolContext;

export interface ToolDef<S extends z.ZodObject = z.ZodObject, C extends Scope | undefined = Scope | undefined> {
  name: string;
  title: string;
  /** One line that tells an assistant when to use the tool. */
  description: string;
  toolset: Toolset;
  input: S;
  annotations: Annotations;
  /** Where the tool acts; register.ts resolves it before calling the handler. */
  scope?: C;
  handler: (args: z.output<S>, ctx: ScopedContext<C>) => Promise<ToolOutput>;
  /** Destructive tools: what can be undone and how, for the confirmation question (default: nothing). */
  undo?: string | ((args: z.output<S>) => string);
  /**
   * Calls that change privileges (grant admin, trust a repository, take ownership, deploy to
   * production): what this call would change, in a few words, so it is confirmed like a
   * destructive one; undefined when these arguments change no privilege.
   */
  privileged?: (args: z.output<S>) => string | undefined;
}

/** Identity function that keeps the schema's and scope's types flowing into the handler. */
export function defineTool<S extends z.ZodObject, C extends Scope | undefined = undefined>(
  def: ToolDef<S, C>,
): ToolDef<S, C> {
  return def;
}

/** Erases the schema type so differently-typed tools fit in one list. */
// biome-ignore lint/suspicious/noExplicitAny: the handler's context differs per scope; register.ts supplies the right one.
export type AnyToolDef = ToolDef<z.ZodObject, any>;
