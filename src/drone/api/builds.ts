/**
 * Builds: GET/POST/DELETE /api/repos/{owner}/{name}/builds[/...]. One function per route; each
 * owns its path, query and answer shape. "latest" (with the fallback from a branch without
 * builds to the default branch) lives here and nowhere else.
 */
import type { DroneClient } from "../client.js";
import { DroneApiError } from "../errors.js";
import { apiPath } from "../path.js";
import type { Build, Repo, RepoBuildStage } from "../types.js";
import { wildcardPath } from "../wildcard.js";
import { ignored, orNull } from "./check.js";
import type { BuildRef, RepoRef } from "./refs.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const buildsPath = (repo: RepoRef) => apiPath`api/repos/${repo.namespace}/${repo.name}/builds`;
const buildPath = (ref: BuildRef) => apiPath`api/repos/${ref.namespace}/${ref.name}/builds/${ref.build}`;

export interface ListQuery {
  page?: number | undefined;
  per_page?: number | undefined;
  branch?: string | undefined;
  tag?: string | undefined;
}

/** A page of a repository's builds, newest first (Drone: 25 a page, at most 100). */
export function list(drone: DroneClient, repo: RepoRef, query: ListQuery = {}, call: Call = {}): Promise<Build[]> {
  const { page, per_page, branch, tag } = query;
  return send(drone, buildsPath(repo), shapes.builds, { query: { page, per_page, branch, tag }, ...call });
}

/** One build with its stages and steps. A `null` answer is a 404 like Drone's own. */
export async function get(drone: DroneClient, ref: BuildRef, call: Call = {}): Promise<Build> {
  const path = buildPath(ref);
  const build = await send(drone, path, orNull(shapes.build), call);
  if (!build) throw new DroneApiError(404, "no build", "GET", path);
  return build;
}

export interface LatestQuery {
  /** The branch whose latest build is meant (default: the repository's default branch). */
  branch?: string | undefined;
  /** A git ref instead (refs/pull/12/head). */
  ref?: string | undefined;
  /** When `branch` has no build, take the default branch's latest instead of failing. */
  fallback?: boolean | undefined;
}

export interface Latest {
  build: Build;
  /** Set when `branch` had no build and this is the default branch's latest. */
  fellBackFrom?: string;
}

/** The newest build of a branch or ref (GET .../builds/latest), with the default-branch fallback. */
export async function latest(
  drone: DroneClient,
  repo: RepoRef,
  query: LatestQuery = {},
  call: Call = {},
): Promise<Latest> {
  const path = apiPath`api/repos/${repo.namespace}/${repo.name}/builds/latest`;
  const { branch, ref, fallback } = query;
  try {
    const build = await send(drone, path, orNull(shapes.build), { query: { branch, ref }, ...call });
    if (build) return { build };
  } catch (error) {
    if (!(fallback && branch && error instanceof DroneApiError && error.status === 404)) throw error;
  }
  if (!(fallback && branch)) throw new DroneApiError(404, "no build", "GET", path);
  const build = await send(drone, path, orNull(shapes.build), call);
  if (!build) throw new DroneApiError(404, "no build", "GET", path);
  return { build, fellBackFrom: branch };
}

type Params = Record<string, string> | undefined;

export interface CreateQuery {
  branch?: string | undefined;
  commit?: string | undefined;
  message?: string | undefined;
  params?: Params;
}

/** Starts a build; null when no pipeline matched. */
export function create(drone: DroneClient, repo: RepoRef, query: CreateQuery, call: Call = {}): Promise<Build | null> {
  const { branch, commit, message, params } = query;
  return send(drone, buildsPath(repo), orNull(shapes.build), {
    method: "POST",
    query: { ...params, branch, commit, message },
    ...call,
  });
}

/** Runs a build again as a new build (POST .../builds/{n}). */
export function restart(
  drone: DroneClient,
  ref: BuildRef,
  options: { debug?: boolean | undefined; params?: Params } = {},
  call: Call = {},
): Promise<Build | null> {
  return send(drone, buildPath(ref), orNull(shapes.build), {
    method: "POST",
    query: { ...options.params, debug: options.debug || undefined },
    ...call,
  });
}

/** Cancels a pending or running build; Drone answers with the build (or nothing). */
export function cancel(drone: DroneClient, ref: BuildRef, call: Call = {}): Promise<Build | null> {
  return send(drone, buildPath(ref), orNull(shapes.build), { method: "DELETE", ...call });
}

export type Decision = "approve" | "decline";

/** Approves or declines a blocked stage (approve needs a stage; decline without one declines the build). */
export async function decide(
  drone: DroneClient,
  ref: BuildRef,
  decision: Decision,
  stage: number | undefined,
  call: Call = {},
): Promise<void> {
  const base = buildPath(ref);
  const path = stage === undefined ? `${base}/${decision}` : `${base}/${decision}${apiPath`/${stage}`}`;
  await send(drone, path, ignored, { method: "POST", ...call });
}

export type Deployment = "promote" | "rollback";

/** Promotes a build to a target, or rolls a target back to it, as a new build. */
export function deploy(
  drone: DroneClient,
  ref: BuildRef,
  kind: Deployment,
  options: { target: string; params?: Params },
  call: Call = {},
): Promise<Build | null> {
  return send(drone, `${buildPath(ref)}/${kind}`, orNull(shapes.build), {
    method: "POST",
    query: { ...options.params, target: options.target },
    ...call,
  });
}

/** Deletes every build numbered below `before`. */
export async function purge(drone: DroneClient, repo: RepoRef, before: number, call: Call = {}): Promise<void> {
  await send(drone, buildsPath(repo), ignored, { method: "DELETE", query: { before }, ...call });
}

export type LatestIndex = "branches" | "pulls" | "deployments";

/** Drone's `latest` index: the newest build of each branch or deploy target, newest first. */
export async function latestIndex(
  drone: DroneClient,
  repo: RepoRef,
  kind: LatestIndex,
  call: Call = {},
): Promise<Build[]> {
  const builds = await send(drone, `${buildsPath(repo)}/${kind}`, shapes.builds, call);
  return [...builds].sort((a, b) => b.number - a.number);
}

/** Removes entries of the `latest` index: one branch or deploy target, or a pull request's. */
export async function forgetLatest(
  drone: DroneClient,
  repo: RepoRef,
  entry: { kind: "branches" | "deployments"; name: string } | { kind: "pulls"; pull: number },
  call: Call = {},
): Promise<void> {
  const path =
    entry.kind === "pulls"
      ? `${buildsPath(repo)}${apiPath`/pulls/${entry.pull}`}`
      : `${buildsPath(repo)}/${entry.kind}/${wildcardPath(entry.name, entry.kind === "branches" ? "Branch" : "Target")}`;
  await send(drone, path, ignored, { method: "DELETE", ...call });
}

/** The user's most recent builds across repositories: repos each with `build` (GET /api/user/builds). */
export function recent(drone: DroneClient, call: Call = {}) {
  return send(drone, "api/user/builds", shapes.repos, call);
}

/** Repositories with a pending or running build, each with that `build` (admin, at most 50). */
export function incomplete(drone: DroneClient, call: Call = {}): Promise<Repo[]> {
  return send(drone, "api/builds/incomplete", shapes.repos, call);
}

/** Pending and running stages, one flat row each (admin, Drone >= 2.5). */
export function incompleteStages(drone: DroneClient, call: Call = {}): Promise<RepoBuildStage[]> {
  return send(drone, "api/builds/incomplete/v2", shapes.incompleteRows, call);
}
