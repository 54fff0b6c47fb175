/** The token's own user: /api/user, its repositories, builds and token. */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Repo, User } from "../types.js";
import { orNull } from "./check.js";
import type { RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const nullableUser = orNull(shapes.user);

/** The user the client's token belongs to (401 for an unknown token, 403 for an inactive user). */
export function self(drone: DroneClient, call: Call = {}): Promise<User> {
  return send(drone, "api/user", shapes.user, call);
}

/** Changes the user's email. */
export function updateEmail(drone: DroneClient, email: string, call: Call = {}): Promise<User | null> {
  return send(drone, "api/user", nullableUser, { method: "PATCH", json: { email }, ...call });
}

/** The user with their token (`rotate`: a new one first; the old one stops working). */
export function token(drone: DroneClient, rotate: boolean, call: Call = {}): Promise<User | null> {
  return send(drone, "api/user/token", nullableUser, {
    method: "POST",
    query: { rotate: rotate || undefined },
    ...call,
  });
}

/** The repositories the user can see, ordered by slug (no paging); `latest`: each with its latest build. */
export function repos(
  drone: DroneClient,
  options: { latest?: boolean | undefined } = {},
  call: Call = {},
): Promise<Repo[]> {
  return send(drone, "api/user/repos", shapes.repos, { query: { latest: options.latest || undefined }, ...call });
}

/** Re-syncs the user's repositories from the source host; null when it runs in the background (`async`). */
export function syncRepos(drone: DroneClient, async: boolean, call: Call = {}): Promise<Repo[] | null> {
  return send(drone, "api/user/repos", orNull(shapes.repos), {
    method: "POST",
    query: { async: async || undefined },
    ...call,
  });
}

/** The repositories the source host shows the user, in Drone or not. */
export function remoteRepos(drone: DroneClient, call: Call = {}): Promise<Repo[]> {
  return send(drone, "api/user/remote/repos", shapes.repos, call);
}

/** One repository on the source host, with the user's permissions there (500 when it cannot see it). */
export function remoteRepo(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<Repo | null> {
  return send(drone, apiPath`api/user/remote/repos/${repo.namespace}/${repo.name}`, orNull(shapes.repo), call);
}
