/** Repositories: GET/PATCH/POST/DELETE /api/repos/{owner}/{name}[/...]. */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Repo } from "../types.js";
import type { RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const repoPath = (repo: RepoRef) => apiPath`api/repos/${repo.namespace}/${repo.name}`;

/** One repository with its settings and the token's permissions. */
export function get(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<Repo> {
  return send(drone, repoPath(repo), shapes.repo, call);
}
