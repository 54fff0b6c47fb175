/**
 * Build simulation for the demo and the standalone sandbox (tests leave it off): builds that
 * are pending or running move on by themselves, as a Drone runner would move them: pending,
 * then running stage by stage and step by step, then success or failure. A step's log is
 * stored when the step finishes (Drone stores a log only then). A stage that is blocked
 * waits for approve_build; a build that is cancelled or declined is left alone.
 */
import type { Build, Repo, Stage, Step } from "../drone/types.js";
import { FINISHED_STATUSES } from "../drone/types.js";
import type { DroneState } from "./state.js";

/** How one step ends and what it printed. */
export interface StepRun {
  status: "success" | "failure";
  log: string[];
}

/** Decides the outcome of each step a simulated runner executes. */
export type StepScript = (run: { repo: Repo; build: Build; stage: Stage; step: Step }) => StepRun;

export interface SimulationOptions {
  /** Time a new build waits in the queue before a runner picks it up (ms, default 1000). */
  queueMs?: number;
  /** Time each step runs (ms, default 1200). */
  stepMs?: number;
  /** How often the simulation looks at the builds (ms, default 100). */
  tickMs?: number;
  /** Step outcomes and logs (default: every step passes with a short log). */
  script?: StepScript;
}

export interface Simulation {
  /** Moves every active build on by what is due at `now` (ms); the timer calls it. */
  tick(now?: number): void;
  stop(): void;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Every step passes and prints what it ran. */
export const passingScript: StepScript = ({ build, step }) => ({
  status: "success",
  log:
    step.name === "clone"
      ? [`+ git fetch origin +${build.ref}:`, `+ git checkout ${build.after}`]
      : [`+ ${step.name}`, `${step.name}: ok`],
});

export function startSimulation(state: DroneState, options: SimulationOptions = {}): Simulation {
  const queueMs = options.queueMs ?? 1000;
  const stepMs = options.stepMs ?? 1200;
  const script = options.script ?? passingScript;
  /** When each active build (by id) may take its next transition. */
  const due = new Map<number, number>();

  function tick(now = Date.now()): void {
    for (const repo of state.repos) {
      for (const build of state.buildsOf(repo)) {
        if (build.status !== "pending" && build.status !== "running") {
          due.delete(build.id);
          continue;
        }
        const at = due.get(build.id);
        if (at === undefined) due.set(build.id, build.status === "pending" ? now + queueMs : now);
        else if (now >= at) {
          due.set(build.id, advanceUntilWaiting(repo, build, now));
          // Drone publishes every build, stage and step change on the event streams.
          state.events.publish(repo, build);
        }
      }
    }
  }

  /** Takes transitions until one must wait (a step running, a stage blocked); returns until when. */
  function advanceUntilWaiting(repo: Repo, build: Build, now: number): number {
    for (;;) {
      const next = advance(repo, build, now);
      if (next !== undefined || (build.status !== "pending" && build.status !== "running")) return next ?? now;
    }
  }

  /** Takes one transition; returns when the next one is due (undefined: at once). */
  function advance(repo: Repo, build: Build, now: number): number | undefined {
    const t = seconds(now);
    build.updated = t;
    const stages = build.stages ?? [];
    const stage = stages.find((s) => !FINISHED_STATUSES.has(s.status));
    if (!stage) {
      finish(build, stages.some((s) => s.status === "failure") ? "failure" : "success", t);
      return undefined;
    }
    if (stage.status === "blocked") return now + queueMs; // awaiting approval
    if (build.status === "pending") {
      build.status = "running";
      build.started = t;
    }
    if (stage.status !== "running") {
      stage.status = "running";
      stage.started = t;
    }
    const step = stage.steps?.find((s) => s.status === "pending" || s.status === "running");
    if (!step) {
      const failed = stage.steps?.some((s) => s.status === "failure" && !s.errignore) ?? false;
      stage.status = failed ? "failure" : "success";
      stage.exit_code = failed ? 1 : 0;
      stage.stopped = t;
      if (failed) for (const later of stages.filter((s) => !FINISHED_STATUSES.has(s.status))) skip(later);
      return undefined;
    }
    if (step.status === "pending") {
      step.status = "running";
      step.started = t;
      return now + stepMs;
    }
    const run = script({ repo, build, stage, step });
    step.status = run.status;
    step.exit_code = run.status === "failure" ? 1 : 0;
    step.stopped = t;
    state.setLog(repo, build.number, stage.number, step.number, run.log);
    if (run.status === "failure" && !step.errignore) {
      for (const rest of stage.steps ?? []) if (rest.status === "pending") rest.status = "skipped";
      return undefined;
    }
    // The runner starts the next step at once.
    const next = stage.steps?.find((s) => s.status === "pending");
    if (!next) return undefined;
    next.status = "running";
    next.started = t;
    return now + stepMs;
  }

  const timer = setInterval(() => tick(), options.tickMs ?? 100);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

function finish(build: Build, status: "success" | "failure", t: number): void {
  build.status = status;
  build.finished = t;
  if (!build.started) build.started = t;
  build.version += 1;
}

function skip(stage: Stage): void {
  stage.status = "skipped";
  for (const step of stage.steps ?? []) if (!FINISHED_STATUSES.has(step.status)) step.status = "skipped";
}
