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
import type { LogLine } from "../logs/normalize.js";
import { DESTRUCTIVE, defineTool, READ } from "./define.js";
import { FAILURE_DEFAULT_TOKENS } from "./failure.js";
import { getBuildFailure } from "./failure-answer.js";
import { done } from "./format.js";
import { readStepLogTool, stepLogInput } from "./get-build-logs.js";
import { maxTokens, SEARCH_DEFAULT_CONTEXT, SEARCH_DEFAULT_MATCHES, SEARCH_DEFAULT_TOKENS } from "./log-params.js";
import { buildNumber, buildOrLatest, location, stageNumber, stepNumber } from "./params.js";
import { searchBuildLogs, searchInput } from "./search.js";

const _DEFAULT_LINES = 200;
const _LOG_DEFAULT_TOKENS = SEARCH_DEFAULT_TOKENS;
const _DEFAULT_CONTEXT = SEARCH_DEFAULT_CONTEXT;
const _DEFAULT_MATCHES = SEARCH_DEFAULT_MATCHES;
/** Room kept for the summary, notice and fences around the log lines. */
const _ENVELOPE = 900;

const _range = (lines: readonly LogLine[]) => {
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
    input: stepLogInput,
    annotations: READ,
    scope: "build-or-latest",
    handler: readStepLogTool,
  }),
  defineTool({
    name: "search_build_logs",
    title: "Search build logs",
    description: "Search every step log of a build (or one stage) for text or a /regex/; matches with context.",
    toolset: "logs",
    input: searchInput,
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
