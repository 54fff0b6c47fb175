/**
 * list_builds: Drone's page of builds (with its own branch/tag filter), or, with a status,
 * event or author filter, the matching builds among the newest SCAN_LIMIT, saying how far back
 * it looked and how to get the next matches.
 */
import { builds } from "../drone/api/index.js";
import { searchBuilds, searchedRange } from "../drone/search.js";
import { buildSummary } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { withBuildLinks } from "../resources/links.js";
import { type StatusFilter, statusMatches } from "./build-search.js";
import type { ToolContext, ToolOutput } from "./define.js";
import { listResult } from "./format.js";

export interface ListBuildsArgs {
  namespace: string;
  name: string;
  branch?: string | undefined;
  tag?: string | undefined;
  status?: StatusFilter | undefined;
  event?: string | undefined;
  author?: string | undefined;
  page?: number | undefined;
  per_page?: number | undefined;
}

function authorMatches(build: Build, author: string): boolean {
  const a = author.trim().toLowerCase();
  return [build.author_login, build.author_email, build.author_name, build.sender].some(
    (value) => value !== undefined && value.toLowerCase() === a,
  );
}

/** "failing push builds by jane on main" */
function describeFilter(a: ListBuildsArgs, count: number): string {
  let text = `${count} ${a.status ? `${a.status} ` : ""}`;
  text += `${a.event ? `${a.event} ` : ""}build${count === 1 ? "" : "s"}`;
  if (a.author) text += ` by ${a.author}`;
  if (a.branch) text += ` on ${a.branch}`;
  else if (a.tag) text += ` of tag ${a.tag}`;
  return text;
}

export async function listBuilds(a: ListBuildsArgs, ctx: ToolContext): Promise<ToolOutput> {
  const perPage = a.per_page ?? 25;
  const page = a.page ?? 1;
  if (a.status === undefined && a.event === undefined && a.author === undefined) {
    const found = await builds.list(ctx.drone, a, a, { signal: ctx.signal });
    return withBuildLinks(listResult("builds", found.map(buildSummary), { page, perPage }), a, ...found);
  }
  const search = await searchBuilds(
    ctx.drone,
    a,
    a,
    (b) =>
      statusMatches(b.status, a.status) &&
      (a.event === undefined || b.event === a.event) &&
      (a.author === undefined || authorMatches(b, a.author)),
    page * perPage + 1,
    { signal: ctx.signal },
  );
  const shown = search.found.slice((page - 1) * perPage, page * perPage);
  const more = search.found.length > page * perPage;
  const items = shown.map(buildSummary);
  let summary: string;
  if (more) {
    summary = `${describeFilter(a, shown.length)} (page ${page}), newest first; more match: call again with page=${page + 1}.`;
  } else {
    const total = search.found.length;
    summary = `${describeFilter(a, total)} among ${searchedRange(search)}`;
    summary += page > 1 ? `; page ${page} shows ${shown.length}.` : ".";
    if (!search.complete) summary += " Older builds were not searched.";
  }
  const data: Record<string, unknown> = {
    count: items.length,
    items,
    page,
    ...(more ? { next_page: page + 1 } : {}),
    scanned: search.scanned,
    ...(search.oldest !== undefined ? { scanned_back_to: search.oldest } : {}),
  };
  return withBuildLinks({ text: `${summary}\n${JSON.stringify(items)}`, data }, a, ...shown);
}
