/**
 * The last green run to compare a failure with: the newest successful build before it on the
 * same branch (for a pull request, on its target branch), and in it the step of the same stage
 * and step name. Its log tells the lines that are new in the failure from those the passing run
 * printed too (warnings, noisy errors that were there when it passed). Best effort: any problem
 * (no such build, no such step, a log that cannot be read) means no comparison, silently.
 */
import * as builds from "../drone/api/builds.js";
import type { RepoRef } from "../drone/api/refs.js";
import type { StepAt } from "../drone/build-state.js";
import type { DroneClient } from "../drone/client.js";
import { loadStepLog } from "../drone/log-store.js";
import { branchOf } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { passingKeys } from "../logs/failure.js";
import { normalizeLog } from "../logs/normalize.js";

/** Builds looked through for the last green one: one page. */
const LOOK_BACK = 25;

export interface GreenRun {
  build: Build;
  branch: string;
  /** Keys of the passing step's lines, per failed step (`stage/step` names); absent when it has none. */
  keysFor(at: StepAt): Promise<Set<string> | undefined>;
}

/** The newest successful build before `build` on its branch (target branch for a pull request). */
export async function findGreenRun(
  drone: DroneClient,
  repo: RepoRef,
  build: Build,
  signal: AbortSignal,
): Promise<GreenRun | undefined> {
  const branch = build.event === "pull_request" ? build.target || branchOf(build) : branchOf(build);
  if (!branch) return undefined;
  try {
    const page = await builds.list(drone, repo, { branch, per_page: LOOK_BACK }, { signal });
    const candidate = page.find(
      (b) => b.number < build.number && b.status === "success" && (b.event !== "pull_request" || b.target === branch),
    );
    if (!candidate) return undefined;
    const green = await builds.get(drone, { ...repo, build: candidate.number }, { signal });
    return {
      build: green,
      branch,
      keysFor: async (at) => {
        const stage = green.stages?.find((s) => s.name === at.stage.name);
        const step = stage?.steps?.find((s) => s.name === at.step.name);
        if (!stage || !step || step.status !== "success") return undefined;
        try {
          const ref = { ...repo, build: green.number, stage: stage.number, step: step.number };
          const outs = await loadStepLog(drone, ref, signal);
          return outs.length ? passingKeys(normalizeLog(outs)) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  } catch {
    if (signal.aborted) throw signal.reason;
    return undefined;
  }
}
