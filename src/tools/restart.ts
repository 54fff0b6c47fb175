/**
 * restart_build's behaviour: Drone runs the whole pipeline again as a new build. Before asking,
 * refuse what would only waste a runner or fail: a declined or blocked build (Drone answers
 * 400), and a duplicate, i.e. the build itself or an earlier restart of it (same commit) still
 * pending or running, unless `force` is set. The answer gives the new number and its web link.
 */
import * as z from "zod";
import { builds } from "../drone/api/index.js";
import { isActive } from "../drone/build-state.js";
import { DroneApiError, UserError } from "../drone/errors.js";
import { buildDetail } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { buildWebUrl } from "../drone/urls.js";
import { withBuildLinks } from "../resources/links.js";
import type { ScopedContext, ToolOutput } from "./define.js";
import { newBuildResult, objectResult } from "./format.js";
import { buildNumber, buildParams, location } from "./params.js";

/** restart_build's arguments; the handler's type is inferred from it. */
export const restartInput = z.object({
  ...location,
  build: buildNumber.optional(),
  debug: z.boolean().optional().describe("Restart in debug mode"),
  params: buildParams,
  force: z.boolean().optional().describe("Even if a restart already runs"),
});
/** Builds looked at for a duplicate: restarts are recent. */
const RECENT = 50;

function refusal(prev: Build): string {
  return prev.status === "declined"
    ? `Drone does not restart a declined build: someone declined #${prev.number} at its approval step. Start a new build of the commit with create_build instead.`
    : `Drone does not restart build #${prev.number} while it is blocked awaiting approval: approve or decline its blocked stage first (approve_build / decline_build).`;
}

export async function restartBuild(
  a: z.output<typeof restartInput>,
  { drone, signal, at }: ScopedContext<"build">,
): Promise<ToolOutput> {
  const prev = await builds.get(drone, at, { signal });
  if (prev.status === "declined" || prev.status === "blocked") throw new UserError(refusal(prev));
  if (!a.force) {
    const commit = prev.after.slice(0, 10);
    if (isActive(prev.status)) {
      throw new UserError(
        `Build #${prev.number} is still ${prev.status}; a restart now would run commit ${commit} twice. Wait for it (wait_for_build), cancel it first, or pass force: true.`,
      );
    }
    const recent = await builds.list(drone, at, { per_page: RECENT }, { signal });
    // A restart keeps the original's event; a promote or rollback of it (also parent = it) is not one.
    const duplicate = recent.find(
      (b) => b.parent === prev.number && b.event === prev.event && b.after === prev.after && isActive(b.status),
    );
    if (duplicate) {
      throw new UserError(
        `Not restarting: build #${duplicate.number}, a restart of #${prev.number} (same commit ${commit}), is already ${duplicate.status}. Follow it with wait_for_build build=${duplicate.number}, or pass force: true to start another.`,
      );
    }
  }
  let build: Build | null;
  try {
    build = await builds.restart(drone, at, a, { signal });
  } catch (error) {
    if (error instanceof DroneApiError && error.status === 400 && /cannot start/i.test(error.droneMessage)) {
      throw new UserError(refusal({ ...prev, status: /declined/.test(error.droneMessage) ? "declined" : "blocked" }));
    }
    throw error;
  }
  if (!build || build.status === "error") return newBuildResult(build, `Restarted #${at.build} as`, at);
  const url = buildWebUrl(drone.server, at.namespace, at.name, build.number);
  return withBuildLinks(
    objectResult(
      `Restarted #${at.build} as build #${build.number} (${build.status}): Drone runs the whole pipeline again, every stage and step, not only the failed ones. Follow it with wait_for_build build=${build.number}; web: ${url}`,
      { triggered: true, url, ...buildDetail(build) },
    ),
    at,
    build,
  );
}
