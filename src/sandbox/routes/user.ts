/** /api/user routes: the token's own user and repositories. */
import type { Repo } from "../../drone/types.js";
import { type SandboxContext, withUser } from "../acl.js";
import { type Router, sendEmpty, sendJson } from "../router.js";
import { type DroneState, publicUser, type SandboxUser, withoutStages } from "../state.js";

/** Repos the user has a permission row for (admins see all), ordered by slug. */
export function reposOf(state: DroneState, user: SandboxUser): Repo[] {
  return state.repos
    .filter((r) => user.admin || state.perm(r, user)?.read)
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export function userRoutes(router: Router<SandboxContext>): void {
  router.get(
    "/api/user",
    withUser(({ res, user }) => sendJson(res, 200, publicUser(user))),
  );
  router.get(
    "/api/user/repos",
    withUser(({ res, user, state, query }) => {
      const latest = query.get("latest") === "true";
      const repos = reposOf(state, user).map((r) => {
        if (!latest) return r;
        const last = state.buildsOf(r).at(-1);
        return last ? { ...r, build: withoutStages(last) } : r;
      });
      sendJson(res, 200, repos);
    }),
  );
  router.post(
    "/api/user/repos",
    withUser(({ res, user, state, query, body }) => {
      const async = query.get("async") === "true" || new URLSearchParams(body).get("async") === "true";
      if (async) return sendEmpty(res, 204);
      sendJson(res, 200, reposOf(state, user));
    }),
  );
}
