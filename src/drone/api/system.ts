/** Routes outside /api: GET /healthz, which Drone answers anonymously with 200 "OK" while it runs. */
import type { DroneClient } from "../client.js";
import type { Call } from "./request.js";

/** Resolves when Drone answers its health check; rejects with the client's error otherwise. */
export async function health(drone: DroneClient, call: Call = {}): Promise<void> {
  await drone.request("healthz", { maxBytes: 4096, ...(call.signal ? { signal: call.signal } : {}) });
}
