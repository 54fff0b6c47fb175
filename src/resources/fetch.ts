/** The Drone reads resources and completions share, all over the one DroneClient. */
import type { DroneClient } from "../drone/client.js";
import { apiPath } from "../drone/path.js";
import type { Build, Repo } from "../drone/types.js";
import type { BuildRef } from "./uris.js";

/** How many builds the builds resource holds and build completion offers. */
export const RECENT_BUILDS = 25;

/** The user's repositories (Drone sends them all, ordered by slug; no paging). */
export async function fetchUserRepos(drone: DroneClient, options: { latest?: boolean; signal?: AbortSignal } = {}) {
  return (
    (await drone.json<Repo[]>(apiPath`api/user/repos`, {
      query: { latest: options.latest || undefined },
      ...(options.signal ? { signal: options.signal } : {}),
    })) ?? []
  );
}

export async function fetchRecentBuilds(drone: DroneClient, namespace: string, name: string, signal?: AbortSignal) {
  return (
    (await drone.json<Build[]>(apiPath`api/repos/${namespace}/${name}/builds`, {
      query: { per_page: RECENT_BUILDS },
      ...(signal ? { signal } : {}),
    })) ?? []
  );
}

/** One build with stages and steps; `latest` is the newest build of the default branch. */
export async function fetchBuild(
  drone: DroneClient,
  namespace: string,
  name: string,
  build: BuildRef,
  signal?: AbortSignal,
): Promise<Build | null> {
  const path =
    build === "latest"
      ? apiPath`api/repos/${namespace}/${name}/builds/latest`
      : apiPath`api/repos/${namespace}/${name}/builds/${build}`;
  return drone.json<Build>(path, signal ? { signal } : {});
}
