/**
 * The `logs` toolset: why a build failed (get_build_failure), one step's log in parts
 * (get_build_logs: tail, head, line windows, grep; for a running step, its output so far), a
 * search across a build's logs, and log deletion. Every result is bounded by a token budget
 * and says how to get the part left out; log text is fenced as untrusted and redacted.
 */
import * as z from "zod";
import { logs } from "../drone/api/index.js";
import { UserError } from "../drone/errors.js";
import { forgetStepLog } from "../drone/log-store.js";
import { resolveStep } from "../drone/resolve.js";
import { readStepLog } from "../drone/step-log.js";
import { charsFor } from "../logs/budget.js";
import { droppedLines } from "../logs/live-output.js";
import { type LogLine, normalizeLog, rawLog } from "../logs/normalize.js";
import { compilePattern } from "../logs/pattern.js";
import { grepLog } from "../logs/regex-search.js";
import { newFence } from "../logs/untrusted.js";
import { fitFromEnd, fitFromStart, fitGrep } from "../logs/views.js";
import { tailOf, windowOf } from "../logs/window.js";
import { DESTRUCTIVE, defineTool, READ } from "./define.js";
import { FAILURE_DEFAULT_TOKENS, FAILURE_MAX_TOKENS } from "./failure.js";
import { getBuildFailure } from "./failure-answer.js";
import { done } from "./format.js";
import { buildNumber, buildOrLatest, location, stageNumber, stepNumber } from "./params.js";
import {
  SEARCH_DEFAULT_CONTEXT,
  SEARCH_DEFAULT_MATCHES,
  SEARCH_DEFAULT_TOKENS,
  SEARCH_MS,
  searchBuildLogs,
} from "./search.js";

const DEFAULT_LINES = 200;
const LOG_DEFAULT_TOKENS = SEARCH_DEFAULT_TOKENS;
const DEFAULT_CONTEXT = SEARCH_DEFAULT_CONTEXT;
const DEFAULT_MATCHES = SEARCH_DEFAULT_MATCHES;
/** Room kept for the summary, notice and fences around the log lines. */
const ENVELOPE = 900;

const maxTokens = (fallback: number) =>
  z.int().min(300).max(FAILURE_MAX_TOKENS).optional().describe(`Token budget (default ${fallback})`);
const context = z.int().min(0).max(20).optional().describe(`Context lines (default ${DEFAULT_CONTEXT})`);
const maxMatches = z.int().min(1).max(200).optional().describe(`Default ${DEFAULT_MATCHES}`);
const pattern = z.string().min(1).max(200);

const range = (lines: readonly LogLine[]) => {
  const first = lines[0];
  const last = lines.at(-1);
  return first && last ? { first: first.n, last: last.n + last.count - 1 } : undefined;
};

export const logTools = [
  defineTool({
    name: "get_build_failure",
    title: "Why a build failed",
    description:
      "Why a build failed, in one call: each failed step's error lines with context. Default: the newest failed build.",
    toolset: "logs",
    input: z.object({
      ...location,
      build: buildOrLatest.optional(),
      branch: z.string().optional().describe("Branch (default: the repo's default)"),
      ref: z.string().optional().describe("Git ref, e.g. refs/pull/12/head"),
      max_tokens: maxTokens(FAILURE_DEFAULT_TOKENS),
    }),
    annotations: READ,
    scope: "build-or-latest",
    handler: (a, ctx) => getBuildFailure(a.max_tokens ?? Math.min(FAILURE_DEFAULT_TOKENS, ctx.maxTokens), ctx),
  }),
  defineTool({
    name: "get_build_logs",
    title: "Step log",
    description:
      "Read a step's log, or a running step's output so far (default: last 200 lines of the first failed step): tail, head, offset/limit, or grep.",
    toolset: "logs",
    input: z.object({
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
      max_tokens: maxTokens(LOG_DEFAULT_TOKENS),
    }),
    annotations: READ,
    scope: "build-or-latest",
    handler: async (a, ctx) => {
      const modes = [a.tail !== undefined, a.head !== undefined, a.offset !== undefined || a.limit !== undefined];
      if (modes.filter(Boolean).length > 1) throw new UserError("Use one of tail, head, or offset/limit.");
      if (a.grep !== undefined && (a.tail !== undefined || a.head !== undefined || a.limit !== undefined)) {
        throw new UserError("grep searches the whole log (from offset); drop tail/head/limit, use max_matches.");
      }
      const matcher = a.grep !== undefined ? compilePattern(a.grep) : undefined;
      const chosen = await resolveStep(ctx.drone, ctx.at, ctx);
      const log = await readStepLog(ctx.drone, chosen.ref, { build: chosen.build, signal: ctx.signal });
      const live = "live" in log ? { output: log.live, header: log.header } : undefined;
      const outs = "live" in log ? log.live.outs : log.stored;
      const lines = () => (a.raw ? rawLog(outs) : normalizeLog(outs));
      const { ref } = chosen;
      const fence = newFence();
      const where = `${ref.namespace}/${ref.name} #${ref.build} ${chosen.label}`;
      const base = { namespace: ref.namespace, name: ref.name, build: ref.build, stage: ref.stage, step: ref.step };
      // A running step's output so far: the same windows and grep, under a line saying what it is.
      const lead = live
        ? `${live.header}${droppedLines(live.output) ? " Line numbers below count from the first line kept." : ""}\n`
        : "";
      const budget = charsFor(a.max_tokens ?? Math.min(LOG_DEFAULT_TOKENS, ctx.maxTokens)) - ENVELOPE - lead.length;
      const liveData = live ? { live: true, still_running: !live.output.ended, printed: live.output.printed } : {};
      const answer = (text: string, data: Record<string, unknown>) => ({
        text: lead + text,
        data: { ...base, ...liveData, ...data },
      });
      // The arguments that get the next part: the same step and options, a new window.
      const kept = {
        raw: a.raw || undefined,
        context: a.context,
        max_matches: a.max_matches,
        max_tokens: a.max_tokens,
      };
      const next = (extra: Record<string, unknown>) =>
        `Next part: get_build_logs ${JSON.stringify({ ...base, ...kept, ...extra })}`;
      const body = (rendered: string[]) =>
        rendered.length ? `\n${fence.notice}\n${fence.wrap(`${ref.stage}/${ref.step}`, rendered)}` : "";

      if (outs.length === 0) {
        if (live) return { text: live.header, data: { ...base, ...liveData, lines: 0 } };
        return answer(`${where}: the step printed nothing.`, { lines: 0 });
      }
      if (matcher) {
        const from = a.offset ?? 1;
        const result = await grepLog(lines, matcher, {
          context: a.context ?? DEFAULT_CONTEXT,
          maxMatches: a.max_matches ?? DEFAULT_MATCHES,
          from,
          timeoutMs: SEARCH_MS,
          signal: ctx.signal,
        });
        const fitted = fitGrep(result, budget);
        const scope = from > 1 ? `lines ${from}-${result.searchedTo}` : `${result.lineCount} lines`;
        let summary = `${where}: ${result.total}${result.timedOut ? "+" : ""} matches for ${matcher.label} in ${scope}`;
        summary += fitted.matches < result.total ? `; showing the first ${fitted.matches}.` : ".";
        if (result.timedOut) {
          summary += ` The search stopped at line ${result.searchedTo} (time limit). ${next({ grep: a.grep, offset: result.searchedTo + 1 })}`;
        } else if (fitted.nextFrom !== undefined) {
          summary += ` ${next({ grep: a.grep, offset: fitted.nextFrom })}`;
        }
        return answer(summary + body(fitted.rendered), {
          lines: result.lineCount,
          matches: result.total,
          shown: fitted.matches,
          ...(fitted.nextFrom ? { next_offset: fitted.nextFrom } : {}),
        });
      }

      const fromEnd = a.head === undefined && a.offset === undefined && a.limit === undefined;
      const count = a.tail ?? a.head ?? a.limit ?? DEFAULT_LINES;
      const window = fromEnd ? tailOf(lines(), count) : windowOf(lines(), a.offset ?? 1, count);
      const fitted = fromEnd ? fitFromEnd(window.lines, budget) : fitFromStart(window.lines, budget);
      const shown = range(fitted.lines);
      const total = window.lineCount;
      if (!shown) {
        return answer(`${where}: ${total} lines; nothing at line ${a.offset ?? 1} or after.`, { lines: total });
      }
      let summary = `${where}: ${total} lines; showing ${shown.first}-${shown.last}`;
      summary += fitted.cut ? ` (cut to fit ${ctx.maxTokens} tokens).` : ".";
      const pageSize = Math.min(count, Math.max(1, fitted.lines.length));
      if (fromEnd && shown.first > 1) {
        const offset = Math.max(1, shown.first - pageSize);
        summary += ` Lines 1-${shown.first - 1} left out. ${next({ offset, limit: shown.first - offset })}`;
      } else if (!fromEnd && shown.last < total) {
        summary += ` Lines ${shown.last + 1}-${total} left out. ${next({ offset: shown.last + 1, limit: pageSize })}`;
      }
      return answer(summary + body(fitted.rendered), { lines: total, shown: `${shown.first}-${shown.last}` });
    },
  }),
  defineTool({
    name: "search_build_logs",
    title: "Search build logs",
    description: "Search every step log of a build (or one stage) for text or a /regex/; matches with context.",
    toolset: "logs",
    input: z.object({
      ...location,
      build: buildOrLatest.optional(),
      pattern: pattern.describe("Text (lowercase: any case) or /regex/i"),
      stage: stageNumber.optional(),
      context,
      max_matches: maxMatches,
      max_tokens: maxTokens(LOG_DEFAULT_TOKENS),
    }),
    annotations: READ,
    scope: "build-or-latest",
    handler: searchBuildLogs,
  }),
  defineTool({
    name: "purge_build_logs",
    title: "Delete step log",
    description: "Permanently delete one step's stored log (needs repo admin).",
    toolset: "logs",
    input: z.object({
      ...location,
      build: buildNumber.optional(),
      stage: stageNumber.optional(),
      step: stepNumber.optional(),
    }),
    annotations: DESTRUCTIVE,
    scope: "build",
    handler: async (_a, { drone, signal, at }) => {
      const { namespace, name, build, stage, step } = at;
      if (stage === undefined || step === undefined)
        throw new UserError("Say which log: stage and step (or a step URL).");
      const ref = { namespace, name, build, stage, step };
      await logs.purge(drone, ref, { signal });
      forgetStepLog(drone, ref);
      return done(`Log of build #${build} stage ${stage} step ${step} deleted.`);
    },
  }),
];
