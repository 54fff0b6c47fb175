/**
 * Reading a build's stages and steps: which steps failed (and count), which did not run
 * because of them, which stage awaits approval, what is running now. Pure functions.
 */
import type { Build, Stage, Step } from "./types.js";
import { FINISHED_STATUSES } from "./types.js";

export interface StepAt {
  stage: Stage;
  step: Step;
}

const FAILED = new Set(["failure", "error"]);
/** A build or step that has not finished and is not waiting for a person. */
const ACTIVE = new Set(["pending", "running"]);

/** Builds that count as failed when looking for "the latest failure" (a cancelled one too). */
const FAILED_BUILD = new Set(["failure", "error", "killed"]);
/** Steps Drone has no stored log for: not finished, or never run. */
const NO_LOG = new Set(["pending", "running", "skipped", "blocked", "waiting_on_dependencies", "declined"]);

/** failure, error or killed: a build that "failed" for get_build_failure's choice. */
export const isFailedBuild = (build: Pick<Build, "status">): boolean => FAILED_BUILD.has(build.status);
/** A step whose log Drone does not store (yet). */
export const hasNoStoredLog = (status: string): boolean => NO_LOG.has(status);

/** failure or error: what "failing" means. */
export const isFailed = (status: string): boolean => FAILED.has(status);
/** pending or running. */
export const isActive = (status: string): boolean => ACTIVE.has(status);

/** Failed or errored steps whose failure counts (not `errignore`), in pipeline order. */
export function failedSteps(build: Build): StepAt[] {
  const out: StepAt[] = [];
  for (const stage of build.stages ?? []) {
    if (stage.errignore) continue;
    for (const step of stage.steps ?? []) {
      if (FAILED.has(step.status) && !step.errignore) out.push({ stage, step });
    }
  }
  return out;
}

/** Stages that failed or errored with no failed step to show for it (e.g. an image pull error). */
export function failedStagesWithoutSteps(build: Build): Stage[] {
  return (build.stages ?? []).filter(
    (stage) =>
      FAILED.has(stage.status) &&
      !stage.errignore &&
      !(stage.steps ?? []).some((step) => FAILED.has(step.status) && !step.errignore),
  );
}

/** Steps skipped or killed after a failure: they did not run because something earlier failed. */
export function notRunSteps(build: Build): StepAt[] {
  const out: StepAt[] = [];
  const failedStages = new Set<string>();
  for (const stage of build.stages ?? []) {
    let failedBefore = (stage.depends_on ?? []).some((name) => failedStages.has(name));
    for (const step of stage.steps ?? []) {
      if (FAILED.has(step.status) && !step.errignore) failedBefore = true;
      else if (failedBefore && (step.status === "skipped" || step.status === "killed")) out.push({ stage, step });
    }
    if (failedBefore || FAILED.has(stage.status)) failedStages.add(stage.name);
  }
  return out;
}

export function blockedStages(build: Build): Stage[] {
  return (build.stages ?? []).filter((stage) => stage.status === "blocked");
}

export function runningSteps(build: Build): StepAt[] {
  const out: StepAt[] = [];
  for (const stage of build.stages ?? []) {
    for (const step of stage.steps ?? []) if (step.status === "running") out.push({ stage, step });
  }
  return out;
}

/** Finished and total step counts. */
export function stepCounts(build: Build): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const stage of build.stages ?? []) {
    for (const step of stage.steps ?? []) {
      total++;
      if (FINISHED_STATUSES.has(step.status)) done++;
    }
  }
  return { done, total };
}

export function isFinished(build: Build): boolean {
  return FINISHED_STATUSES.has(build.status);
}

/** "stage default, step test" (names only when the build has one stage). */
export function stepLabel({ stage, step }: StepAt, stages = 2): string {
  return stages > 1 ? `${stage.name}/${step.name}` : step.name;
}
