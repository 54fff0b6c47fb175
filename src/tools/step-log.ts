/**
 * Which step's log a call means, and reading it: stage/step from the arguments or the URL, else
 * the build's first failed step. Drone stores a log only once the step has finished: for a
 * running step the output so far comes from the live stream (never cached); any other missing
 * log is explained by the step's status.
 */
import { failedSteps } from "../drone/build-state.js";
import { DroneApiError, ToolUserError } from "../drone/errors.js";
import { loadStepLog } from "../drone/log-store.js";
import type { StepRef } from "../drone/logs.js";
import { InputError } from "../drone/path.js";
import type { Build } from "../drone/types.js";
import { type LiveOutput, liveHeader, readLiveOutput } from "../logs/live-output.js";
import type { ToolContext } from "./define.js";
import { type BuildLocation, fetchBuild } from "./location.js";

export interface ChosenStep {
  ref: StepRef;
  /** The build, when it had to be fetched. */
  build?: Build;
  /** "stage 1 step 3 (test)". */
  label: string;
}

function listSteps(build: Build): string {
  const all = (build.stages ?? []).flatMap((stage) =>
    (stage.steps ?? []).map((step) => `${stage.number}/${step.number} ${step.name} (${step.status})`),
  );
  return all.length > 20 ? `${all.slice(0, 20).join(", ")}, ...` : all.join(", ");
}

/** The step a logs call is about; fetches the build only when the arguments do not say. */
export async function chooseStep(ctx: ToolContext, loc: BuildLocation): Promise<ChosenStep> {
  const repo = { namespace: loc.namespace, name: loc.name };
  if (loc.build !== "latest" && loc.stage !== undefined && loc.step !== undefined) {
    const ref = { ...repo, build: loc.build, stage: loc.stage, step: loc.step };
    return { ref, label: `stage ${loc.stage} step ${loc.step}` };
  }
  const build = await fetchBuild(ctx, loc);
  const stage = loc.stage;
  if (stage !== undefined && loc.step !== undefined) {
    const name = build.stages?.find((s) => s.number === stage)?.steps?.find((s) => s.number === loc.step)?.name;
    const ref = { ...repo, build: build.number, stage, step: loc.step };
    return { ref, build, label: `stage ${stage} step ${loc.step}${name ? ` (${name})` : ""}` };
  }
  const failed = failedSteps(build).filter((f) => stage === undefined || f.stage.number === stage);
  const first = failed[0];
  if (!first) {
    throw new InputError(
      `Build #${build.number} has no failed step${stage !== undefined ? ` in stage ${stage}` : ""}; say which log with stage and step (stage/step: ${listSteps(build) || "none"}).`,
    );
  }
  const ref = { ...repo, build: build.number, stage: first.stage.number, step: first.step.number };
  return {
    ref,
    build,
    label: `stage ${first.stage.number} step ${first.step.number} (${first.step.name}, the first failed step)`,
  };
}

export interface ChosenLog {
  /** The log's entries (Drone `out` strings), in order. */
  outs: string[];
  /** Set when the entries are a running step's output so far, read from the live stream. */
  live?: { output: LiveOutput; header: string };
}

/**
 * The stored log's entries, else a running step's output so far; any other 404 becomes a
 * message that says why there is no log (yet).
 */
export async function readChosenLog(ctx: ToolContext, chosen: ChosenStep): Promise<ChosenLog> {
  try {
    return { outs: await loadStepLog(ctx.drone, chosen.ref, ctx.signal) };
  } catch (error) {
    if (!(error instanceof DroneApiError && error.status === 404)) throw error;
    const { ref } = chosen;
    let build = chosen.build;
    if (!build) {
      build = await fetchBuild(ctx, { ...ref, notes: [] }).catch(() => undefined);
    }
    const step = build?.stages?.find((s) => s.number === ref.stage)?.steps?.find((s) => s.number === ref.step);
    const where = `build #${ref.build} ${chosen.label} of ${ref.namespace}/${ref.name}`;
    if (!build) throw new ToolUserError(`No log for ${where}: the build does not exist or is not visible to you.`);
    if (!step) throw new ToolUserError(`Build #${ref.build} has no ${chosen.label}; its steps: ${listSteps(build)}.`);
    if (step.status === "running") {
      const output = await readLiveOutput(ctx.drone, ref, ctx.signal);
      if (output) {
        const label = `Step ${ref.step} (${step.name}) of stage ${ref.stage} in build #${ref.build} of ${ref.namespace}/${ref.name}`;
        return { outs: output.outs, live: { output, header: liveHeader(label, output) } };
      }
      throw new ToolUserError(
        `Step "${step.name}" is still running, and Drone's live stream has no output for it (it may have just finished): read it again shortly, or use wait_for_build.`,
      );
    }
    if (step.status === "pending" || step.status === "waiting_on_dependencies") {
      throw new ToolUserError(
        `Step "${step.name}" is still ${step.status}: Drone stores its log when it finishes. Use wait_for_build, then read it.`,
      );
    }
    if (step.status === "skipped") throw new ToolUserError(`Step "${step.name}" was skipped, so it has no log.`);
    throw new ToolUserError(
      `Drone has no log for ${where} (step ${step.status}${step.error ? `: ${step.error}` : ""}); it may have been deleted.`,
    );
  }
}
