/**
 * The one way to read a step's log, for tools and resources alike: the stored log; else, for a
 * running step, its output so far from the live stream (never cached); else one sentence saying
 * why there is no log, which the tool and the resource show in the same words.
 */
import { type LiveOutput, liveHeader } from "../logs/live-output.js";
import * as builds from "./api/builds.js";
import type { StepRef } from "./api/refs.js";
import { slugOf } from "./api/refs.js";
import type { Call } from "./api/request.js";
import type { DroneClient } from "./client.js";
import { DroneApiError, UserError } from "./errors.js";
import { readLiveOutput } from "./live-log.js";
import { loadStepLog } from "./log-store.js";
import type { Build, Step } from "./types.js";

export type StepLog<T> = { stored: T } | { live: LiveOutput; header: string };

/** Why a step has no log: a user error whose message both readers show as it is. */
export class NoStepLog extends UserError {
  constructor(
    message: string,
    /** The step's status, when the step exists. */
    readonly status?: string,
  ) {
    super(message);
    this.name = "NoStepLog";
  }
}

export interface ReadStepLogOptions<T> extends Call {
  /** The build, when the caller has it already (saves a request on a 404). */
  build?: Build | undefined;
  /** How to read the stored log (default: its `out` strings through the log cache). */
  read?: (drone: DroneClient, ref: StepRef, signal?: AbortSignal) => Promise<T>;
}

/**
 * The stored log, else a running step's output so far; otherwise throws NoStepLog with the reason.
 * Drone answers 404 both for a missing repository ("Not Found", thrown as it is) and for a log
 * that is not stored (yet).
 */
export async function readStepLog<T = string[]>(
  drone: DroneClient,
  ref: StepRef,
  options: ReadStepLogOptions<T> = {},
): Promise<StepLog<T>> {
  const read = options.read ?? (loadStepLog as unknown as NonNullable<ReadStepLogOptions<T>["read"]>);
  try {
    return { stored: await read(drone, ref, options.signal) };
  } catch (error) {
    if (!(error instanceof DroneApiError && error.status === 404 && error.droneMessage !== "Not Found")) throw error;
    const build = options.build ?? (await builds.get(drone, ref, { signal: options.signal }));
    const step = findStep(build, ref);
    if (step?.status === "running") {
      const live = await readLiveOutput(drone, ref, options.signal);
      if (live) return { live, header: liveHeader(stepLabel(ref, step), live) };
    }
    throw noLogReason(build, ref);
  }
}

function findStep(build: Build, ref: StepRef): Step | undefined {
  return build.stages?.find((s) => s.number === ref.stage)?.steps?.find((s) => s.number === ref.step);
}

/** "Step 2 (test) of stage 1 in build #7 of octocat/hello-world". */
export function stepLabel(ref: StepRef, step: Pick<Step, "name">): string {
  return `Step ${ref.step} (${step.name}) of stage ${ref.stage} in build #${ref.build} of ${slugOf(ref)}`;
}

/** Why Drone has no log for this step, from the build's own record of it. */
export function noLogReason(build: Build, ref: StepRef): NoStepLog {
  const where = `build #${build.number} of ${slugOf(ref)}`;
  const stages = build.stages ?? [];
  const stage = stages.find((s) => s.number === ref.stage);
  if (!stage) {
    const list = stages.map((s) => `${s.number} ${s.name}`).join(", ") || "none";
    return new NoStepLog(`Stage ${ref.stage} not found in ${where} (its stages: ${list}).`);
  }
  const steps = stage.steps ?? [];
  const step = steps.find((s) => s.number === ref.step);
  if (!step) {
    const list = steps.map((s) => `${s.number} ${s.name}`).join(", ") || "none";
    return new NoStepLog(`Step ${ref.step} not found in stage ${ref.stage} of ${where} (its steps: ${list}).`);
  }
  const label = stepLabel(ref, step);
  const { status } = step;
  switch (status) {
    case "running":
      return new NoStepLog(
        `${label} is still running, and Drone's live stream has no output for it (it may have just finished): read it again shortly, or use wait_for_build.`,
        status,
      );
    case "pending":
    case "waiting_on_dependencies":
    case "blocked":
      return new NoStepLog(
        `${label} has not started yet (${status}), so it has no log; Drone stores it when the step finishes (wait_for_build waits for that).`,
        status,
      );
    case "skipped":
    case "declined":
      return new NoStepLog(`${label} never ran (${status}), so it has no log.`, status);
    default: {
      const detail = `${status}${step.error ? `: ${step.error}` : ""}`;
      if (!step.started) return new NoStepLog(`${label} never started (${detail}), so it has no log.`, status);
      const lower = `${label.charAt(0).toLowerCase()}${label.slice(1)}`;
      return new NoStepLog(
        `No log is stored for ${lower} (${detail}): it was deleted, or Drone is still saving it right after the step finished.`,
        status,
      );
    }
  }
}
