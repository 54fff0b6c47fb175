/**
 * Shaping tool results for a model: a one-line summary, then compact JSON (no pretty-printing),
 * the same data as structuredContent, and lists that say how to get the next page.
 */
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
