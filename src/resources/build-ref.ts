/** The build a resource URI's `{build}` means: a number, `latest` or `failed`. */
import { type Call, type RepoRef, repos } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { type BuildTarget, buildOf, failedBuildOf } from "../drone/resolve.js";
import type { Build } from "../drone/types.js";
import type { BuildRef } from "./uris.js";

/**
 * The build a URI means, fetched with stages: a number, `latest` (the default branch's newest)
 * or `failed`: the newest failed build by get_build_failure's rule, with the note on which.
 */
export async function buildOfRef(
  drone: DroneClient,
  repo: RepoRef,
  build: BuildRef,
  call: Call = {},
): Promise<{ build: Build; chosen?: string }> {
  if (build !== "failed") return { build: await buildOf(drone, { ...repo, build, notes: [] }, call) };
  const target: BuildTarget = { ...repo, build: "latest", unnamed: true, notes: [] };
  const found = await failedBuildOf(
    drone,
    target,
    async () => (await repos.get(drone, repo, call)).default_branch,
    call,
  );
  return { build: found, chosen: target.notes.join(" ") };
}
