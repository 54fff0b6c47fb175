/**
 * Fitting log windows and grep results into a token budget (counted as tokens.ts counts): a tail keeps its last lines,
 * a window its first, grep whole match groups in order (`12: match`, `11- context`, `--`
 * between groups, as grep -n prints them). Pure.
 */
import { estimateTokens } from "../tokens.js";
import { MAX_LINE_CHARS, renderLine } from "./budget.js";
import type { LogLine } from "./normalize.js";
import type { GrepResult } from "./window.js";

export interface Fitted {
  lines: LogLine[];
  rendered: string[];
  /** True when the budget cut lines off. */
  cut: boolean;
}

/** The longest suffix of `lines` whose rendering fits in `budget` tokens. */
export function fitFromEnd(lines: readonly LogLine[], budget: number): Fitted {
  const rendered: string[] = [];
  let used = 0;
  let i = lines.length - 1;
  for (; i >= 0; i--) {
    const text = renderLine(lines[i] as LogLine);
    const cost = estimateTokens(text) + 1;
    if (used + cost > budget) break;
    used += cost;
    rendered.push(text);
  }
  return { lines: lines.slice(i + 1), rendered: rendered.reverse(), cut: i >= 0 };
}

/** The longest prefix of `lines` whose rendering fits in `budget` tokens. */
export function fitFromStart(lines: readonly LogLine[], budget: number): Fitted {
  const rendered: string[] = [];
  let used = 0;
  let i = 0;
  for (; i < lines.length; i++) {
    const text = renderLine(lines[i] as LogLine);
    const cost = estimateTokens(text) + 1;
    if (used + cost > budget) break;
    used += cost;
    rendered.push(text);
  }
  return { lines: lines.slice(0, i), rendered, cut: i < lines.length };
}

export interface FittedGrep {
  rendered: string[];
  /** Matches shown. */
  matches: number;
  /** Line to continue from when matches were left out (by the budget or max_matches). */
  nextFrom?: number;
}

/** Whole groups of a grep result, in order, while they fit in `budget` tokens. */
export function fitGrep(result: GrepResult, budget: number): FittedGrep {
  const rendered: string[] = [];
  let used = 0;
  let matches = 0;
  for (const group of result.groups) {
    const texts = group.map(({ line, at }) =>
      at === undefined ? renderLine(line).replace(/^([\d-]+): /, "$1- ") : renderLine(line, MAX_LINE_CHARS, at),
    );
    if (rendered.length > 0) texts.unshift("--");
    const size = texts.reduce((sum, t) => sum + estimateTokens(t) + 1, 0);
    if (used + size > budget) {
      const first = group.find((g) => g.at !== undefined);
      return { rendered, matches, ...(first ? { nextFrom: first.line.n } : {}) };
    }
    used += size;
    rendered.push(...texts);
    matches += group.filter((g) => g.at !== undefined).length;
  }
  const more = result.total > result.shown || result.timedOut;
  return { rendered, matches, ...(more && result.nextFrom !== undefined ? { nextFrom: result.nextFrom } : {}) };
}
