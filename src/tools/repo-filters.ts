/**
 * Filters, order and rows for repository lists that Drone sends whole (GET /api/user/repos and
 * /api/users/{login}/repos have no paging or search): applied here, after one request.
 */
import * as z from "zod";
import { compact, isoTime } from "../drone/shape.js";
import { BUILD_STATUSES, type Repo } from "../drone/types.js";

/** `failing` stands for the statuses of a build that broke. */
const FAILING = ["failure", "error"];

export const repoQuery = z.string().optional().describe("Slug contains");
export const repoNamespace = z.string().optional().describe("Owner");
export const repoStatus = z
  .string()
  .optional()
  .describe("Latest build status(es), e.g. failing")
  .refine((value) => value === undefined || statusesOf(value).every(isStatus), {
    message: `Use statuses from ${BUILD_STATUSES.join(", ")}, or failing`,
  });

function isStatus(value: string): boolean {
  return (BUILD_STATUSES as readonly string[]).includes(value);
}

/** "failing,killed" to ["failure", "error", "killed"]. */
export function statusesOf(value: string): string[] {
  const out = new Set<string>();
  for (const part of value.split(",")) {
    const status = part.trim().toLowerCase();
    if (status === "failing") for (const s of FAILING) out.add(s);
    else if (status) out.add(status);
  }
  return [...out];
}

export interface RepoFilter {
  query?: string | undefined;
  namespace?: string | undefined;
  active?: boolean | undefined;
  status?: string | undefined;
}

/** The repositories that pass every filter given; with a status, only those whose latest build has it. */
export function filterRepos(repos: readonly Repo[], filter: RepoFilter): Repo[] {
  const query = filter.query?.toLowerCase() || undefined;
  const namespace = filter.namespace?.toLowerCase() || undefined;
  const statuses = filter.status ? new Set(statusesOf(filter.status)) : undefined;
  return repos.filter(
    (repo) =>
      (query === undefined || slugOf(repo).toLowerCase().includes(query)) &&
      (namespace === undefined || repo.namespace.toLowerCase() === namespace) &&
      (filter.active === undefined || repo.active === filter.active) &&
      (statuses === undefined || (repo.build !== undefined && statuses.has(repo.build.status))),
  );
}

/** When a repository's latest build last did something (0 without one). */
function buildTime(repo: Repo): number {
  const build = repo.build;
  return build ? build.finished || build.started || build.created || 0 : 0;
}

/** Newest latest build first; repositories without builds last, by slug. */
export function byLatestBuild(repos: readonly Repo[]): Repo[] {
  return [...repos].sort((a, b) => buildTime(b) - buildTime(a) || slugOf(a).localeCompare(slugOf(b)));
}

export function slugOf(repo: Repo): string {
  return repo.slug || `${repo.namespace}/${repo.name}`;
}

/** One repository in a list: the slug, `active: false` for repos Drone does not build, the latest build. */
export function repoRow(repo: Repo) {
  const build = repo.build;
  return compact({
    slug: slugOf(repo),
    active: repo.active ? undefined : false,
    archived: repo.archived || undefined,
    last_build: build
      ? compact({ number: build.number, status: build.status, finished: isoTime(build.finished || build.started) })
      : undefined,
  });
}

/** " matching status failure/error, owner acme, "api"", for summaries. */
export function describeFilter(filter: RepoFilter): string {
  const parts: string[] = [];
  if (filter.status) parts.push(`latest build ${statusesOf(filter.status).join("/")}`);
  if (filter.namespace) parts.push(`owner ${filter.namespace}`);
  if (filter.query) parts.push(`slug containing "${filter.query}"`);
  if (filter.active !== undefined) parts.push(filter.active ? "active" : "not active");
  return parts.length ? ` (${parts.join(", ")})` : "";
}
