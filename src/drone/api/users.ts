/** User administration: /api/users[/{login}[/...]] (admin). */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Repo, User } from "../types.js";
import { ignored, orNull } from "./check.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const userPath = (login: string) => apiPath`api/users/${login}`;
const nullableUser = orNull(shapes.user);

export function list(drone: DroneClient, call: Call = {}): Promise<User[]> {
  return send(drone, "api/users", shapes.users, call);
}

export function get(drone: DroneClient, login: string, call: Call = {}): Promise<User | null> {
  return send(drone, userPath(login), nullableUser, call);
}

export interface NewUser {
  login: string;
  admin?: boolean | undefined;
  machine?: boolean | undefined;
  token?: string | undefined;
}

export function create(drone: DroneClient, user: NewUser, call: Call = {}): Promise<User | null> {
  const json = { login: user.login, admin: user.admin, machine: user.machine, token: user.token };
  return send(drone, "api/users", nullableUser, { method: "POST", json, ...call });
}

/** Changes admin and/or active, the only fields Drone updates. */
export function update(
  drone: DroneClient,
  login: string,
  patch: { admin?: boolean | undefined; active?: boolean | undefined },
  call: Call = {},
): Promise<User | null> {
  return send(drone, userPath(login), nullableUser, { method: "PATCH", json: patch, ...call });
}

export async function remove(drone: DroneClient, login: string, call: Call = {}): Promise<void> {
  await send(drone, userPath(login), ignored, { method: "DELETE", ...call });
}

/** The repositories a user can access. */
export function repos(drone: DroneClient, login: string, call: Call = {}): Promise<Repo[]> {
  return send(drone, `${userPath(login)}/repos`, shapes.repos, call);
}

/** Rotates a user's token; Drone does not return the new one. */
export function rotateToken(drone: DroneClient, login: string, call: Call = {}): Promise<User | null> {
  return send(drone, `${userPath(login)}/token/rotate`, nullableUser, { method: "POST", ...call });
}
