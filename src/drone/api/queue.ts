/**
 * The build queue and runner nodes, as far as Drone's API shows them: GET /api/queue lists the
 * pending and running stages of every repository (system admins; 501 in OSS builds), and
 * /api/nodes exists only on servers that add it (Drone itself answers chi's 404).
 */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Node, Stage } from "../types.js";
import { orNull } from "./check.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

/** The queue: pending and running stages of every repository, oldest first. */
export async function items(drone: DroneClient, call: Call = {}): Promise<Stage[]> {
  return (await send(drone, apiPath`api/queue`, orNull(shapes.stages), call)) ?? [];
}

/** The runner nodes of a server that has a nodes API. */
export async function nodes(drone: DroneClient, call: Call = {}): Promise<Node[]> {
  return (await send(drone, apiPath`api/nodes`, orNull(shapes.nodes), call)) ?? [];
}
