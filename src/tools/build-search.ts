/**
 * Finding builds in a repo's history by what Drone cannot filter on (status, event, author, a
 * ref that is not a branch or tag): read Drone's pages of 100, newest first, with its own
 * `branch`/`tag` query where one applies, up to a bound, and say how far back the search looked.
 */
import * as z from "zod";
import { builds } from "../drone/api/index.js";
import { isFailed } from "../drone/build-state.js";
import { BUILD_EVENTS, type Build } from "../drone/types.js";
import type { ToolContext } from "./define.js";

/** Statuses a list can be filtered on; "failing" is failure or error. */
export const STATUS_FILTERS = ["failing", "failure", "error", "killed", "success", "running", "pending"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const statusFilter = z.enum(STATUS_FILTERS).describe('"failing": failure or error');
export const eventFilter = z.enum(BUILD_EVENTS).describe("Event");

/** Builds that count as failed when looking for "the latest failure". */
export const FAILED_BUILD = new Set(["failure", "error", "killed"]);

export function statusMatches(status: string, filter: StatusFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter === "failing") return isFailed(status);
  return status === filter;
}

/** Drone's largest page. */
const PAGE = 100;
/** How many builds a search reads at most (5 requests). */
export const SCAN_LIMIT = 500;

export interface Where {
  namespace: string;
  name: string;
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
  /** Number range of the builds read (newest, oldest). */
  newest?: number;
  oldest?: number;
  /** True when the whole history (for Drone's branch/tag filter) was read. */
  complete: boolean;
}

/** Drone's branch/tag query for a ref, or a ref left to match here. */
export function droneFilter(where: Where): { branch?: string; tag?: string; ref?: string } {
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
  ctx: Pick<ToolContext, "drone" | "signal">,
  where: Where,
  matches: (build: Build) => boolean,
  want: number,
  limit = SCAN_LIMIT,
): Promise<Search> {
  const filter = droneFilter(where);
  const out: Search = { found: [], scanned: 0, complete: false };
  for (let page = 1; out.scanned < limit; page++) {
    const found = await builds.list(
      ctx.drone,
      where,
      { page, per_page: PAGE, branch: filter.branch, tag: filter.tag },
      { signal: ctx.signal },
    );
    for (const build of found) {
      out.scanned++;
      out.newest ??= build.number;
      out.oldest = build.number;
      if (filter.ref !== undefined && build.ref !== filter.ref) continue;
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

/** "the newest 500 builds (#812-#313)" or "all 40 builds". */
export function searchedRange(search: Search): string {
  if (search.scanned === 0) return "no builds";
  const range = search.newest === search.oldest ? `#${search.newest}` : `#${search.newest}-#${search.oldest}`;
  if (search.complete) return `all ${search.scanned} builds (${range})`;
  return `the newest ${search.scanned} builds (${range})`;
}
