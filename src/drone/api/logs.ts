/**
 * Step logs: the stored log (GET/DELETE .../builds/{n}/logs/{stage}/{step}, a JSON array of
 * lines streamed through the incremental parser) and the live output of a running step
 * (GET /api/stream/{owner}/{name}/{n}/{stage}/{step}, Server-Sent Events).
 */
import type { DroneClient } from "../client.js";
import { LOG_MAX_BYTES } from "../client.js";
import { notALog, parseLineArray } from "../logs.js";
import { apiPath } from "../path.js";
import { openEventStream, type SseEvent } from "../sse.js";
import type { Line } from "../types.js";
import { ignored } from "./check.js";
import type { StepRef } from "./refs.js";
import { type Call, send } from "./request.js";

const storedPath = (ref: StepRef) =>
  apiPath`api/repos/${ref.namespace}/${ref.name}/builds/${ref.build}/logs/${ref.stage}/${ref.step}`;

/**
 * Yields the lines of a stored step log as they arrive (Drone's `null` is no lines). Drone
 * answers 404 (a DroneApiError) until the step has finished. The whole body must arrive within
 * DRONE_TIMEOUT_MS; a cut or non-log body is a DroneResponseError (drone/logs.ts).
 */
export async function* stored(
  drone: DroneClient,
  ref: StepRef,
  options: Call & { maxBytes?: number } = {},
): AsyncGenerator<Line> {
  const path = storedPath(ref);
  // The deadline covers the whole body: a log that drips in fails at DRONE_TIMEOUT_MS.
  const body = await drone.streamBody(path, options.signal ? { signal: options.signal } : {});
  if (!body) throw notALog(`GET /${path}`, "an empty answer");
  yield* parseLineArray(body, options.maxBytes ?? LOG_MAX_BYTES, `GET /${path}`);
}

/** Deletes a stored step log. */
export async function purge(drone: DroneClient, ref: StepRef, call: Call = {}): Promise<void> {
  await send(drone, storedPath(ref), ignored, { method: "DELETE", ...call });
}

/**
 * Opens a step's live stream: the lines Drone buffered (up to the last 5000), then new ones,
 * each `data: {"pos","out","time"}`, and `event: error` / `data: eof` when the step ends (at
 * once when it is not running). Refusals (401, 404) are thrown as DroneApiError.
 */
export function live(drone: DroneClient, ref: StepRef, call: Call = {}): Promise<AsyncGenerator<SseEvent>> {
  const path = apiPath`api/stream/${ref.namespace}/${ref.name}/${ref.build}/${ref.stage}/${ref.step}`;
  return openEventStream(drone, path, call.signal);
}
