/**
 * Secrets of a repository (/api/repos/{owner}/{name}/secrets) or of an organization
 * (/api/secrets/{namespace}): the same five operations on either owner. Drone never returns a
 * secret's value.
 */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Secret } from "../types.js";
import { ignored, orNull } from "./check.js";
import type { RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

/** Whose secrets: a repository's, or an organization's (`org`: its namespace). */
export type Owner = { repo: RepoRef } | { org: string };

const basePath = (owner: Owner) =>
  "repo" in owner
    ? apiPath`api/repos/${owner.repo.namespace}/${owner.repo.name}/secrets`
    : apiPath`api/secrets/${owner.org}`;
const secretPath = (owner: Owner, name: string) => `${basePath(owner)}${apiPath`/${name}`}`;
const nullableSecret = orNull(shapes.secret);

export function list(drone: DroneClient, owner: Owner, call: Call = {}): Promise<Secret[]> {
  return send(drone, basePath(owner), shapes.secrets, call);
}

/** Every organization secret (admin). */
export function all(drone: DroneClient, call: Call = {}): Promise<Secret[]> {
  return send(drone, "api/secrets", shapes.secrets, call);
}

export function get(drone: DroneClient, owner: Owner, name: string, call: Call = {}): Promise<Secret | null> {
  return send(drone, secretPath(owner, name), nullableSecret, call);
}

export function create(drone: DroneClient, owner: Owner, body: Record<string, unknown>, call: Call = {}) {
  return send(drone, basePath(owner), nullableSecret, { method: "POST", json: body, ...call });
}

export function update(
  drone: DroneClient,
  owner: Owner,
  name: string,
  patch: Record<string, unknown>,
  call: Call = {},
) {
  return send(drone, secretPath(owner, name), nullableSecret, { method: "PATCH", json: patch, ...call });
}

export async function remove(drone: DroneClient, owner: Owner, name: string, call: Call = {}): Promise<void> {
  await send(drone, secretPath(owner, name), ignored, { method: "DELETE", ...call });
}
