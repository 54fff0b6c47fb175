/**
 * Following builds over time (toolset `builds`): the user's recent builds across repositories,
 * and waiting for one build to finish within a client's patience (most clients cancel a call at
 * about 60 s), with progress notifications and cancellation.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";
import { type BuildRef, builds } from "../drone/api/index.js";
import { waitForBuildEvent } from "../drone/build-events.js";
import { blockedStages, isFinished, runningSteps, stepCounts } from "../drone/build-state.js";
import { buildOf } from "../drone/resolve.js";
import { buildSummary } from "../drone/shape.js";
import type { Build, Repo } from "../drone/types.js";
import { statusFilter, statusMatches } from "./build-search.js";
import { defineTool, READ, type ScopedContext, type ToolOutput } from "./define.js";
import { failureReport } from "./failure.js";
import { listResult } from "./format.js";
import { buildOrLatest, location } from "./params.js";

const WAIT_DEFAULT_S = 45;
const WAIT_MAX_S = 600;
/** Polling (when Drone offers no event stream): the first wait, growing 1.5 times up to the longest. */
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 10_000;
/** Budget for the failure summary a finished, failed build comes with. */
const FAILURE_TOKENS = 1500;

type WaitContext = ScopedContext<"build-or-latest">;

/** "3 of 7 steps finished; running: test" */
function progressOf(build: Build): string {
  const { done, total } = stepCounts(build);
  const running = runningSteps(build).map(({ stage, step }) => `${stage.name}/${step.name}`);
  return `${build.status}: ${done} of ${total} steps finished${running.length ? `; running ${running.join(", ")}` : ""}`;
}

/** The wait is over: the build finished, or it waits for a person (a blocked stage). */
const settled = (build: Build): boolean => isFinished(build) || blockedStages(build).length > 0;

/** A wait's clock and its progress notifications (only to a client that sent a progress token). */
function waitClock(ctx: WaitContext, limitMs: number) {
  const started = performance.now();
  const token = ctx.extra._meta?.progressToken;
  let lastProgress = -1;
  return {
    left: () => limitMs - (performance.now() - started),
    elapsedS: () => Math.round((performance.now() - started) / 1000),
    report: async (message: string) => {
      if (token === undefined) return;
      const elapsed = Math.max(lastProgress + 0.1, Math.round((performance.now() - started) / 100) / 10);
      lastProgress = elapsed;
      await ctx.extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken: token, progress: elapsed, total: limitMs / 1000, message },
      });
    },
  };
}
type Clock = ReturnType<typeof waitClock>;

/**
 * Follows the build until it settles or the time is up: over Drone's event stream
 * (/api/stream/{owner}/{name}), which tells of each change as it happens; when the server offers
 * no stream (refused, a proxy that buffers it) or it ends early, by polling for the rest.
 */
async function follow(ctx: WaitContext, ref: BuildRef, build: Build, clock: Clock): Promise<Build> {
  const progress = (b: Build) => (settled(b) ? undefined : clock.report(`#${b.number} ${progressOf(b)}`));
  try {
    const result = await waitForBuildEvent(ctx.drone, ref, {
      until: settled,
      current: (signal) => builds.get(ctx.drone, ref, { signal }),
      onBuild: progress,
      maxWaitMs: Math.max(0, clock.left()),
      signal: ctx.signal,
    });
    const latest = result.build ?? build;
    if (result.stop === "matched" || result.stop === "time_budget") return latest;
    return await poll(ctx, ref, latest, clock);
  } catch (error) {
    if (ctx.signal.aborted || (error instanceof Error && error.name === "AbortError")) throw error;
    return await poll(ctx, ref, build, clock);
  }
}

/** Reads the build again and again, waiting longer each time, until it settles or the time is up. */
async function poll(ctx: WaitContext, ref: BuildRef, build: Build, clock: Clock): Promise<Build> {
  let delay = FIRST_POLL_MS;
  let current = build;
  while (!settled(current) && clock.left() > 0) {
    await clock.report(`#${current.number} ${progressOf(current)}`);
    await sleep(Math.min(delay, clock.left()), undefined, { signal: ctx.signal });
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
    current = await builds.get(ctx.drone, ref, ctx);
  }
  return current;
}

/** The answer for a settled or still-running build. */
async function waitAnswer(ctx: WaitContext, build: Build, clock: Clock): Promise<ToolOutput> {
  const { number } = build;
  const slug = `${ctx.at.namespace}/${ctx.at.name} #${number}`;
  const blocked = blockedStages(build);
  if (!isFinished(build) && blocked.length > 0) {
    const names = blocked.map((s) => `${s.name} (stage ${s.number})`).join(", ");
    const text = `${slug} is waiting for approval of ${names}; it will not finish until someone runs approve_build or decline_build.`;
    return { text, data: { finished: false, build: number, status: build.status, awaiting_approval: names } };
  }
  if (!isFinished(build)) {
    const text = `${slug} has not finished after ${clock.elapsedS()} s (${progressOf(build)}). Call wait_for_build again to keep waiting.`;
    return { text, data: { finished: false, build: number, status: build.status, elapsed_s: clock.elapsedS() } };
  }
  await clock.report(`#${number} finished: ${build.status}`);
  const data: Record<string, unknown> = {
    finished: true,
    build: number,
    status: build.status,
    elapsed_s: clock.elapsedS(),
  };
  const text = `${slug} finished: ${build.status} (waited ${clock.elapsedS()} s).`;
  if (build.status === "success") return { text, data };
  const failure = await failureReport(ctx.drone, ctx.at, build, FAILURE_TOKENS, ctx.signal);
  return {
    text: `${text}\n${failure.text}`,
    data: { ...data, failure: failure.data },
    ...(failure.links ? { links: failure.links } : {}),
  };
}

/** wait_for_build: the build now; unless settled, follow it; then say how it ended (or where it is). */
async function waitForBuild(a: { timeout_seconds?: number | undefined }, ctx: WaitContext): Promise<ToolOutput> {
  const clock = waitClock(ctx, (a.timeout_seconds ?? WAIT_DEFAULT_S) * 1000);
  const first = await buildOf(ctx.drone, ctx.at, ctx);
  const ref = { namespace: ctx.at.namespace, name: ctx.at.name, build: first.number };
  const build = settled(first) ? first : await follow(ctx, ref, first, clock);
  return waitAnswer(ctx, build, clock);
}

export const activityTools = [
  defineTool({
    name: "list_recent_builds",
    title: "Recent builds",
    description: "The user's most recent builds across all repositories; filter by status to see what is broken.",
    toolset: "builds",
    input: z.object({
      status: statusFilter.optional(),
    }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const repos = await builds.recent(drone, { signal });
      const wanted = (status: string) => statusMatches(status, a.status);
      const items = repos
        .filter((r): r is Repo & { build: Build } => r.build !== undefined && wanted(r.build.status))
        .map((r) => ({ repo: r.slug || `${r.namespace}/${r.name}`, ...buildSummary(r.build) }));
      // The summary goes through listResult, so that a list cut to the budget keeps it.
      const summary = a.status
        ? `${items.length} ${a.status} among your ${repos.length} most recent builds.`
        : `Your ${items.length} most recent builds, newest first.`;
      return listResult("recent builds", items, undefined, {}, { summary });
    },
  }),
  defineTool({
    name: "wait_for_build",
    title: "Wait for build",
    description:
      "Wait until a build finishes (up to timeout_seconds), with progress; returns the result or finished:false.",
    toolset: "builds",
    input: z.object({
      ...location,
      build: buildOrLatest.optional(),
      timeout_seconds: z.int().min(1).max(WAIT_MAX_S).optional().describe(`Default ${WAIT_DEFAULT_S}`),
    }),
    annotations: READ,
    scope: "build-or-latest",
    handler: waitForBuild,
  }),
];
