/** The build queue: GET (pending and running stages), POST (resume), DELETE (pause) /api/queue. Admin. */
import type { DroneClient } from "../client.js";
import type { Stage } from "../types.js";
import { ignored } from "./check.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

export function list(drone: DroneClient, call: Call = {}): Promise<Stage[]> {
  return send(drone, "api/queue", shapes.stages, call);
}

export async function resume(drone: DroneClient, call: Call = {}): Promise<void> {
  await send(drone, "api/queue", ignored, { method: "POST", ...call });
}

export async function pause(drone: DroneClient, call: Call = {}): Promise<void> {
  await send(drone, "api/queue", ignored, { method: "DELETE", ...call });
}
