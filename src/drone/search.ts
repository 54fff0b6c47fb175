/**
 * Finding builds in a repo's history by what Drone cannot filter on (status, event, author, a
 * ref that is not a branch or tag): read Drone's pages of 100, newest first, with its own
 * `branch`/`tag` query where one applies, up to a bound, and say how far back the search looked.
 */
import { builds, type Call, type RepoRef } from "./api/index.js";
import type { DroneClient } from "./client.js";
import type { Build } from "./types.js";

/** Drone's largest page. */
const PAGE = 100;
/** How many builds a search reads at most (5 requests). */
export const SCAN_LIMIT = 500;

/** Which builds: a branch, tag or ref (none: every build). */
export interface BuildFilter {
  /** Drone's own filters (branch wins over tag in Drone). */
  branch?: string | undefined;
  tag?: string | undefined;
  /** A full git ref (refs/pull/12/head): Drone filters refs/heads and refs/tags itself, others are matched here. */
  ref?: string | undefined;
}

export interface Search {
  /** The matching builds, newest first (at most skip + want of them were kept). */
  found: Build[];
  /** Builds read. */
  scanned: number;
  /** Builds read that are on the ref asked about (all of them without a ref filter). */
  considered: number;
  /** The newest build read (matching or not). */
  first?: Build;
  /** Number range of the builds read (newest, oldest). */
  newest?: number;
  oldest?: number;
  /** True when the whole history (for Drone's branch/tag filter) was read. */
  complete: boolean;
}

/** Drone's branch/tag query for a ref, or a ref left to match here. */
export function droneFilter(where: BuildFilter): { branch?: string; tag?: string; ref?: string } {
  if (where.branch) return { branch: where.branch };
  if (where.tag) return { tag: where.tag };
  const ref = where.ref;
  if (!ref) return {};
  if (ref.startsWith("refs/heads/")) return { branch: ref.slice("refs/heads/".length) };
  if (ref.startsWith("refs/tags/")) return { tag: ref.slice("refs/tags/".length) };
  return { ref };
}

/**
 * Reads the newest builds page by page until `want` matches are found, the history ends, or
 * `limit` builds were read.
 */
export async function searchBuilds(
  drone: DroneClient,
  repo: RepoRef,
  where: BuildFilter,
  matches: (build: Build) => boolean,
  want: number,
  call: Call = {},
  limit = SCAN_LIMIT,
): Promise<Search> {
  const filter = droneFilter(where);
  const out: Search = { found: [], scanned: 0, considered: 0, complete: false };
  for (let page = 1; out.scanned < limit; page++) {
    const found = await builds.list(
      drone,
      repo,
      { page, per_page: PAGE, branch: filter.branch, tag: filter.tag },
      call,
    );
    for (const build of found) {
      out.scanned++;
      out.first ??= build;
      out.newest ??= build.number;
      out.oldest = build.number;
      if (filter.ref !== undefined && build.ref !== filter.ref) continue;
      out.considered++;
      if (matches(build)) out.found.push(build);
      if (out.found.length >= want) return out;
    }
    if (found.length < PAGE) {
      out.complete = true;
      return out;
    }
  }
  return out;
}

/** "1 build" or "40 builds". */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** "3 checked" or "500 checked, older not": how far a search looked, for notes. */
export function checked(search: Search): string {
  return `${search.considered} checked${search.complete ? "" : `, older builds not`}`;
}

/** "the newest 500 builds (#812-#313)" or "all 40 builds (#40-#1)". */
export function searchedRange(search: Search): string {
  if (search.scanned === 0) return "no builds";
  const range = search.newest === search.oldest ? `#${search.newest}` : `#${search.newest}-#${search.oldest}`;
  if (search.complete) return `all ${plural(search.scanned, "build")} (${range})`;
  return `the newest ${plural(search.scanned, "build")} (${range})`;
}
