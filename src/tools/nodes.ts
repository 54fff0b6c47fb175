/**
 * The `nodes` toolset: the spec's /api/nodes operations. No released Drone server has these
 * routes (chi answers 404 "404 page not found"); the tools exist for servers that add them, and
 * say plainly when the server has no nodes API.
 */
import * as z from "zod";
import { nodes } from "../drone/api/index.js";
import { DroneApiError, UserError } from "../drone/errors.js";
import { nodeView } from "../drone/shape.js";
import type { Node } from "../drone/types.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, type ToolOutput, UPDATE } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, segment } from "./params.js";

export const NO_NODES_API =
  "This Drone server has no nodes API (it answered 404 to its nodes routes): Drone servers do not manage runner nodes through the REST API; runners register themselves. Nothing was changed.";

const CHI_NOT_FOUND = "404 page not found";

/** Calls a nodes route; a router-level 404 (or any 404 on the collection) means no nodes API. */
async function nodesCall<T>(call: () => Promise<T>, node?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DroneApiError && error.status === 404) {
      if (node && error.droneMessage && error.droneMessage !== CHI_NOT_FOUND) {
        throw new UserError(
          `Drone answered HTTP 404: ${error.droneMessage}. No node named "${node}"; list_nodes shows the names.`,
        );
      }
      throw new UserError(NO_NODES_API);
    }
    throw error;
  }
}

const nodeName = segment("Node name");
const nodeFields = {
  address: z.string().optional().describe("Host address of the node"),
  capacity: z.int().min(0).optional().describe("Concurrent builds it can run"),
  labels: z.record(z.string(), z.string()).optional().describe("Labels (key: value)"),
  paused: z.boolean().optional().describe("Stop sending it builds"),
};

const nodeResult = (node: Node | null, summary: string): ToolOutput =>
  node ? objectResult(summary, nodeView(node)) : done(summary);

export const nodeTools = [
  defineTool({
    name: "list_nodes",
    title: "List nodes",
    description: "List runner nodes (most Drone servers lack this API).",
    toolset: "nodes",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, ctx) => {
      const found = await nodesCall(() => nodes.list(ctx.drone, ctx));
      return pagedList("nodes", found.map(nodeView), a);
    },
  }),
  defineTool({
    name: "create_node",
    title: "Create node",
    description: "Register a runner node (most Drone servers lack this API).",
    toolset: "nodes",
    input: z.object({
      name: z.string().min(1).describe("Node name"),
      os: z.string().optional().describe("Operating system, e.g. linux"),
      arch: z.string().optional().describe("Architecture, e.g. amd64"),
      ...nodeFields,
    }),
    annotations: CREATE,
    handler: async (a, ctx) => {
      const node = await nodesCall(() => nodes.create(ctx.drone, a, ctx));
      return nodeResult(node, `Node ${a.name} created.`);
    },
  }),
  defineTool({
    name: "get_node",
    title: "Get node",
    description: "Show one runner node (most Drone servers lack this API).",
    toolset: "nodes",
    input: z.object({ name: nodeName }),
    annotations: READ,
    handler: async (a, ctx) => {
      const node = await nodesCall(() => nodes.get(ctx.drone, a.name, ctx), a.name);
      return nodeResult(node, `Node ${a.name}.`);
    },
  }),
  defineTool({
    name: "update_node",
    title: "Update node",
    description: "Change a runner node (most Drone servers lack this API).",
    toolset: "nodes",
    input: z.object({
      name: nodeName,
      ...nodeFields,
      protected: z.boolean().optional().describe("Protect from removal"),
    }),
    annotations: UPDATE,
    handler: async (a, ctx) => {
      const { name, ...patch } = a;
      if (Object.values(patch).every((v) => v === undefined)) throw new UserError("Nothing to change: give a field.");
      const node = await nodesCall(() => nodes.update(ctx.drone, name, patch, ctx), name);
      return nodeResult(node, `Node ${name} updated.`);
    },
  }),
  defineTool({
    name: "delete_node",
    title: "Delete node",
    description: "Remove a runner node (most Drone servers lack this API).",
    toolset: "nodes",
    input: z.object({ name: nodeName }),
    annotations: DESTRUCTIVE,
    handler: async (a, ctx) => {
      await nodesCall(() => nodes.remove(ctx.drone, a.name, ctx), a.name);
      return done(`Node ${a.name} deleted.`);
    },
  }),
];
