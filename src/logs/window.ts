/**
 * Parts of a log for reading and searching, taken in one streaming pass: a line window
 * (head, offset + limit), the tail (a ring buffer), and grep with context lines (a ring for the
 * lines before a match, a countdown for the lines after). Memory is bounded by what is asked
 * for, not by the log. Pure apart from the clock that enforces a search's time budget.
 */
import { type LogLine, lastLineOf } from "./normalize.js";

export interface LineWindow {
  lines: LogLine[];
  /** Number of the log's last line. */
  lineCount: number;
}

/** Lines from `from` (1-based) covering `count` line numbers; a collapsed run counts as its lines. */
export function windowOf(lines: Iterable<LogLine>, from: number, count: number): LineWindow {
  const out: LogLine[] = [];
  const to = from + count - 1;
  let lineCount = 0;
  for (const line of lines) {
    lineCount = lastLineOf(line);
    if (lineCount >= from && line.n <= to) out.push(line);
  }
  return { lines: out, lineCount };
}

/** The last `count` line numbers of the log. */
export function tailOf(lines: Iterable<LogLine>, count: number): LineWindow {
  const ring: LogLine[] = [];
  let covered = 0;
  let lineCount = 0;
  for (const line of lines) {
    lineCount = lastLineOf(line);
    ring.push(line);
    covered += line.count;
    while (ring.length > 1 && covered - (ring[0] as LogLine).count >= count) covered -= (ring.shift() as LogLine).count;
  }
  return { lines: ring, lineCount };
}

export interface GrepMatch {
  /** The matching line. */
  line: LogLine;
  /** Where in the line the match starts. */
  at: number;
}

export interface GrepResult {
  /** Matches and their context lines, in log order; `match` set for the matching lines. */
  groups: Array<Array<{ line: LogLine; at?: number }>>;
  /** Matches shown in groups. */
  shown: number;
  /** Matches found in all (counted past `maxMatches` until the end or the time budget). */
  total: number;
  lineCount: number;
  /** The line after the last shown match: where a search for the next part starts. */
  nextFrom?: number;
  /** True when the time budget ran out before the end of the log. */
  timedOut: boolean;
  /** The last line searched. */
  searchedTo: number;
}

export interface GrepOptions {
  context: number;
  maxMatches: number;
  /** Skip lines before this number. */
  from?: number;
  /** performance.now() value past which the search stops. */
  deadline?: number;
  /** Stop before the line with this index (0-based position in `lines`): the rest was not searched. */
  until?: number;
}

/** Where the match starts in a line (or -1); `index` is the line's 0-based position in the stream. */
export type FindInLine = (line: LogLine, index: number) => number;

export function grepLines(lines: Iterable<LogLine>, find: FindInLine, options: GrepOptions): GrepResult {
  const { context, maxMatches } = options;
  const from = options.from ?? 1;
  const groups: GrepResult["groups"] = [];
  const before: LogLine[] = [];
  let current: GrepResult["groups"][number] | undefined;
  let afterLeft = 0;
  let shown = 0;
  let total = 0;
  let lineCount = 0;
  let searchedTo = 0;
  let nextFrom: number | undefined;
  let timedOut = false;
  let seen = 0;
  let index = -1;

  for (const line of lines) {
    index++;
    if (options.until !== undefined && index >= options.until) {
      timedOut = true;
      break;
    }
    lineCount = lastLineOf(line);
    if (lineCount < from) continue;
    if (options.deadline !== undefined && (++seen & 63) === 0 && performance.now() > options.deadline) {
      timedOut = true;
      break;
    }
    searchedTo = lineCount;
    const at = line.secret ? -1 : find(line, index);
    if (at >= 0) {
      total++;
      if (shown < maxMatches) {
        shown++;
        if (!current) {
          const previous = groups.at(-1);
          const start = before[0]?.n ?? line.n;
          const touching = previous && lastLineOf((previous.at(-1) as { line: LogLine }).line) + 1 >= start;
          current = touching ? previous : [];
          if (!touching) groups.push(current);
          current.push(...before.map((l) => ({ line: l })));
        }
        before.length = 0;
        current.push({ line, at });
        afterLeft = context;
        nextFrom = lineCount + 1;
        continue;
      }
    }
    if (current && afterLeft > 0) {
      current.push({ line });
      afterLeft--;
      if (afterLeft === 0 && context > 0) current = undefined;
      continue;
    }
    if (current && afterLeft === 0) current = undefined;
    if (context > 0) {
      before.push(line);
      if (before.length > context) before.shift();
    }
  }
  return {
    groups,
    shown,
    total,
    lineCount,
    timedOut,
    searchedTo,
    ...(nextFrom !== undefined ? { nextFrom } : {}),
  };
}

/** The result cut to its first `max` matches (context after the last one ends at the next match). */
export function firstMatches(result: GrepResult, max: number): GrepResult {
  if (result.shown <= max) return result;
  const groups: GrepResult["groups"] = [];
  let left = max;
  let nextFrom: number | undefined;
  for (const group of result.groups) {
    if (left <= 0) break;
    const kept: GrepResult["groups"][number] = [];
    for (const item of group) {
      if (item.at !== undefined) {
        if (left === 0) break;
        left--;
        nextFrom = lastLineOf(item.line) + 1;
      }
      kept.push(item);
    }
    groups.push(kept);
  }
  return { ...result, groups, shown: max, ...(nextFrom !== undefined ? { nextFrom } : {}) };
}
