/** Cron jobs: /api/repos/{owner}/{name}/cron[/{cron}]. */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Build, Cron } from "../types.js";
import { ignored, orNull } from "./check.js";
import type { RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const cronsPath = (repo: RepoRef) => apiPath`api/repos/${repo.namespace}/${repo.name}/cron`;
const cronPath = (repo: RepoRef, cron: string) => `${cronsPath(repo)}${apiPath`/${cron}`}`;
const nullableCron = orNull(shapes.cron);

export function list(drone: DroneClient, repo: RepoRef, call: Call = {}): Promise<Cron[]> {
  return send(drone, cronsPath(repo), shapes.crons, call);
}

export function create(
  drone: DroneClient,
  repo: RepoRef,
  cron: { name: string; expr: string; branch: string },
  call: Call = {},
): Promise<Cron | null> {
  return send(drone, cronsPath(repo), nullableCron, { method: "POST", json: cron, ...call });
}

export function get(drone: DroneClient, repo: RepoRef, cron: string, call: Call = {}): Promise<Cron | null> {
  return send(drone, cronPath(repo, cron), nullableCron, call);
}

/** Runs the job now; the build, or null when no pipeline matched. */
export function trigger(drone: DroneClient, repo: RepoRef, cron: string, call: Call = {}): Promise<Build | null> {
  return send(drone, cronPath(repo, cron), orNull(shapes.build), { method: "POST", ...call });
}

/** Changes branch, target or disabled (the only fields Drone updates). */
export function update(
  drone: DroneClient,
  repo: RepoRef,
  cron: string,
  patch: { branch?: string | undefined; target?: string | undefined; disabled?: boolean | undefined },
  call: Call = {},
): Promise<Cron | null> {
  return send(drone, cronPath(repo, cron), nullableCron, { method: "PATCH", json: patch, ...call });
}

export async function remove(drone: DroneClient, repo: RepoRef, cron: string, call: Call = {}): Promise<void> {
  await send(drone, cronPath(repo, cron), ignored, { method: "DELETE", ...call });
}
