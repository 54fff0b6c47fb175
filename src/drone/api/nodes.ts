/** Runner nodes: /api/nodes[/{name}]. No Drone release has these routes; the spec lists them. */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Node } from "../types.js";
import { ignored, orNull } from "./check.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const nodePath = (name: string) => apiPath`api/nodes/${name}`;
const nullableNode = orNull(shapes.node);

export function list(drone: DroneClient, call: Call = {}): Promise<Node[]> {
  return send(drone, "api/nodes", shapes.nodes, call);
}

export function create(drone: DroneClient, node: Record<string, unknown>, call: Call = {}): Promise<Node | null> {
  return send(drone, "api/nodes", nullableNode, { method: "POST", json: node, ...call });
}

export function get(drone: DroneClient, name: string, call: Call = {}): Promise<Node | null> {
  return send(drone, nodePath(name), nullableNode, call);
}

export function update(drone: DroneClient, name: string, patch: Record<string, unknown>, call: Call = {}) {
  return send(drone, nodePath(name), nullableNode, { method: "PATCH", json: patch, ...call });
}

export async function remove(drone: DroneClient, name: string, call: Call = {}): Promise<void> {
  await send(drone, nodePath(name), ignored, { method: "DELETE", ...call });
}
