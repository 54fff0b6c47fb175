/**
 * GET /api/user/builds (and /recent): the 25 most recent builds across the repositories the user
 * can read, newest first, each as a Repo with its `build` (not de-duplicated by repo), as
 * Drone's user/activity.go HandleRecent answers.
 */
import { type SandboxContext, withUser } from "../acl.js";
import { type Router, sendJson } from "../router.js";
import { withoutStages } from "../state.js";
import { reposOf } from "./user.js";

const RECENT = 25;

export function activityRoutes(router: Router<SandboxContext>): void {
  for (const path of ["/api/user/builds", "/api/user/builds/recent"]) {
    router.get(
      path,
      withUser(({ res, user, state }) => {
        const rows = reposOf(state, user)
          .flatMap((repo) => state.buildsOf(repo).map((build) => ({ repo, build })))
          .sort((a, b) => b.build.id - a.build.id)
          .slice(0, RECENT)
          .map(({ repo, build }) => ({ ...repo, build: withoutStages(build) }));
        sendJson(res, 200, rows);
      }),
    );
  }
}
