/**
 * approve_build and decline_build. Drone approves and declines per stage (repo admin); without
 * a stage these act on every stage of the build that is blocked awaiting approval, one request
 * each, and say which. Declining the whole build uses Drone's own route when every stage is
 * blocked (Drone 2.23+: it refuses otherwise).
 */
import { type BuildRef, builds } from "../drone/api/index.js";
import { blockedStages } from "../drone/build-state.js";
import type { DroneClient } from "../drone/client.js";
import { DroneApiError, describeError, UserError } from "../drone/errors.js";
import type { Build, Stage } from "../drone/types.js";
import type { ToolOutput } from "./define.js";
import { done } from "./format.js";

interface Ctx {
  drone: DroneClient;
  signal: AbortSignal;
  at: BuildRef;
}

const named = (s: Stage) => `stage ${s.number} "${s.name}"`;

async function blockedOf(a: BuildRef, ctx: Ctx, verb: string): Promise<{ build: Build; blocked: Stage[] }> {
  const build = await builds.get(ctx.drone, a, { signal: ctx.signal });
  const blocked = blockedStages(build);
  if (blocked.length === 0) {
    const stages = (build.stages ?? []).map((s) => `${s.number} "${s.name}" ${s.status}`).join(", ");
    throw new UserError(
      `Nothing to ${verb}: build #${a.build} (${build.status}) has no stage awaiting approval${stages ? ` (stages: ${stages})` : ""}.`,
    );
  }
  return { build, blocked };
}

/** Runs one request per stage; a failure part-way says what was already done. */
async function eachStage(stages: Stage[], verb: string, act: (stage: Stage) => Promise<unknown>): Promise<void> {
  const doneSoFar: Stage[] = [];
  for (const stage of stages) {
    try {
      await act(stage);
    } catch (error) {
      if (doneSoFar.length === 0) throw error;
      throw new UserError(
        `${verb} ${doneSoFar.map(named).join(", ")}; then ${named(stage)} failed: ${describeError(error)}`,
      );
    }
    doneSoFar.push(stage);
  }
}

export async function approveBuild(only: number | undefined, ctx: Ctx): Promise<ToolOutput> {
  const a = ctx.at;
  const approve = (stage: number) => builds.decide(ctx.drone, a, "approve", stage, { signal: ctx.signal });
  if (only !== undefined) {
    await approve(only);
    return done(`Stage ${only} of build #${a.build} approved; it will run now.`);
  }
  const { blocked } = await blockedOf(a, ctx, "approve");
  await eachStage(blocked, "Approved", (s) => approve(s.number));
  const list = blocked.map(named).join(", ");
  return {
    text: `Build #${a.build}: approved ${list}; ${blocked.length > 1 ? "they" : "it"} will run now.`,
    data: { build: a.build, approved: blocked.map((s) => s.number) },
  };
}

/** Drone 2.23+ declines a build whose stages are all blocked in one request; false: no such route. */
async function declineWhole(ctx: Ctx): Promise<boolean> {
  try {
    await builds.decide(ctx.drone, ctx.at, "decline", undefined, { signal: ctx.signal });
    return true;
  } catch (error) {
    if (error instanceof DroneApiError && error.status === 404 && error.droneMessage === "404 page not found") {
      return false;
    }
    throw error;
  }
}

export async function declineBuild(only: number | undefined, ctx: Ctx): Promise<ToolOutput> {
  const a = ctx.at;
  const declineStage = (stage: number) => builds.decide(ctx.drone, a, "decline", stage, { signal: ctx.signal });
  if (only !== undefined) {
    await declineStage(only);
    return done(`Stage ${only} of build #${a.build} declined; the build is now declined.`);
  }
  const { build, blocked } = await blockedOf(a, ctx, "decline");
  const list = blocked.map(named).join(", ");
  if (blocked.length === (build.stages ?? []).length && (await declineWhole(ctx))) {
    return {
      text: `Build #${a.build} declined (${list}); none of its stages will run.`,
      data: { build: a.build, declined: blocked.map((s) => s.number) },
    };
  }
  await eachStage(blocked, "Declined", (s) => declineStage(s.number));
  return {
    text: `Build #${a.build} declined: ${list} will not run; the build is now declined.`,
    data: { build: a.build, declined: blocked.map((s) => s.number) },
  };
}
