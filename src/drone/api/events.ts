/**
 * Build events: GET /api/stream/{owner}/{name} (or /api/stream for every repository the token
 * sees) is a Server-Sent Events stream; each message is a Repo whose `build` is the full build
 * (stages and steps), sent when a build, stage or step changes. It starts with `: ping`, and
 * ends with `event: error` / `data: eof`. Events are not replayed.
 */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import { openEventStream, type SseEvent } from "../sse.js";
import type { RepoRef } from "./refs.js";
import type { Call } from "./request.js";

/** Opens the build event stream of one repository, or of all. */
export function builds(drone: DroneClient, repo?: RepoRef, call: Call = {}): Promise<AsyncGenerator<SseEvent>> {
  const path = repo ? apiPath`api/stream/${repo.namespace}/${repo.name}` : "api/stream";
  return openEventStream(drone, path, call.signal);
}
