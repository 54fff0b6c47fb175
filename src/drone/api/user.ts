/** The token's own user: GET/PATCH /api/user, its repositories, builds and token. */
import type { DroneClient } from "../client.js";
import type { Repo, User } from "../types.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

/** The repositories the user can see, ordered by slug (no paging); `latest`: each with its latest build. */
export function repos(
  drone: DroneClient,
  options: { latest?: boolean | undefined } = {},
  call: Call = {},
): Promise<Repo[]> {
  return send(drone, "api/user/repos", shapes.repos, { query: { latest: options.latest || undefined }, ...call });
}

/** The user the client's token belongs to (401 for an unknown token, 403 for an inactive user). */
export function self(drone: DroneClient, call: Call = {}): Promise<User> {
  return send(drone, "api/user", shapes.user, call);
}
