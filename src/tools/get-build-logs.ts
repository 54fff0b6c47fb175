/**
 * get_build_logs: one step's log (or a running step's output so far) in parts, in named steps:
 * check the modes, choose the step and read its log (resolveStep, readStepLog), then answer
 * with a grep or a line window fitted to the token budget, saying the exact arguments of the
 * next part. Log text is fenced as untrusted.
 */
import * as z from "zod";
import { UserError } from "../drone/errors.js";
import { type ChosenStep, resolveStep } from "../drone/resolve.js";
import { readStepLog } from "../drone/step-log.js";
import { droppedLines } from "../logs/live-output.js";
import { type LogLine, normalizeLog, rawLog } from "../logs/normalize.js";
import { compilePattern, type Pattern } from "../logs/pattern.js";
import { grepLog } from "../logs/regex-search.js";
import { newFence } from "../logs/untrusted.js";
import { fitFromEnd, fitFromStart, fitGrep } from "../logs/views.js";
import { tailOf, windowOf } from "../logs/window.js";
import { estimateTokens } from "../tokens.js";
import type { ScopedContext, ToolOutput } from "./define.js";
import {
  context,
  maxMatches,
  maxTokens,
  pattern,
  SEARCH_DEFAULT_CONTEXT,
  SEARCH_DEFAULT_MATCHES,
  SEARCH_DEFAULT_TOKENS,
} from "./log-params.js";
import { buildOrLatest, location, stageNumber, stepNumber } from "./params.js";
import { SEARCH_MS } from "./search.js";

const DEFAULT_LINES = 200;
/** Tokens kept for the summary, notice and fences around the log lines. */
const ENVELOPE = 260;

export const stepLogInput = z.object({
  ...location,
  build: buildOrLatest.optional(),
  stage: stageNumber.optional(),
  step: stepNumber.optional(),
  tail: z.int().min(1).max(5000).optional().describe("Last N lines"),
  head: z.int().min(1).max(5000).optional().describe("First N lines"),
  offset: z.int().min(1).optional().describe("Start line (window or grep)"),
  limit: z.int().min(1).max(5000).optional().describe(`Window size (default ${DEFAULT_LINES})`),
  grep: pattern.optional().describe("Text (lowercase: any case) or /regex/i"),
  context,
  max_matches: maxMatches,
  raw: z.boolean().optional().describe("As stored: no cleanup"),
  max_tokens: maxTokens(SEARCH_DEFAULT_TOKENS),
});
type Args = z.output<typeof stepLogInput>;
type Ctx = ScopedContext<"build-or-latest">;

/** One of tail, head or a window; grep with none of tail/head/limit. */
function checkModes(a: Args): void {
  const modes = [a.tail !== undefined, a.head !== undefined, a.offset !== undefined || a.limit !== undefined];
  if (modes.filter(Boolean).length > 1) throw new UserError("Use one of tail, head, or offset/limit.");
  if (a.grep !== undefined && (a.tail !== undefined || a.head !== undefined || a.limit !== undefined)) {
    throw new UserError("grep searches the whole log (from offset); drop tail/head/limit, use max_matches.");
  }
}

const range = (lines: readonly LogLine[]) => {
  const first = lines[0];
  const last = lines.at(-1);
  return first && last ? { first: first.n, last: last.n + last.count - 1 } : undefined;
};

/** What every answer about this step shares: where, the lead line of live output, the budget, the next-part arguments. */
function logView(a: Args, ctx: Ctx, chosen: ChosenStep, log: Awaited<ReturnType<typeof readStepLog<string[]>>>) {
  const live = "live" in log ? { output: log.live, header: log.header } : undefined;
  const outs = "live" in log ? log.live.outs : log.stored;
  const { ref } = chosen;
  const fence = newFence();
  const base = { namespace: ref.namespace, name: ref.name, build: ref.build, stage: ref.stage, step: ref.step };
  // A running step's output so far: the same windows and grep, under a line saying what it is.
  const lead = live
    ? `${live.header}${droppedLines(live.output) ? " Line numbers below count from the first line kept." : ""}\n`
    : "";
  const liveData = live ? { live: true, still_running: !live.output.ended, printed: live.output.printed } : {};
  // The arguments that get the next part: the same step and options, a new window.
  const kept = { raw: a.raw || undefined, context: a.context, max_matches: a.max_matches, max_tokens: a.max_tokens };
  return {
    live,
    outs,
    base,
    liveData,
    where: `${ref.namespace}/${ref.name} #${ref.build} ${chosen.label}`,
    lines: () => (a.raw ? rawLog(outs) : normalizeLog(outs)),
    budget: (a.max_tokens ?? Math.min(SEARCH_DEFAULT_TOKENS, ctx.maxTokens)) - ENVELOPE - estimateTokens(lead),
    answer: (text: string, data: Record<string, unknown>): ToolOutput => ({
      text: lead + text,
      data: { ...base, ...liveData, ...data },
    }),
    next: (extra: Record<string, unknown>) =>
      `Next part: get_build_logs ${JSON.stringify({ ...base, ...kept, ...extra })}`,
    body: (rendered: string[]) =>
      rendered.length ? `\n${fence.notice}\n${fence.wrap(`${ref.stage}/${ref.step}`, rendered)}` : "",
  };
}
type View = ReturnType<typeof logView>;

/** The matches of `grep` from `offset`, with context, fitted to the budget. */
async function grepAnswer(a: Args, ctx: Ctx, view: View, matcher: Pattern): Promise<ToolOutput> {
  const from = a.offset ?? 1;
  const result = await grepLog(view.lines, matcher, {
    context: a.context ?? SEARCH_DEFAULT_CONTEXT,
    maxMatches: a.max_matches ?? SEARCH_DEFAULT_MATCHES,
    from,
    timeoutMs: SEARCH_MS,
    signal: ctx.signal,
  });
  const fitted = fitGrep(result, view.budget);
  const scope = from > 1 ? `lines ${from}-${result.searchedTo}` : `${result.lineCount} lines`;
  let summary = `${view.where}: ${result.total}${result.timedOut ? "+" : ""} matches for ${matcher.label} in ${scope}`;
  summary += fitted.matches < result.total ? `; showing the first ${fitted.matches}.` : ".";
  if (result.timedOut) {
    summary += ` The search stopped at line ${result.searchedTo} (time limit). ${view.next({ grep: a.grep, offset: result.searchedTo + 1 })}`;
  } else if (fitted.nextFrom !== undefined) {
    summary += ` ${view.next({ grep: a.grep, offset: fitted.nextFrom })}`;
  }
  return view.answer(summary + view.body(fitted.rendered), {
    lines: result.lineCount,
    matches: result.total,
    shown: fitted.matches,
    ...(fitted.nextFrom ? { next_offset: fitted.nextFrom } : {}),
  });
}

/** The last lines (tail, the default), the first (head) or a window (offset/limit), fitted to the budget. */
function windowAnswer(a: Args, ctx: Ctx, view: View): ToolOutput {
  const fromEnd = a.head === undefined && a.offset === undefined && a.limit === undefined;
  const count = a.tail ?? a.head ?? a.limit ?? DEFAULT_LINES;
  const window = fromEnd ? tailOf(view.lines(), count) : windowOf(view.lines(), a.offset ?? 1, count);
  const fitted = fromEnd ? fitFromEnd(window.lines, view.budget) : fitFromStart(window.lines, view.budget);
  const shown = range(fitted.lines);
  const total = window.lineCount;
  if (!shown) {
    return view.answer(`${view.where}: ${total} lines; nothing at line ${a.offset ?? 1} or after.`, { lines: total });
  }
  let summary = `${view.where}: ${total} lines; showing ${shown.first}-${shown.last}`;
  summary += fitted.cut ? ` (cut to fit ${ctx.maxTokens} tokens).` : ".";
  const pageSize = Math.min(count, Math.max(1, fitted.lines.length));
  if (fromEnd && shown.first > 1) {
    const offset = Math.max(1, shown.first - pageSize);
    summary += ` Lines 1-${shown.first - 1} left out. ${view.next({ offset, limit: shown.first - offset })}`;
  } else if (!fromEnd && shown.last < total) {
    summary += ` Lines ${shown.last + 1}-${total} left out. ${view.next({ offset: shown.last + 1, limit: pageSize })}`;
  }
  return view.answer(summary + view.body(fitted.rendered), { lines: total, shown: `${shown.first}-${shown.last}` });
}

/** get_build_logs: check the modes, choose the step, read its log, answer with a grep or a window. */
export async function readStepLogTool(a: Args, ctx: Ctx): Promise<ToolOutput> {
  checkModes(a);
  const matcher = a.grep !== undefined ? compilePattern(a.grep) : undefined;
  const chosen = await resolveStep(ctx.drone, ctx.at, ctx);
  const log = await readStepLog(ctx.drone, chosen.ref, { build: chosen.build, signal: ctx.signal });
  const view = logView(a, ctx, chosen, log);
  if (view.outs.length === 0) {
    if (view.live) return { text: view.live.header, data: { ...view.base, ...view.liveData, lines: 0 } };
    return view.answer(`${view.where}: the step printed nothing.`, { lines: 0 });
  }
  return matcher ? grepAnswer(a, ctx, view, matcher) : windowAnswer(a, ctx, view);
}
