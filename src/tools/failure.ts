/**
 * The answer to "why did this build fail?": every failed step's error blocks and last lines,
 * fetched concurrently and fitted into one token budget for the whole result (text, data and
 * links), with log text fenced as untrusted and secrets redacted. Passing, running, blocked,
 * declined and config-error builds are said in words.
 */

import type { ResourceLink } from "@modelcontextprotocol/sdk/types.js";
import {
  blockedStages,
  failedStagesWithoutSteps,
  failedSteps,
  notRunSteps,
  runningSteps,
  type StepAt,
  stepCounts,
} from "../drone/build-state.js";
import type { DroneClient } from "../drone/client.js";
import { branchOf, firstLine } from "../drone/shape.js";
import { NoStepLog, readStepLog } from "../drone/step-log.js";
import type { Build } from "../drone/types.js";
import { buildWebUrl } from "../drone/urls.js";
import { analyzeLog, type FailureAnalysis, familiesOf, renderExcerpt, showLine, topLine } from "../logs/failure.js";
import { normalizeLog } from "../logs/normalize.js";
import { type Fence, newFence } from "../logs/untrusted.js";
import { logUri } from "../resources/uris.js";
import { answerTokens, estimateTokens } from "../tokens.js";
import type { ToolOutput } from "./define.js";
import { findGreenRun, type GreenRun } from "./green-run.js";

export const FAILURE_DEFAULT_TOKENS = 2000;
export const FAILURE_MAX_TOKENS = 20000;
/** Failed steps shown in detail; more are listed by name. */
const STEPS_DETAILED = 6;
const MORE = "More: get_build_logs (tail, grep, offset) or search_build_logs.";
/** Line ranges listed in the data per step (the text shows them all). */
const SHOWN_RANGES = 10;
/** The smallest excerpt worth showing, in tokens. */
const MIN_EXCERPT = 60;
/** Times the excerpts are refilled after the whole answer is measured. */
const REFILLS = 2;
/** Room left over (in tokens) that is not worth a refill. */
const REFILL_MIN = 12;

export interface RepoRef {
  namespace: string;
  name: string;
}

/** "push on main, 7fd1a60b01 "Change greeting"". */
function buildContext(build: Build): string {
  const branch = branchOf(build) ?? build.ref;
  const message = firstLine(build.message, 80);
  return `${build.event}${branch ? ` on ${branch}` : ""}, commit ${build.after.slice(0, 10)}${message ? ` "${message}"` : ""}`;
}

function headline(slug: string, build: Build, failed: StepAt[]): string {
  const b = `${slug} #${build.number}`;
  const names = failed.map((f) => f.step.name).join(", ");
  const failedPart = failed.length ? ` ${failed.length} failed step${failed.length > 1 ? "s" : ""}: ${names}.` : "";
  switch (build.status) {
    case "success":
      return `${b} passed (${buildContext(build)}). Nothing failed.`;
    case "pending":
    case "running":
    case "waiting_on_dependencies":
    case "blocked": {
      const { done, total } = stepCounts(build);
      const running = runningSteps(build).map((r) => r.step.name);
      const blocked = blockedStages(build);
      let text = `${b} is still ${build.status} (${buildContext(build)}): ${done} of ${total} steps finished`;
      if (running.length) text += `; running: ${running.join(", ")}`;
      text += ".";
      // Why each waiting stage waits follows on its own lines (waiting.ts).
      if (!blocked.length) text += " wait_for_build waits for it to finish.";
      if (failed.length) text += ` Already failed:${failedPart.slice(failedPart.indexOf(":") + 1)}`;
      return text;
    }
    case "declined": {
      const declined = (build.stages ?? []).filter((s) => s.status === "declined").map((s) => s.name);
      return `${b} was declined at its approval step${declined.length ? ` (stage ${declined.join(", ")})` : ""}: nothing failed, the declined part never ran (${buildContext(build)}).`;
    }
    case "killed":
      return `${b} was cancelled (killed) before it finished (${buildContext(build)}).${failedPart}`;
    case "skipped":
      return `${b} was skipped: no stage ran (${buildContext(build)}).`;
    case "error":
      if (build.error && failed.length === 0) {
        return `${b} could not run: Drone reported a pipeline error, which is the cause: ${build.error} (${buildContext(build)}). Fix .drone.yml (or what it includes) and push again.`;
      }
      return `${b} errored (${buildContext(build)}).${build.error ? ` Drone: ${build.error}.` : ""}${failedPart}`;
    default:
      return `${b} failed (${buildContext(build)}).${failedPart}`;
  }
}

interface FailedStepLog {
  at: StepAt;
  analysis?: FailureAnalysis;
  /** Why there is no analysis: no log stored, or it is empty. */
  missing?: string;
}

/** One failed step's log, read the one way (drone/step-log.ts) and analysed; or why it has none. */
async function analyzeStep(
  drone: DroneClient,
  repo: RepoRef,
  build: Build,
  at: StepAt,
  green: Promise<GreenRun | undefined>,
  signal: AbortSignal,
): Promise<FailedStepLog> {
  const ref = { ...repo, build: build.number, stage: at.stage.number, step: at.step.number };
  try {
    const [log, passing] = await Promise.all([
      readStepLog(drone, ref, { build, signal }),
      green.then((g) => g?.keysFor(at)),
    ]);
    // A failed step has finished, so its log is stored; live output would only be a partial one.
    if (!("stored" in log)) return { at, missing: "Drone is still saving its log: ask again shortly." };
    if (log.stored.length === 0) return { at, missing: "The step printed nothing." };
    return { at, analysis: analyzeLog(normalizeLog(log.stored), { passing }) };
  } catch (error) {
    if (error instanceof NoStepLog) return { at, missing: error.message };
    throw error;
  }
}

function stepHeader(log: FailedStepLog): string {
  const { stage, step } = log.at;
  const facts = [
    `stage ${stage.number} "${stage.name}" step ${step.number}`,
    step.image ? `image ${step.image}` : undefined,
    `exit code ${step.exit_code}`,
    log.analysis ? `${log.analysis.lineCount} lines` : undefined,
  ].filter(Boolean);
  let text = `Step "${step.name}" ${step.status} (${facts.join(", ")}).`;
  if (step.error) text += ` Drone: ${step.error}.`;
  if (log.missing) text += ` ${log.missing}`;
  const families = log.analysis ? familiesOf(log.analysis) : [];
  if (families.length) text += ` Looks like: ${families.join(", ")}.`;
  return text;
}

/** The failure report for a build already fetched (with stages). */
export async function failureReport(
  drone: DroneClient,
  repo: RepoRef,
  build: Build,
  maxTokens: number,
  signal: AbortSignal,
): Promise<ToolOutput> {
  const failed = failedSteps(build);
  const { logs, compared } = await readFailedSteps(drone, repo, build, failed, signal);
  const fence = newFence();
  const { top, bottom, compareLine } = surroundingLines(repo, build, failed, logs, compared);
  const { data, links } = reportData(drone, repo, build, logs);
  const headers = logs.map(stepHeader);
  const headlineBlock = causeHeadline(logs, fence);
  const withLogs = logs.filter((l) => l.analysis).length;

  // The budget holds what the model reads: the text with its resource links. structuredContent
  // is the same answer in another form and fits the budget on its own (tools/budget.ts).
  const linkTokens = estimateTokens(JSON.stringify(links));
  const render = (excerptBudget: number) => {
    const { sections, shown } = excerptSections(logs, headers, excerptBudget, fence);
    const parts = [...top, ...(withLogs ? [fence.notice] : []), ...headlineBlock, ...sections, ...bottom];
    return { parts, shown, tokens: answerTokens(parts.join("\n")) + linkTokens };
  };
  // The excerpts get what the rest leaves; the whole is then measured, and the excerpts refilled
  // with what the first estimate of the rest left over (or trimmed by what it missed).
  const rest = render(0).tokens;
  let excerptBudget = Math.max(0, maxTokens - rest);
  let best = render(excerptBudget);
  for (let attempt = 0; attempt < REFILLS && withLogs; attempt++) {
    const room = maxTokens - best.tokens;
    if (room >= 0 && room < REFILL_MIN) break;
    excerptBudget = Math.max(0, excerptBudget + room - (room < 0 ? REFILL_MIN : 0));
    const next = render(excerptBudget);
    if (next.tokens <= maxTokens || best.tokens > maxTokens) best = next;
  }
  best.shown.forEach((ranges, i) => {
    const entry = (data.failed_steps as Array<Record<string, unknown>>)[i];
    if (entry && ranges?.length) {
      const listed = ranges.slice(0, SHOWN_RANGES).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
      entry.shown = listed.join(",") + (ranges.length > SHOWN_RANGES ? ",..." : "");
    }
  });

  // A budget too small for the envelope (max_tokens near its minimum): drop what is only a pointer.
  let parts = best.parts;
  for (const optional of [MORE, compareLine]) {
    if (answerTokens(parts.join("\n")) + linkTokens <= maxTokens) break;
    parts = parts.filter((line) => line !== optional);
  }
  return { text: parts.join("\n"), data, links };
}

/** The first failed steps' logs, read and analysed concurrently, beside the last green run's. */
async function readFailedSteps(
  drone: DroneClient,
  repo: RepoRef,
  build: Build,
  failed: StepAt[],
  signal: AbortSignal,
): Promise<{ logs: FailedStepLog[]; compared: GreenRun | undefined }> {
  const detailed = failed.slice(0, STEPS_DETAILED);
  const green = detailed.length ? findGreenRun(drone, repo, build, signal) : Promise.resolve(undefined);
  const logs = await Promise.all(detailed.map((at) => analyzeStep(drone, repo, build, at, green, signal)));
  return { logs, compared: await green };
}

/** The lines above the excerpts (what happened, which build was compared) and below them. */
function surroundingLines(
  repo: RepoRef,
  build: Build,
  failed: StepAt[],
  logs: FailedStepLog[],
  compared: GreenRun | undefined,
): { top: string[]; bottom: string[]; compareLine: string | undefined } {
  const top = [headline(`${repo.namespace}/${repo.name}`, build, failed)];
  for (const stage of failedStagesWithoutSteps(build)) {
    top.push(`Stage ${stage.number} "${stage.name}" ${stage.status}${stage.error ? `: ${stage.error}` : ""}.`);
  }
  if (failed.length > STEPS_DETAILED) {
    top.push(`Showing the first ${STEPS_DETAILED} failed steps; search_build_logs covers all.`);
  }
  const compareLine =
    compared && logs.some((l) => l.analysis?.compared)
      ? `Compared with #${compared.build.number}, the last green build on ${compared.branch}: lines it printed too rank lower.`
      : undefined;
  if (compareLine) top.push(compareLine);
  const bottom: string[] = [];
  const notRun = notRunNames(build);
  if (notRun.length) bottom.push(`Not run because of the failure: ${notRun.join(", ")}.`);
  if (logs.length) bottom.push(MORE);
  return { top, bottom, compareLine };
}

function notRunNames(build: Build): string[] {
  return notRunSteps(build).map((s) => `${s.step.name} (${s.step.status})`);
}

/** The structured answer and a resource link per failed step's log. */
function reportData(
  drone: DroneClient,
  repo: RepoRef,
  build: Build,
  logs: FailedStepLog[],
): { data: Record<string, unknown>; links: ResourceLink[] } {
  const links: ResourceLink[] = logs.map(({ at }) => ({
    type: "resource_link",
    uri: logUri(repo.namespace, repo.name, build.number, at.stage.number, at.step.number),
    name: `${at.stage.name}/${at.step.name} log`,
    mimeType: "text/plain",
  }));
  const notRun = notRunNames(build);
  const data: Record<string, unknown> = {
    repo: `${repo.namespace}/${repo.name}`,
    build: build.number,
    status: build.status,
    url: buildWebUrl(drone.server, repo.namespace, repo.name, build.number),
    ...(build.error ? { error: build.error } : {}),
    failed_steps: logs.map(({ at, analysis }) => ({
      stage: at.stage.number,
      step: at.step.number,
      name: at.step.name,
      exit_code: at.step.exit_code,
      ...(analysis ? { lines: analysis.lineCount } : {}),
    })),
    ...(notRun.length ? { not_run: notRun } : {}),
  };
  return { data, links };
}

/** The headline: the step and the line ranked first as the cause, fenced like all log text. */
function causeHeadline(logs: FailedStepLog[], fence: Fence): string[] {
  const first = logs.find((l) => l.analysis);
  const cause = first?.analysis ? topLine(first.analysis) : undefined;
  if (!first || !cause) return [];
  return [
    `Cause ranked first: step "${first.at.step.name}", line ${cause.n}:`,
    fence.wrap(`${first.at.stage.name}/${first.at.step.name}`, [showLine(cause)]),
  ];
}

/** Each step's header and fenced excerpt, the budget shared among the steps that have a log. */
function excerptSections(
  logs: FailedStepLog[],
  headers: string[],
  budget: number,
  fence: Fence,
): { sections: string[]; shown: Array<Array<[number, number]>> } {
  const sections: string[] = [];
  const shown: Array<Array<[number, number]>> = [];
  let remaining = budget;
  let left = logs.filter((l) => l.analysis).length;
  logs.forEach((log, i) => {
    sections.push(headers[i] as string);
    if (!log.analysis) return;
    const share = Math.floor(remaining / left--);
    if (share < MIN_EXCERPT) {
      sections.push("(No room left in max_tokens for its log; raise max_tokens or use get_build_logs.)");
      return;
    }
    const excerpt = renderExcerpt(log.analysis, share);
    remaining -= excerpt.tokens;
    sections.push(fence.wrap(`${log.at.stage.name}/${log.at.step.name}`, excerpt.lines));
    if (excerpt.blocksLeftOut > 0) {
      sections.push(`${excerpt.blocksLeftOut} more error block(s) not shown: search_build_logs finds them.`);
    }
    shown[i] = excerpt.ranges;
  });
  return { sections, shown };
}
