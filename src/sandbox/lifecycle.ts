/**
 * Moving a sandbox build through its life the way Drone's runner does: start it (running, first
 * step running), finish it (every step done, logs stored). Tests use these to make a build change
 * while a tool watches it.
 */
import type { Build, Repo, Status } from "../drone/types.js";
import type { DroneState } from "./state.js";

const now = () => Math.floor(Date.now() / 1000);

/** The build and its first stage/step start running. */
export function startBuild(build: Build): void {
  const t = now();
  build.status = "running";
  build.started = build.started || t;
  build.updated = t;
  build.version += 1;
  const stage = build.stages?.[0];
  if (stage) {
    stage.status = "running";
    stage.started = stage.started || t;
    const step = stage.steps?.[0];
    if (step) {
      step.status = "running";
      step.started = t;
    }
  }
}

export interface FinishOptions {
  /** Status of the build and of its last step; earlier steps succeed. */
  status: Extract<Status, "success" | "failure" | "error" | "killed">;
  /** Log lines per step, by "stage/step" (1-based numbers); other finished steps get a one-line log. */
  logs?: Record<string, string[]>;
  exitCode?: number;
}

/**
 * Every stage and step finishes; the last step of the last stage gets `status`; logs are stored;
 * the build is published on the event streams, as Drone's manager does when a build ends.
 */
export function finishBuild(state: DroneState, repo: Repo, build: Build, options: FinishOptions): void {
  const t = now();
  const failed = options.status !== "success";
  const stages = build.stages ?? [];
  stages.forEach((stage, si) => {
    const steps = stage.steps ?? [];
    stage.status = failed && si === stages.length - 1 ? options.status : "success";
    stage.started = stage.started || t;
    stage.stopped = t;
    steps.forEach((step, i) => {
      const last = si === stages.length - 1 && i === steps.length - 1;
      step.status = last ? options.status : "success";
      step.exit_code = last && failed ? (options.exitCode ?? 1) : 0;
      step.started = step.started || t;
      step.stopped = t;
      const key = `${stage.number}/${step.number}`;
      state.setLog(repo, build.number, stage.number, step.number, options.logs?.[key] ?? [`+ ${step.name}`]);
    });
  });
  build.status = options.status;
  build.started = build.started || t;
  build.finished = t;
  build.updated = t;
  build.version += 1;
  state.events.publish(repo, build);
}
