/**
 * Following builds over time (toolset `builds`): the user's recent builds across repositories,
 * and waiting for one build to finish within a client's patience (most clients cancel a call at
 * about 60 s), with progress notifications and cancellation.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";
import { builds } from "../drone/api/index.js";
import { blockedStages, isFinished, runningSteps, stepCounts } from "../drone/build-state.js";
import { buildOf } from "../drone/resolve.js";
import { buildSummary } from "../drone/shape.js";
import type { Build, Repo } from "../drone/types.js";
import { statusFilter, statusMatches } from "./build-search.js";
import { defineTool, READ, type ScopedContext } from "./define.js";
import { failureReport } from "./failure.js";
import { listResult } from "./format.js";
import { buildOrLatest, location } from "./params.js";

const WAIT_DEFAULT_S = 45;
const WAIT_MAX_S = 600;
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 10_000;
/** Budget for the failure summary a finished, failed build comes with. */
const FAILURE_TOKENS = 1500;

/** "3 of 7 steps finished; running: test" */
function progressOf(build: Build): string {
  const { done, total } = stepCounts(build);
  const running = runningSteps(build).map(({ stage, step }) => `${stage.name}/${step.name}`);
  return `${build.status}: ${done} of ${total} steps finished${running.length ? `; running ${running.join(", ")}` : ""}`;
}

async function waitForBuild(a: { timeout_seconds?: number | undefined }, ctx: ScopedContext<"build-or-latest">) {
  const loc = ctx.at;
  const started = performance.now();
  const limitMs = (a.timeout_seconds ?? WAIT_DEFAULT_S) * 1000;
  let build = await buildOf(ctx.drone, loc, ctx);
  const number = build.number;
  const slug = `${loc.namespace}/${loc.name} #${number}`;
  const token = ctx.extra._meta?.progressToken;
  let lastProgress = -1;
  const report = async (message: string) => {
    if (token === undefined) return;
    const elapsed = Math.max(lastProgress + 0.1, Math.round((performance.now() - started) / 100) / 10);
    lastProgress = elapsed;
    await ctx.extra.sendNotification({
      method: "notifications/progress",
      params: { progressToken: token, progress: elapsed, total: limitMs / 1000, message },
    });
  };
  const elapsedS = () => Math.round((performance.now() - started) / 1000);

  let delay = FIRST_POLL_MS;
  while (!isFinished(build)) {
    const blocked = blockedStages(build);
    if (blocked.length > 0) {
      const names = blocked.map((s) => `${s.name} (stage ${s.number})`).join(", ");
      const text = `${slug} is waiting for approval of ${names}; it will not finish until someone runs approve_build or decline_build.`;
      return { text, data: { finished: false, build: number, status: build.status, awaiting_approval: names } };
    }
    await report(`#${number} ${progressOf(build)}`);
    const left = limitMs - (performance.now() - started);
    if (left <= 0) {
      const text = `${slug} has not finished after ${elapsedS()} s (${progressOf(build)}). Call wait_for_build again to keep waiting.`;
      return { text, data: { finished: false, build: number, status: build.status, elapsed_s: elapsedS() } };
    }
    await sleep(Math.min(delay, left), undefined, { signal: ctx.signal });
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
    build = await builds.get(ctx.drone, { ...loc, build: number }, ctx);
  }
  await report(`#${number} finished: ${build.status}`);
  const data: Record<string, unknown> = { finished: true, build: number, status: build.status, elapsed_s: elapsedS() };
  const text = `${slug} finished: ${build.status} (waited ${elapsedS()} s).`;
  if (build.status === "success") return { text, data };
  const failure = await failureReport(ctx.drone, loc, build, FAILURE_TOKENS, ctx.signal);
  return {
    text: `${text}\n${failure.text}`,
    data: { ...data, failure: failure.data },
    ...(failure.links ? { links: failure.links } : {}),
  };
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
      const output = listResult("recent builds", items);
      const shown = JSON.stringify(items);
      if (a.status)
        output.text = `${items.length} ${a.status} among your ${repos.length} most recent builds.\n${shown}`;
      else output.text = `Your ${items.length} most recent builds, newest first.\n${shown}`;
      return output;
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
