/**
 * The server itself: /version and /healthz (outside /api, no token needed), /varz (source-host
 * rate limit and license), /api/system/stats (admin), and the status badges under /api/badges.
 */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Version } from "../types.js";
import { anyObject, orNull } from "./check.js";
import type { RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

/** The server's version; null when it sends none. */
export function version(drone: DroneClient, call: Call = {}): Promise<Version | null> {
  return send(drone, "version", orNull(shapes.version), call);
}

/** The raw /version answer (status, type, text), for diagnosing what answers at DRONE_SERVER. */
export function versionResponse(drone: DroneClient, call: Call = {}) {
  return drone.request("version", call.signal ? { signal: call.signal } : {});
}

/** /healthz's text ("OK"; Drone answers it anonymously while it runs); a failure is thrown. */
export async function health(drone: DroneClient, call: Call = {}): Promise<string> {
  return (await drone.request("healthz", { maxBytes: 4096, ...(call.signal ? { signal: call.signal } : {}) })).body;
}

/** /varz, kept as Drone sends it; null when empty. */
export function varz(drone: DroneClient, call: Call = {}): Promise<Record<string, unknown> | null> {
  return send(drone, "varz", orNull(anyObject), call);
}

/** /api/system/stats (admin); null when empty. */
export function stats(drone: DroneClient, call: Call = {}): Promise<Record<string, unknown> | null> {
  return send(drone, "api/system/stats", orNull(anyObject), call);
}

/** The path of a repository's status badge (SVG), for links. */
export const badgePath = (repo: RepoRef): string => apiPath`api/badges/${repo.namespace}/${repo.name}/status.svg`;

/** The status badge SVG of a branch or ref (default: the default branch). */
export async function badge(
  drone: DroneClient,
  repo: RepoRef,
  query: { ref?: string | undefined; branch?: string | undefined },
  call: Call = {},
): Promise<string> {
  const options = { query: { ref: query.ref, branch: query.branch }, ...(call.signal ? { signal: call.signal } : {}) };
  return (await drone.request(badgePath(repo), options)).body;
}

/** The CCMenu (cc.xml) document of a repository. */
export async function ccMenu(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<string> {
  const path = apiPath`api/badges/${repo.namespace}/${repo.name}/cc.xml`;
  return (await drone.request(path, call.signal ? { signal: call.signal } : {})).body;
}
