/**
 * Shaping tool results for a model: a one-line summary, then compact JSON (no pretty-printing),
 * the same data as structuredContent, and lists that say how to get the next page.
 */
import { buildDetail, buildSummary } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { withBuildLinks } from "../resources/links.js";
import type { ToolOutput } from "./define.js";

/** A result about one object. */
export function objectResult(summary: string, data: Record<string, unknown>): ToolOutput {
  return { text: `${summary}\n${JSON.stringify(data)}`, data };
}

/** A confirmation with no data (204 answers). */
export function done(message: string): ToolOutput {
  return { text: message };
}

export interface Paging {
  page: number;
  perPage: number;
}

/**
 * A list result. With paging, a full page means there may be more: say which page to ask for
 * (Drone sends no total count or Link header).
 */
export function listResult(
  noun: string,
  items: unknown[],
  paging?: Paging,
  extra: Record<string, unknown> = {},
): ToolOutput {
  const count = items.length;
  const more = paging !== undefined && count >= paging.perPage;
  let summary = `${count} ${noun}${paging ? ` on page ${paging.page}` : ""}.`;
  if (more) summary += ` There may be more: call again with page=${(paging?.page ?? 1) + 1}.`;
  else if (paging && paging.page > 1) summary += " This is the last page.";
  const data: Record<string, unknown> = { count, ...extra, items };
  if (paging) {
    data.page = paging.page;
    if (more) data.next_page = paging.page + 1;
  }
  return { text: `${summary}\n${JSON.stringify(items)}`, data };
}

/** Adds what was chosen (the resolver's notes) to the end of a result's summary line. */
export function withNotes(output: ToolOutput, notes: readonly string[]): ToolOutput {
  if (notes.length === 0) return output;
  const cut = output.text.indexOf("\n");
  const first = cut < 0 ? output.text : output.text.slice(0, cut);
  const rest = cut < 0 ? "" : output.text.slice(cut);
  return { ...output, text: `${first} (${notes.join(" ")})${rest}` };
}

/** "#42 failure (push to main)". */
export function buildHeadline(build: Build): string {
  const summary = buildSummary(build);
  const where = summary.branch ?? build.ref ?? "";
  return `#${build.number} ${build.status} (${build.event}${where ? ` on ${where}` : ""})`;
}

const NOTHING_TRIGGERED =
  "Drone started no build: no pipeline matched the branch/event/trigger conditions, the commit message asked to skip CI, or the repository owner is inactive.";

/** The answer to create/restart/promote/rollback/cron-exec: a new build, or null (with `repo`: resource links). */
export function newBuildResult(
  build: Build | null,
  verb: string,
  repo?: { namespace: string; name: string },
): ToolOutput {
  if (!build) return { text: NOTHING_TRIGGERED, data: { triggered: false } };
  let summary = `${verb} build #${build.number} (${build.status}).`;
  if (build.status === "error" && build.error) {
    summary += ` The pipeline configuration has an error: ${build.error}`;
  }
  return withBuildLinks(objectResult(summary, { triggered: true, ...buildDetail(build) }), repo, build);
}
