/**
 * Shaping tool results for a model: a one-line summary, then compact JSON (no pretty-printing),
 * the same data as structuredContent, and lists that say how to get the next page. Lists carry
 * a `list` part so that the result budget (budget.ts) can show fewer items and say so.
 */
import { buildDetail, buildSummary } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { withBuildLinks } from "../resources/links.js";
import type { ListPart, ToolOutput } from "./define.js";

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

export interface ListOptions {
  /** The summary line, when the default (`N noun.`) says too little. */
  summary?: string;
  /** Fields of structuredContent besides count and items. */
  extra?: Record<string, unknown>;
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
  options: Omit<ListOptions, "extra"> = {},
): ToolOutput {
  const count = items.length;
  const more = paging !== undefined && count >= paging.perPage;
  let summary = options.summary ?? `${count} ${noun}${paging ? ` on page ${paging.page}` : ""}.`;
  if (options.summary === undefined) {
    if (more) summary += ` There may be more: call again with page=${(paging?.page ?? 1) + 1}.`;
    else if (paging && paging.page > 1) summary += " This is the last page.";
  }
  const data: Record<string, unknown> = { count, ...extra, items };
  if (paging) {
    data.page = paging.page;
    if (more) data.next_page = paging.page + 1;
  }
  return withList({ text: `${summary}\n${JSON.stringify(items)}`, data }, noun, items, summary, data, paging);
}

/** The cursor of lists Drone sends whole: the index of the first item to show. */
export interface OffsetArgs {
  offset?: number | undefined;
}

/**
 * A list that Drone sends whole (no paging on its route), shown from `offset` (0 by default) with
 * as many items as fit the answer budget; a cut answer names the offset of the rest.
 */
export function pagedList(noun: string, all: unknown[], args: OffsetArgs, options: ListOptions = {}): ToolOutput {
  const total = all.length;
  const start = Math.min(args.offset ?? 0, total);
  const items = all.slice(start);
  let summary = options.summary ?? `${total} ${noun}.`;
  if (start > 0) summary += items.length ? ` From offset ${start}.` : ` Offset ${args.offset} is past the end.`;
  const data: Record<string, unknown> = { count: items.length, total, ...options.extra, items };
  if (start > 0) data.offset = start;
  const paging = { page: 1, perPage: Number.POSITIVE_INFINITY, offset: start, total };
  return withList({ text: `${summary}\n${JSON.stringify(items)}`, data }, noun, items, summary, data, paging);
}

/** Attaches the list part: how to render this answer with only the first `shown` items. */
function withList(
  output: ToolOutput,
  noun: string,
  items: unknown[],
  summary: string,
  data: Record<string, unknown>,
  paging: { page: number; perPage: number; offset?: number; total?: number } | undefined,
): ToolOutput {
  const list: ListPart = {
    noun,
    count: items.length,
    total: paging?.total,
    page: paging?.page ?? 1,
    perPage: paging?.perPage ?? Number.POSITIVE_INFINITY,
    offset: paging?.offset ?? (paging ? (paging.page - 1) * paging.perPage : 0),
    render: (shown, note) => {
      const kept = items.slice(0, shown);
      const { next_page: _next, ...rest } = data;
      return {
        text: `${summary} ${note}\n${JSON.stringify(kept)}`,
        data: { ...rest, count: kept.length, items: kept, cut: note },
      };
    },
  };
  output.list = list;
  return output;
}

/** Adds what was chosen (the resolver's notes) to the end of a result's summary line. */
export function withNotes(output: ToolOutput, notes: readonly string[]): ToolOutput {
  if (notes.length === 0) return output;
  const cut = output.text.indexOf("\n");
  const first = cut < 0 ? output.text : output.text.slice(0, cut);
  const rest = cut < 0 ? "" : output.text.slice(cut);
  const noted: ToolOutput = { ...output, text: `${first} (${notes.join(" ")})${rest}` };
  const list = output.list;
  if (list) noted.list = { ...list, render: (shown, note) => withNotes(list.render(shown, note), notes) };
  return noted;
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
