/**
 * search_build_logs: one pattern across every step log of a build (or one stage). Logs are
 * fetched four at a time and searched one at a time (a regex runs in the shared worker), so at
 * most four logs are in memory at once; matches keep their step names, line numbers and
 * context, bounded by max_matches, the token budget and a time limit.
 */
import * as z from "zod";
import { hasNoStoredLog } from "../drone/build-state.js";
import { describeError } from "../drone/errors.js";
import { loadStepLog } from "../drone/log-store.js";
import { buildOf } from "../drone/resolve.js";
import type { Build, Stage, Step } from "../drone/types.js";
import { normalizeLog } from "../logs/normalize.js";
import { compilePattern, type Pattern } from "../logs/pattern.js";
import { grepLog } from "../logs/regex-search.js";
import { newFence, oneLine } from "../logs/untrusted.js";
import { fitGrep } from "../logs/views.js";
import { firstMatches, type GrepResult } from "../logs/window.js";
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
import { buildOrLatest, location, stageNumber } from "./params.js";

/** A search gives up after this long (patterns are bounded, logs can be 5 MB each). */
export const SEARCH_MS = 2000;
/** Step logs fetched at once. */
const CONCURRENCY = 4;
/** A step log that could not be read, and why (describeError). */
interface Unreadable {
  unreadable: string;
}
/** Tokens kept for the summary, notice and per-step headers. */
const ENVELOPE = 260;

/** Runs `work` on every item with at most `limit` running at once, keeping order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

/** search_build_logs's arguments; the handler's type is inferred from it. */
export const searchInput = z.object({
  ...location,
  build: buildOrLatest.optional(),
  pattern: pattern.describe("Text (lowercase: any case) or /regex/i"),
  stage: stageNumber.optional(),
  context,
  max_matches: maxMatches,
  max_tokens: maxTokens(SEARCH_DEFAULT_TOKENS),
});

type Args = z.output<typeof searchInput>;
type Ctx = ScopedContext<"build-or-latest">;
type StepAt = { stage: Stage; step: Step };

/** The steps to search (in `stage` when given) and how many have no stored log to search. */
function stepsToSearch(build: Build, stageFilter: number | undefined): { steps: StepAt[]; withoutLog: number } {
  const steps: StepAt[] = [];
  let withoutLog = 0;
  for (const stage of build.stages ?? []) {
    if (stageFilter !== undefined && stage.number !== stageFilter) continue;
    for (const step of stage.steps ?? []) {
      if (hasNoStoredLog(step.status)) withoutLog++;
      else steps.push({ stage, step });
    }
  }
  return { steps, withoutLog };
}

/**
 * Every step's log searched: read CONCURRENCY at a time, searched one at a time within one time
 * budget (they share the regex worker). A log that cannot be read says why.
 */
async function searchSteps(a: Args, ctx: Ctx, build: Build, steps: StepAt[], matcher: Pattern) {
  const maxMatches = a.max_matches ?? SEARCH_DEFAULT_MATCHES;
  const deadline = performance.now() + SEARCH_MS;
  let searching: Promise<unknown> = Promise.resolve();
  return pool(steps, CONCURRENCY, async ({ stage, step }): Promise<GrepResult | Unreadable> => {
    const ref = {
      namespace: ctx.at.namespace,
      name: ctx.at.name,
      build: build.number,
      stage: stage.number,
      step: step.number,
    };
    let outs: string[];
    try {
      outs = await loadStepLog(ctx.drone, ref, ctx.signal);
    } catch (error) {
      // A log that could not be read is listed with why, never counted as "no matches".
      ctx.signal.throwIfAborted();
      return { unreadable: oneLine(describeError(error), 300) };
    }
    const run = searching.then(async (): Promise<GrepResult | "late"> => {
      const timeoutMs = deadline - performance.now();
      if (timeoutMs <= 0) return "late";
      return grepLog(() => normalizeLog(outs), matcher, {
        context: a.context ?? SEARCH_DEFAULT_CONTEXT,
        maxMatches,
        timeoutMs,
        signal: ctx.signal,
      });
    });
    searching = run.catch(() => {});
    const result = await run;
    return result === "late" ? { groups: [], shown: 0, total: 0, lineCount: 0, timedOut: true, searchedTo: 0 } : result;
  });
}

/** The matches of each step, first ones first, fitted to max_matches and the token budget. */
function renderMatches(a: Args, ctx: Ctx, steps: StepAt[], results: Array<GrepResult | Unreadable>) {
  const maxMatches = a.max_matches ?? SEARCH_DEFAULT_MATCHES;
  let budget = (a.max_tokens ?? Math.min(SEARCH_DEFAULT_TOKENS, ctx.maxTokens)) - ENVELOPE;
  const out = {
    fence: newFence(),
    sections: [] as string[],
    perStep: [] as Array<Record<string, unknown>>,
    unreadable: [] as Array<{ stage: number; step: number; name: string; error: string }>,
    total: 0,
    shown: 0,
    timedOut: false,
  };
  steps.forEach(({ stage, step }, i) => {
    const found = results[i];
    if (!found) return;
    if ("unreadable" in found) {
      out.unreadable.push({ stage: stage.number, step: step.number, name: step.name, error: found.unreadable });
      return;
    }
    out.total += found.total;
    out.timedOut ||= found.timedOut;
    if (found.total === 0) return;
    const result = firstMatches(found, Math.max(0, maxMatches - out.shown));
    const fitted = fitGrep(result, Math.max(0, budget - 60));
    out.shown += fitted.matches;
    const entry: Record<string, unknown> = {
      stage: stage.number,
      step: step.number,
      name: step.name,
      matches: found.total,
    };
    const nextFrom = fitted.nextFrom ?? (fitted.matches < found.total ? result.nextFrom : undefined);
    if (nextFrom !== undefined) entry.next_offset = nextFrom;
    out.perStep.push(entry);
    const plural = found.total === 1 ? "" : "es";
    const partial = fitted.matches < found.total ? `, ${fitted.matches} shown` : "";
    const header = `Step "${step.name}" (stage ${stage.number} step ${step.number}): ${found.total} match${plural}${partial}.`;
    const block = fitted.rendered.length ? out.fence.wrap(`${stage.name}/${step.name}`, fitted.rendered) : "";
    out.sections.push(block ? `${header}\n${block}` : header);
    budget -= estimateTokens(header) + estimateTokens(block) + 2;
  });
  return out;
}

/** search_build_logs: choose the steps, search their logs, render what fits, say what was left out. */
export async function searchBuildLogs(a: Args, ctx: Ctx): Promise<ToolOutput> {
  const matcher = compilePattern(a.pattern);
  const build = await buildOf(ctx.drone, ctx.at, ctx);
  const stageFilter = a.stage ?? ctx.at.fromUrl?.stage;
  const { steps, withoutLog } = stepsToSearch(build, stageFilter);
  const slug = `${ctx.at.namespace}/${ctx.at.name} #${build.number}`;
  if (steps.length === 0) {
    const where = stageFilter !== undefined ? ` in stage ${stageFilter}` : "";
    const text = `${slug}: no finished step${where} has a log to search yet.`;
    return { text, data: { build: build.number, matches: 0 } };
  }
  const results = await searchSteps(a, ctx, build, steps, matcher);
  const { fence, sections, perStep, unreadable, total, shown, timedOut } = renderMatches(a, ctx, steps, results);
  const searched = steps.length - unreadable.length;
  let summary = `${slug}: ${total}${timedOut || unreadable.length > 0 ? "+" : ""} matches for ${matcher.label} in ${searched} step logs`;
  summary += shown < total ? `; showing ${shown}.` : ".";
  if (unreadable.length > 0) {
    const list = unreadable.map((u) => `stage ${u.stage} step ${u.step} "${u.name}": ${u.error}`);
    summary += ` ${unreadable.length} step log(s) could not be read, so their matches are missing: ${list.join("; ")}`;
  }
  if (withoutLog) summary += ` ${withoutLog} step(s) have no log (not finished or skipped).`;
  if (timedOut) summary += " The search hit its time limit; narrow the pattern or search one step with get_build_logs.";
  if (shown < total) summary += " For more, use get_build_logs with grep and offset (next_offset) on one step.";
  const text = [summary, ...(shown > 0 ? [fence.notice] : []), ...sections].join("\n");
  return {
    text,
    data: { build: build.number, matches: total, shown, steps: perStep, ...(unreadable.length ? { unreadable } : {}) },
  };
}
