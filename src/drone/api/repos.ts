/** Repositories: /api/repos (every repository, admin) and /api/repos/{owner}/{name}[/...]. */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Perm, Repo } from "../types.js";
import { ignored, listOf, orNull, shape } from "./check.js";
import type { RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const repoPath = (repo: RepoRef) => apiPath`api/repos/${repo.namespace}/${repo.name}`;
const nullableRepo = orNull(shapes.repo);

/** One repository with its settings and the token's permissions. */
export function get(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<Repo> {
  return send(drone, repoPath(repo), shapes.repo, call);
}

/** Every repository Drone knows, a page at a time (admin). */
export function all(
  drone: DroneClient,
  query: { page?: number | undefined; per_page?: number | undefined },
  call: Call = {},
): Promise<Repo[]> {
  return send(drone, "api/repos", shapes.repos, { query: { page: query.page, per_page: query.per_page }, ...call });
}

/** Activates a repository (POST). */
export function enable(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<Repo | null> {
  return send(drone, repoPath(repo), nullableRepo, { method: "POST", ...call });
}

/** Changes settings (PATCH); Drone ignores the sysadmin-only ones for other users. */
export function update(drone: DroneClient, repo: RepoRef, patch: Record<string, unknown>, call: Call = {}) {
  return send(drone, repoPath(repo), nullableRepo, { method: "PATCH", json: patch, ...call });
}

/** Deactivates a repository, or deletes it from Drone with `remove`. */
export function disable(drone: DroneClient, repo: RepoRef, remove: boolean, call: Call = {}) {
  return send(drone, repoPath(repo), nullableRepo, {
    method: "DELETE",
    query: { remove: remove ? "true" : undefined },
    ...call,
  });
}

/** Makes the token's user the owner (chown) or re-syncs the repository and its webhook (repair). */
export function maintain(drone: DroneClient, repo: RepoRef, action: "chown" | "repair", call: Call = {}) {
  return send(drone, `${repoPath(repo)}/${action}`, nullableRepo, { method: "POST", ...call });
}

export interface Collaborator extends Perm {
  login: string;
}

const collaborator = shape<Collaborator>("a collaborator", { login: "string" });

/** The users Drone has cached permissions for on the repository. */
export function collaborators(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<Collaborator[]> {
  return send(drone, `${repoPath(repo)}/collaborators`, listOf(collaborator), call);
}

/** One user's cached permission. */
export function permission(drone: DroneClient, repo: RepoRef, login: string, call: Call = {}) {
  return send(drone, `${repoPath(repo)}${apiPath`/collaborators/${login}`}`, orNull(shapes.perm), call);
}

/** Drops one user's cached permission. */
export async function removeCollaborator(drone: DroneClient, repo: RepoRef, login: string, call: Call = {}) {
  await send(drone, `${repoPath(repo)}${apiPath`/collaborators/${login}`}`, ignored, { method: "DELETE", ...call });
}

const payload = orNull(shape<{ data: string }>("a payload", {}, { data: "string" }));

/** Signs a pipeline file (sign) or encrypts a secret value (encrypt) with the repository's key. */
export function seal(drone: DroneClient, repo: RepoRef, action: "sign" | "encrypt", data: string, call: Call = {}) {
  return send(drone, `${repoPath(repo)}/${action}`, payload, { method: "POST", json: { data }, ...call });
}
