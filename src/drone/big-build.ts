/**
 * Builds too big to show whole (a matrix of hundreds of stages): counts per status, the stages
 * that need attention (failed, running, waiting) with their steps, and the rest as ranges of
 * stage numbers, within a token budget; and one stage of a build in full. Pure.
 */
import { estimateTokens } from "../tokens.js";
import { buildDetail, buildSummary, stageSummary, stepSummary } from "./shape.js";
import type { Build, Stage } from "./types.js";

/** Statuses of stages and steps that need no attention. */
const QUIET = new Set(["success", "skipped"]);
/** Share of the budget a build's JSON may take before it is summarised. */
const SHARE = 0.6;

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** [1,2,3,5,7,8] to "1-3,5,7-8". */
export function ranges(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** A stage that needs attention: its steps that do in full, the others counted. */
function notableStage(stage: Stage) {
  const steps = stage.steps ?? [];
  const quiet = steps.filter((s) => QUIET.has(s.status));
  const { steps: _all, ...head } = stageSummary(stage);
  return {
    ...head,
    steps: steps.filter((s) => !QUIET.has(s.status)).map(stepSummary),
    ...(quiet.length ? { other_steps: countBy(quiet, (s) => s.status) } : {}),
  };
}

/** The build with every stage and step when that fits `maxTokens`, else the summary. */
export function fittedBuildDetail(build: Build, maxTokens: number): Record<string, unknown> {
  const full = buildDetail(build);
  if (estimateTokens(JSON.stringify(full)) <= maxTokens * SHARE) return full;
  return summarisedBuild(build, maxTokens);
}

function summarisedBuild(build: Build, maxTokens: number): Record<string, unknown> {
  const { stages: _stages, ...head } = buildDetail(build);
  const stages = build.stages ?? [];
  const steps = stages.flatMap((s) => s.steps ?? []);
  let room = maxTokens * SHARE - estimateTokens(JSON.stringify(head)) - 200;
  const shown: ReturnType<typeof notableStage>[] = [];
  const rest: Stage[] = [];
  for (const stage of stages) {
    if (QUIET.has(stage.status)) {
      rest.push(stage);
      continue;
    }
    const view = notableStage(stage);
    const cost = estimateTokens(JSON.stringify(view)) + 1;
    if (cost <= room) {
      shown.push(view);
      room -= cost;
    } else {
      rest.push(stage);
    }
  }
  const byStatus: Record<string, number[]> = {};
  for (const stage of rest) {
    const numbers = byStatus[stage.status] ?? [];
    numbers.push(stage.number);
    byStatus[stage.status] = numbers;
  }
  const others = Object.fromEntries(Object.entries(byStatus).map(([status, numbers]) => [status, ranges(numbers)]));
  return {
    ...head,
    stage_count: stages.length,
    step_count: steps.length,
    stages_by_status: countBy(stages, (s) => s.status),
    steps_by_status: countBy(steps, (s) => s.status),
    stages: shown,
    other_stages: others,
    note: `Too many stages to list: shown are the ${shown.length} failed, running or waiting stages${
      shown.length < stages.length - rest.filter((s) => QUIET.has(s.status)).length ? " that fit" : ""
    } with their steps; other_stages gives the rest's numbers by status. get_build with stage=N shows one stage.`,
  };
}

/** One stage of a build in full, or undefined when the build has no such stage. */
export function stageDetail(build: Build, number: number): Record<string, unknown> | undefined {
  const stage = build.stages?.find((s) => s.number === number);
  if (!stage) return undefined;
  return { build: buildSummary(build), stage_count: build.stages?.length ?? 0, stage: stageSummary(stage) };
}
